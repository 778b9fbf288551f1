package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepSummary;
import java.util.ArrayList;
import java.util.List;

/** db-restore's plan, log lines and step summary. */
final class RestoreReport {
  private final StepSummary summary;
  private final List<List<String>> rows = new ArrayList<>();

  RestoreReport(StepSummary summary, String source, BackupManifest m, String target, ServerVersion server, boolean empty, boolean safety) {
    this.summary = summary;
    rows.add(List.of("Backup", StepSummary.code(source)));
    rows.add(List.of("Taken", m.createdAt() + " from PostgreSQL " + m.serverVersion() + (m.commit() == null ? "" : " at commit " + m.commit())));
    rows.add(List.of("Contents", m.rowCounts().size() + " tables, " + m.totalRows() + " rows, " + Progress.bytes(m.sizeBytes()) + " stored"));
    rows.add(List.of("Target", target + " (PostgreSQL " + server.text() + ", " + (empty ? "empty" : "not empty: its objects are replaced") + ")"));
    rows.add(List.of("Safety backup", empty ? "not needed (target empty)" : safety ? "yes, before restoring" : "no (safety-backup: false)"));
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
    rows.add(List.of("Checked", "SHA-256 matches; " + restored.tables() + " tables, " + restored.rows() + " rows match the manifest"));
    summary.heading(2, "db-restore: restored").table(List.of("", ""), rows);
  }

  void failed(String why) {
    summary.heading(2, "db-restore failed").table(List.of("", ""), rows).alert("CAUTION", why);
  }
}
