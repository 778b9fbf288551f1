package dev.flo.actions.step.migrate.lint;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** One rule broken by one statement, at the line of that statement. */
public record LintFinding(LintRule rule, Path file, int line, @Nullable String detail) {

  /** The annotation text: what, the lock, the safe rewrite. */
  public String message() {
    return rule.why()
        + (detail == null ? "" : " (" + detail + ")")
        + "\nLock: "
        + rule.lock()
        + ".\nSafe way: "
        + rule.fix()
        + "\nIf this is intended, put -- flo-lint-ignore "
        + rule.id()
        + " on the line above.";
  }
}
