package dev.flo.actions.step.dbbackup;

import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.DryRunLook.Seen;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * db-backup's step summary: the plan, then what was stored and what retention removed, or why it
 * failed.
 */
final class BackupReport {
  private final StepSummary summary;
  private final BackupPlan plan;

  BackupReport(StepSummary summary, BackupPlan plan) {
    this.summary = summary;
    this.plan = plan;
  }

  /**
   * @param wouldDelete what retention would delete, or unknown when the store did not answer the
   *     dry run's look
   */
  void dryRun(Seen<List<BackupCatalog.Entry>> wouldDelete) {
    summary.heading(2, "db-backup (dry run)").table(List.of("", ""), plan.rows());
    switch (wouldDelete) {
      case Seen.Known<List<BackupCatalog.Entry>>(List<BackupCatalog.Entry> entries) -> {
        summary.paragraph(
            entries.isEmpty()
                ? "Retention would delete nothing."
                : "Retention would delete after a successful backup:");
        if (!entries.isEmpty()) {
          summary.bullets(entries.stream().map(BackupReport::describe).toList());
        }
      }
      case Seen.Unknown<List<BackupCatalog.Entry>>(String why) ->
          summary.paragraph(
              "The backups already stored are unknown: the store did not answer (" + why + ").");
    }
  }

  void stored(
      String uri,
      BackupManifest m,
      DumpProgress.Totals transfer,
      List<BackupCatalog.Entry> deleted) {
    summary.heading(2, "db-backup: " + m.database() + " backed up");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Backup", StepSummary.code(uri)));
    rows.add(
        List.of(
            "Size",
            Progress.bytes(m.sizeBytes())
                + " stored, "
                + Progress.bytes(m.dumpBytes())
                + " dumped ("
                + m.compression().toLowerCase(java.util.Locale.ROOT)
                + ")"));
    rows.add(List.of("SHA-256", StepSummary.code(m.sha256())));
    rows.add(List.of("Server", "PostgreSQL " + m.serverVersion() + ", pg_dump " + m.pgDumpMajor()));
    rows.add(
        List.of(
            "Tables / rows",
            m.rowCounts().size()
                + " / "
                + m.totalRows()
                + (m.rowCountsExact() ? "" : " (counted beside the dump)")));
    rows.add(List.of("Dump", transfer.describe()));
    rows.add(List.of("Took", m.durationMs() + " ms"));
    rows.add(
        List.of("Restore check", m.verification().status() + ": " + m.verification().detail()));
    rows.add(
        List.of("Retention", deleted.isEmpty() ? "nothing deleted" : deleted.size() + " deleted"));
    summary.table(List.of("", ""), rows);
    if (!deleted.isEmpty()) {
      summary.details(
          "Deleted by retention",
          String.join("\n", deleted.stream().map(e -> "- " + describe(e)).toList()));
    }
  }

  void failed(String why) {
    summary
        .heading(2, "db-backup failed")
        .table(List.of("", ""), plan.rows())
        .alert(
            "CAUTION",
            why
                + "\nNo manifest was written, so this run is not counted as a backup and retention did not run.");
  }

  private static String describe(BackupCatalog.Entry e) {
    return e.name() + " (" + e.createdAt() + (e.stray() ? ", a dump without manifest" : "") + ")";
  }
}
