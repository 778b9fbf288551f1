package dev.flo.actions.step.dbbackup;

import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * db-restore's plan as the log and the step summary show it, with what was done added as it is
 * done.
 */
final class RestoreReport {
  private final StepSummary summary;
  private final List<List<String>> rows = new ArrayList<>();

  RestoreReport(StepSummary summary, RestorePlan plan) {
    this.summary = summary;
    rows.addAll(plan.rows());
  }

  void plan(Log log) {
    log.info("Plan:");
    rows.forEach(r -> log.info("  %s: %s", r.get(0), r.get(1)));
  }

  void dryRun() {
    summary.heading(2, "db-restore (dry run)").table(List.of("", ""), rows);
  }

  void safetyBackup(String uri) {
    rows.add(List.of("Safety backup taken", StepSummary.code(uri)));
  }

  void restored(ArchiveRestore.Restored restored) {
    rows.add(List.of("Restored", restored.transfer().describe()));
    rows.add(
        List.of(
            "Checked",
            "SHA-256 matches; "
                + restored.tables()
                + " tables, "
                + restored.rows()
                + " rows match the manifest"));
    summary.heading(2, "db-restore: restored").table(List.of("", ""), rows);
  }

  void failed(String why) {
    summary.heading(2, "db-restore failed").table(List.of("", ""), rows).alert("CAUTION", why);
  }
}
