package dev.flo.actions.step.migrate;

import dev.flo.actions.step.migrate.lint.LintFinding;
import java.nio.file.Path;
import java.util.List;

/**
 * What migrate found before changing anything: the layout, the bookkeeping table, what is pending, what blocks the
 * run and what the linter says. Dry-run prints this and stops.
 */
public record MigratePlan(
    MigrationTool tool,
    Path dir,
    String table,
    long lockKey,
    List<Migration> pending,
    List<LedgerReview.Blocker> blockers,
    List<LintFinding> findings) {

  public MigratePlan {
    pending = List.copyOf(pending);
    blockers = List.copyOf(blockers);
    findings = List.copyOf(findings);
  }

  /** Findings that stop the run when {@code lint: error}. */
  public List<LintFinding> blockingFindings() {
    return findings.stream().filter(f -> f.rule().blocking()).toList();
  }
}
