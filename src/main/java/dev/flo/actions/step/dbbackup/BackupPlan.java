package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.DryRunLook.Seen;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What db-backup will do, as data decided before anything is dumped: the dry run prints these
 * actions and stops, a real run runs exactly these, in this order.
 */
record BackupPlan(List<Action> actions) {
  /** One thing the backup does. */
  sealed interface Action permits Dump, Verify, Publish, Retention {}

  /**
   * What was read of the database before the dump: its server, the pg_dump that fits it, and its
   * size on disk.
   */
  record Database(ServerVersion server, int clientMajor, long bytes) {}

  /**
   * Streams pg_dump of {@code source} into {@code destination}.
   *
   * @param database what was read of it; unknown only in a dry run whose look got no answer
   */
  record Dump(
      String source,
      Seen<Database> database,
      String destination,
      String store,
      Compression compression)
      implements Action {}

  /** Restores the new dump into the scratch database and compares row counts. */
  record Verify(String scratch) implements Action {}

  /** Writes the manifest: from then on the dump counts as a backup. */
  record Publish() implements Action {}

  /**
   * Deletes backups older than {@code days}, keeping at least {@code keepMin}, after the new one is
   * published.
   */
  record Retention(int days, int keepMin) implements Action {}

  static BackupPlan of(DbBackupInputs in, Seen<Database> database) {
    List<Action> actions = new ArrayList<>();
    actions.add(
        new Dump(
            in.database().display(),
            database,
            in.destination().toString(),
            in.store().describe(in.destination()),
            in.compression()));
    if (in.verifyDatabase() != null) {
      actions.add(new Verify(in.verifyDatabase().display()));
    }
    actions.add(new Publish());
    if (in.retentionDays() != null) {
      actions.add(new Retention(in.retentionDays(), in.keepMin()));
    }
    return new BackupPlan(List.copyOf(actions));
  }

  Dump dump() {
    return (Dump) actions.getFirst();
  }

  /** The plan as the summary's table and the log's lines show it. */
  List<List<String>> rows() {
    Dump dump = dump();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Database", dump.source()));
    switch (dump.database()) {
      case Seen.Known<Database>(Database db) -> {
        rows.add(
            List.of(
                "Server",
                "PostgreSQL " + db.server().text() + ", dumped with pg_dump " + db.clientMajor()));
        rows.add(List.of("Database size", Progress.bytes(db.bytes())));
      }
      case Seen.Unknown<Database>(String why) -> {
        rows.add(List.of("Server", "unknown (" + why + ")"));
        rows.add(List.of("Database size", "unknown"));
      }
    }
    rows.add(List.of("Destination", dump.destination() + " (" + dump.store() + ")"));
    rows.add(List.of("Compression", dump.compression().name().toLowerCase(Locale.ROOT)));
    rows.add(
        List.of(
            "Restore check",
            actions.stream()
                .filter(Verify.class::isInstance)
                .map(a -> "into " + ((Verify) a).scratch())
                .findFirst()
                .orElse("none (set " + DbBackupInputs.VERIFY_DATABASE_URL.name() + ")")));
    rows.add(
        List.of(
            "Retention",
            actions.stream()
                .filter(Retention.class::isInstance)
                .map(a -> (Retention) a)
                .map(
                    r ->
                        "delete backups older than "
                            + r.days()
                            + " days, keeping at least "
                            + r.keepMin())
                .findFirst()
                .orElse("none (set " + DbBackupInputs.RETENTION_DAYS.name() + ")")));
    return rows;
  }
}
