package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.ArchiveRowCounter;
import dev.flo.actions.provider.postgres.PgDump;
import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.PostgresDatabase;
import dev.flo.actions.provider.postgres.ToolProcess;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.provider.s3.ObjectUpload;
import dev.flo.actions.provider.s3.Sha256;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams {@code pg_dump} through the compressor into the store: no temporary file, memory bounded
 * by the store's part buffers. The dump is only stored when pg_dump exits 0 and every byte was
 * accepted; otherwise the upload is aborted and nothing is left under the key.
 */
final class DumpUpload {
  /** What was stored. */
  record Dumped(
      String key,
      long sizeBytes,
      long dumpBytes,
      String sha256,
      Map<String, Long> rowCounts,
      boolean rowCountsExact,
      DumpProgress.Totals transfer) {}

  private final Log log;
  private final Clock clock;

  DumpUpload(Log log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * @param databaseBytes the database's size on disk, the guide for progress (a dump is often
   *     smaller: no indexes)
   * @param partBytes a ceiling on the dump's size, for the store's part sizes
   */
  Dumped run(
      PostgresConnection source,
      PostgresClients.Tools tools,
      ObjectStore store,
      String key,
      Compression compression,
      long databaseBytes,
      long partBytes)
      throws StepFailure, IOException, InterruptedException, SQLException {
    try (PostgresDatabase db = PostgresDatabase.open(source)) {
      try {
        return dump(db, source, tools, store, key, compression, databaseBytes, partBytes);
      } catch (StepFailure | SQLException e) {
        // pg_dump failing and the snapshot's session gone together means the server ended both: say
        // that, not the symptom.
        if (!db.isAlive()) {
          throw serverLost(source, e);
        }
        throw e;
      } finally {
        try {
          db.endTransaction();
        } catch (SQLException gone) {
          // The session is gone; the dump's own outcome (above) is what matters.
        }
      }
    }
  }

  private Dumped dump(
      PostgresDatabase db,
      PostgresConnection source,
      PostgresClients.Tools tools,
      ObjectStore store,
      String key,
      Compression compression,
      long databaseBytes,
      long partBytes)
      throws StepFailure, IOException, InterruptedException, SQLException {
    String snapshot = exportSnapshot(db);
    // Rows are counted from the dump as it streams (no second scan of every table); only tables the
    // archive does not account for are counted by query, afterwards, in the same snapshot.
    ArchiveRowCounter rows = new ArchiveRowCounter();
    try (ToolProcess dump = PgDump.start(tools, source, snapshot);
        ObjectUpload upload = store.upload(key, partBytes)) {
      MessageDigest sha = sha256();
      // The database's size on disk counts indexes and free space that a dump leaves out: only a
      // rough guide.
      DumpProgress progress = new DumpProgress(log, clock, "Dumped", databaseBytes, true);
      try (Progress.Watch watch = progress.watch();
          OutputStream out =
              rows.watching(
                  progress.dump(
                      compression.compress(
                          progress.stored(new DigestOutputStream(upload.output(), sha)))))) {
        dump.stdout().transferTo(out);
      } catch (IOException e) {
        dump.close();
        boolean aborted = upload.abort();
        log.untrusted(dump.stderr());
        throw new StepFailure(
            "The upload to "
                + store.uri(key)
                + " failed: "
                + e.getMessage()
                + ". "
                + (aborted
                    ? "It was aborted; nothing was stored."
                    : "Aborting it failed too: parts may remain until the bucket's lifecycle rule removes them."),
            "Check the destination and its credentials, then re-run; add an AbortIncompleteMultipartUpload lifecycle rule to the bucket so parts of interrupted uploads never linger.",
            e);
      }
      DumpProgress.Totals transfer = progress.finish();
      int exit = dump.waitFor();
      log.untrusted(dump.stderr());
      if (exit != 0) {
        boolean aborted = upload.abort();
        throw new StepFailure(
            "pg_dump failed (exit code "
                + exit
                + "); its messages are above. "
                + (aborted
                    ? "The upload was aborted: nothing was stored, and retention did not run."
                    : "Aborting the upload failed: parts may remain until the bucket's lifecycle rule removes them."),
            "Fix what pg_dump reports (connection, permissions, disk), then re-run the backup.");
      }
      Map<String, Long> counts = rowCounts(db, rows);
      long size;
      // The last parts (up to two) are still on their way: a slow link takes a while, and says so.
      try (Progress.Watch finishing =
          Progress.whileRunning(
              log,
              clock,
              "Finishing the upload to " + store.uri(key),
              null,
              Duration.ofSeconds(10))) {
        size = upload.complete();
      } catch (IOException e) {
        boolean aborted = upload.abort();
        throw new StepFailure(
            "Completing the upload to "
                + store.uri(key)
                + " failed: "
                + e.getMessage()
                + (aborted ? ". It was aborted; nothing was stored." : ". Aborting it failed too."),
            "Check the destination and its credentials, then re-run the backup.",
            e);
      }
      return new Dumped(
          key,
          size,
          transfer.dumpBytes(),
          HexFormat.of().formatHex(sha.digest()),
          counts,
          snapshot != null,
          transfer);
    }
  }

  /** Every table's rows: the archive's counts, and a query for any table they lack. */
  private Map<String, Long> rowCounts(PostgresDatabase db, ArchiveRowCounter rows)
      throws SQLException {
    Map<String, Long> streamed =
        rows.rowCounts()
            .orElseGet(
                () -> {
                  log.info(
                      "Counting the rows by query: they could not be read from the dump (%s).",
                      rows.failure().orElse("unknown"));
                  return Map.of();
                });
    try (Progress.Watch counting =
        Progress.whileRunning(
            log,
            clock,
            "Counting the rows of each table (the restore checks them)",
            null,
            Duration.ofSeconds(10))) {
      return db.rowCounts(streamed);
    }
  }

  private static StepFailure serverLost(PostgresConnection source, Exception e) {
    String why =
        e instanceof SQLException ? e.getMessage() : "pg_dump failed; its messages are above";
    return new StepFailure(
        "The server "
            + source.display()
            + " ended the backup's session while it was running ("
            + why
            + "): it restarted, failed over, or ended the session"
            + " (pg_terminate_backend, idle_in_transaction_session_timeout). Nothing was stored as a backup (no manifest was written), and retention did not run.",
        "Check the server's log for why it ended the session at that time, then re-run the backup.",
        e);
  }

  /**
   * The snapshot pg_dump should dump, so row counts match it exactly; null when the server cannot
   * export one.
   */
  private @Nullable String exportSnapshot(PostgresDatabase db) throws SQLException {
    try {
      return db.exportSnapshot();
    } catch (SQLException e) {
      // A transaction-mode pooler (PgBouncer) cannot share a snapshot with another connection.
      db.endTransaction();
      log.info(
          "Could not export a snapshot (%s); row counts are taken beside the dump and may differ if data changes meanwhile.",
          String.valueOf(e.getMessage()));
      return null;
    }
  }

  /**
   * SHA-256 of the stored object: libcrypto's where it loads (C1 hashes slowly), else the JDK's.
   */
  static MessageDigest sha256() {
    return Sha256.create();
  }
}
