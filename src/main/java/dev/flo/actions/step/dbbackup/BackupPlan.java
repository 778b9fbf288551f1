package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.runtime.Progress;
import java.util.ArrayList;
import java.util.List;

/** What db-backup will do, decided before anything is dumped; dry-run prints it and stops. */
record BackupPlan(
    String source,
    ServerVersion server,
    int clientMajor,
    long databaseBytes,
    String destination,
    String store,
    Compression compression,
    String verifyDatabase,
    Integer retentionDays,
    int keepMin) {

  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Database", source));
    rows.add(List.of("Server", "PostgreSQL " + server.text() + ", dumped with pg_dump " + clientMajor));
    rows.add(List.of("Database size", Progress.bytes(databaseBytes)));
    rows.add(List.of("Destination", destination + " (" + store + ")"));
    rows.add(List.of("Compression", compression.name().toLowerCase(java.util.Locale.ROOT)));
    rows.add(List.of("Restore check", verifyDatabase == null ? "none (set verify-database-url)" : "into " + verifyDatabase));
    rows.add(List.of("Retention", retentionDays == null ? "none (set retention-days)" : "delete backups older than " + retentionDays + " days, keeping at least " + keepMin));
    return rows;
  }
}
