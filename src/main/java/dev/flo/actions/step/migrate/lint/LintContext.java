package dev.flo.actions.step.migrate.lint;

import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the linter knows while walking one file: where it is, what the run created so far, what it
 * found.
 */
final class LintContext {
  private static final String IGNORE = "flo-lint-ignore";

  final Migration migration;
  final List<LintFinding> findings = new ArrayList<>();
  private final Set<String> ignored;
  private final Set<String> created;
  private final Set<String> createdIndexes;
  @Nullable SqlStatement current;
  boolean inTransaction;
  boolean setsLockTimeout;
  boolean locksExistingTable;

  LintContext(
      Migration migration, Set<String> ignored, Set<String> created, Set<String> createdIndexes) {
    this.migration = migration;
    this.ignored = ignored;
    this.created = created;
    this.createdIndexes = createdIndexes;
  }

  /** Tables created earlier in this run (lower-case names): new and empty. */
  Set<String> created() {
    return created;
  }

  Set<String> createdIndexes() {
    return createdIndexes;
  }

  void reportUnlessNew(boolean isNew, LintRule rule, @Nullable String detail) {
    if (!isNew) {
      report(rule, detail);
    }
  }

  void report(LintRule rule, @Nullable String detail) {
    SqlStatement at = Objects.requireNonNull(current, "a finding is reported at a statement");
    if (ignored.contains(rule.id()) || ignoredHere(rule, at)) {
      return;
    }
    findings.add(new LintFinding(rule, migration.file(), at.line(), detail));
  }

  /** {@code -- flo-lint-ignore rule-a, rule-b} in the comments right above the statement. */
  private boolean ignoredHere(LintRule rule, SqlStatement at) {
    for (String comment : at.comments()) {
      if (comment.startsWith(IGNORE)) {
        for (String id : comment.substring(IGNORE.length()).split("[,\\s]+")) {
          if (id.equals(rule.id())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
