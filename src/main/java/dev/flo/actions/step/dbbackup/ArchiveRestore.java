package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PgRestore;
import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.RowCheck;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Streams a stored dump into {@code pg_restore} and checks it before anything is committed: the
 * SHA-256 of the object against the manifest before pg_restore may finish (the last bytes are held
 * back until the digest matches), then the row count of every table inside the restore's
 * transaction, so a damaged object or a manifest whose counts are off changes nothing.
 */
final class ArchiveRestore {
  private static final int CHUNK = 1 << 16;

  /** What was restored: the manifest's tables and their rows. */
  record Restored(int tables, long rows, DumpProgress.Totals transfer) {}

  private final Log log;
  private final Clock clock;

  ArchiveRestore(Log log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  Restored run(
      ObjectStore store,
      String key,
      BackupManifest manifest,
      PostgresClients.Tools tools,
      PostgresConnection target,
      boolean withPrivileges)
      throws StepFailure, IOException, InterruptedException {
    Compression compression = Compression.valueOf(manifest.compression());
    MessageDigest sha = DumpUpload.sha256();
    // Row counts taken outside pg_dump's snapshot (through a pooler) may differ a little: then they
    // are not checked.
    String check = manifest.rowCountsExact() ? RowCheck.sql(manifest.rowCounts()) : "";
    // The manifest knows the archive's exact size: progress and time left are exact too.
    DumpProgress progress =
        new DumpProgress(log, clock, "Sent to pg_restore", manifest.dumpBytes(), false);
    DumpProgress.Totals transfer = null;
    try (InputStream object = progress.stored(store.open(key));
        DigestInputStream digested = new DigestInputStream(object, sha);
        InputStream plain = progress.dump(compression.decompress(digested));
        PgRestore restore = PgRestore.start(tools, target, withPrivileges)) {
      IOException pipe = null;
      try (Progress.Watch watch = progress.watch();
          OutputStream stdin = restore.archive()) {
        try {
          feed(plain, digested, sha, manifest, stdin, key);
        } finally {
          transfer = progress.finish();
        }
      } catch (IOException e) {
        // pg_restore stopped reading (it failed: its messages say why), or the object could not be
        // read.
        pipe = e;
      } catch (StepFailure f) {
        restore.close();
        throw f;
      }
      PgRestore.Result result;
      // After the last byte, pg_restore still builds the indexes and constraints, and the row check
      // and the commit
      // follow: minutes on a large database.
      try (Progress.Watch finishing =
          Progress.whileRunning(
              log,
              clock,
              "Finishing the restore (indexes, constraints, row check, commit)",
              null,
              Duration.ofSeconds(10))) {
        result = restore.finish(check);
      }
      log.untrusted(result.pgRestoreMessages());
      log.untrusted(result.psqlMessages());
      String unchanged =
          "It ran in one transaction that was not committed, so "
              + target.display()
              + " was left as it was.";
      if (result.committed()) {
        return new Restored(
            manifest.rowCounts().size(),
            manifest.totalRows(),
            Objects.requireNonNull(transfer, "pg_restore commits only an archive fed to it whole"));
      }
      var rows = RowCheck.failure(result.psqlMessages());
      if (rows.isPresent()) {
        throw new StepFailure(
            "The restored data does not match the backup's manifest ("
                + rows.get()
                + "). "
                + unchanged,
            "The dump or its manifest is damaged or was replaced: restore another backup (give its URI as `source`).");
      }
      if (result.pgRestoreExit() != 0) {
        throw new StepFailure(
            "pg_restore failed (exit code "
                + result.pgRestoreExit()
                + "); its messages are above. "
                + unchanged,
            "Fix what pg_restore reports (often a missing extension or role in the target), then re-run.");
      }
      if (pipe != null) {
        throw new StepFailure(
            "Reading " + store.uri(key) + " failed: " + pipe.getMessage() + ". " + unchanged,
            "Check the store and re-run.",
            pipe);
      }
      if (result.psqlExit() == 0) {
        throw new StepFailure(
            "psql stopped reading the restore before its end, so the restore was not committed. "
                + unchanged,
            "Check what psql reports above (a lost connection, a killed process), then re-run.");
      }
      throw new StepFailure(
          "psql failed (exit code "
              + result.psqlExit()
              + ") while restoring into "
              + target.display()
              + "; its messages are above. "
              + unchanged,
          "Fix what psql reports (often a missing extension or role in the target, or a lost connection), then re-run.");
    }
  }

  /**
   * Copies the plain archive to pg_restore one chunk behind: the final chunk is written only after
   * the whole object was read and its digest matched, so pg_restore cannot commit a damaged
   * archive.
   */
  private static void feed(
      InputStream plain,
      InputStream digested,
      MessageDigest sha,
      BackupManifest manifest,
      OutputStream stdin,
      String key)
      throws IOException, StepFailure {
    byte[] held = new byte[CHUNK];
    int heldLength = 0;
    byte[] next = new byte[CHUNK];
    for (int n; (n = plain.readNBytes(next, 0, CHUNK)) > 0; ) {
      if (heldLength > 0) {
        stdin.write(held, 0, heldLength);
      }
      byte[] swap = held;
      held = next;
      next = swap;
      heldLength = n;
    }
    digested.transferTo(OutputStream.nullOutputStream());
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(manifest.sha256())) {
      throw new StepFailure(
          "The SHA-256 of "
              + key
              + " is "
              + actual
              + ", but its manifest says "
              + manifest.sha256()
              + ": the object is damaged or was replaced. Nothing was restored.",
          "Restore another backup (give its URI as `source`).");
    }
    stdin.write(held, 0, heldLength);
  }
}
