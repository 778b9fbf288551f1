package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.DryRunLook.Seen;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * What db-restore will do, as data: the backup found, the target as read, and the actions (a safety
 * backup of a non-empty target, then the restore). The dry run prints them; a real run runs exactly
 * these, in this order.
 *
 * @param backup the backup found; unknown only in a dry run whose look at the store got no answer
 * @param state the target as read; unknown only in a dry run whose look at the database got no
 *     answer
 */
record RestorePlan(
    Seen<Backup> backup, String target, Seen<Target> state, boolean safety, List<Action> actions) {
  /** A complete backup: its dump's URI and key, and its manifest. */
  record Backup(String uri, String dumpKey, BackupManifest manifest) {}

  /** The target database as read before the restore. */
  record Target(ServerVersion server, int relations) {
    boolean empty() {
      return relations == 0;
    }
  }

  /** One thing the restore does. */
  sealed interface Action permits SafetyBackup, Restore {}

  /** Backs up the target under the backup's folder ({@code pre-restore/}) before it is replaced. */
  record SafetyBackup() implements Action {}

  /** Restores the backup into the target in one transaction, checked against the manifest. */
  record Restore() implements Action {}

  static RestorePlan of(DbRestoreInputs in, Seen<Backup> backup, Seen<Target> state) {
    List<Action> actions = new ArrayList<>();
    boolean mayHoldData = !(state instanceof Seen.Known<Target>(Target t) && t.empty());
    if (in.safetyBackup() && mayHoldData) {
      actions.add(new SafetyBackup());
    }
    actions.add(new Restore());
    return new RestorePlan(
        backup, in.database().display(), state, in.safetyBackup(), List.copyOf(actions));
  }

  /** The plan as the summary's table and the log's lines show it. */
  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    switch (backup) {
      case Seen.Known<Backup>(Backup b) -> {
        BackupManifest m = b.manifest();
        rows.add(List.of("Backup", StepSummary.code(b.uri())));
        rows.add(
            List.of(
                "Taken",
                m.createdAt()
                    + " from PostgreSQL "
                    + m.serverVersion()
                    + (m.commit() == null ? "" : " at commit " + m.commit())));
        rows.add(
            List.of(
                "Contents",
                m.rowCounts().size()
                    + " tables, "
                    + m.totalRows()
                    + " rows, "
                    + Progress.bytes(m.sizeBytes())
                    + " stored"));
      }
      case Seen.Unknown<Backup>(String why) ->
          rows.add(List.of("Backup", "unknown: the store did not answer (" + why + ")"));
    }
    String safetyRow;
    switch (state) {
      case Seen.Known<Target>(Target t) -> {
        rows.add(
            List.of(
                "Target",
                target
                    + " (PostgreSQL "
                    + t.server().text()
                    + ", "
                    + (t.empty() ? "empty" : "not empty: its objects are replaced")
                    + ")"));
        safetyRow =
            t.empty()
                ? "not needed (target empty)"
                : safety
                    ? "yes, before restoring"
                    : "no (" + DbRestoreInputs.SAFETY_BACKUP.name() + ": false)";
      }
      case Seen.Unknown<Target>(String why) -> {
        rows.add(
            List.of("Target", target + " (unknown: the database did not answer: " + why + ")"));
        safetyRow =
            safety
                ? "yes, if the target is not empty"
                : "no (" + DbRestoreInputs.SAFETY_BACKUP.name() + ": false)";
      }
    }
    rows.add(List.of("Safety backup", safetyRow));
    return rows;
  }
}
