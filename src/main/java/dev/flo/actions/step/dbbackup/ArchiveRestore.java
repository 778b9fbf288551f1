package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PgRestore;
import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.PostgresDatabase;
import dev.flo.actions.provider.postgres.ToolProcess;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Streams a stored dump into {@code pg_restore} and checks it: the SHA-256 of the object against the manifest
 * before pg_restore may finish (the last bytes are held back until the digest matches, and pg_restore runs in one
 * transaction, so a damaged object changes nothing), then the row count of every table.
 */
final class ArchiveRestore {
  private static final int CHUNK = 1 << 16;

  /** What was restored: the manifest's tables and their rows. */
  record Restored(int tables, long rows) {}

  private final Log log;

  ArchiveRestore(Log log) {
    this.log = log;
  }

  Restored run(ObjectStore store, String key, BackupManifest manifest, PostgresClients.Tools tools, PostgresConnection target, boolean withPrivileges)
      throws StepFailure, IOException, InterruptedException, SQLException {
    Compression compression = Compression.valueOf(manifest.compression());
    MessageDigest sha = DumpUpload.sha256();
    try (InputStream object = store.open(key);
        DigestInputStream digested = new DigestInputStream(object, sha);
        InputStream plain = compression.decompress(digested);
        ToolProcess restore = PgRestore.start(tools, target, withPrivileges)) {
      IOException pipe = null;
      try (OutputStream stdin = restore.stdin()) {
        feed(plain, digested, sha, manifest, stdin, key);
      } catch (IOException e) {
        // pg_restore stopped reading (it failed: its messages say why), or the object could not be read.
        pipe = e;
      } catch (StepFailure f) {
        restore.close();
        log.untrusted(restore.stderr());
        throw f;
      }
      int exit = restore.waitFor();
      log.untrusted(restore.stderr());
      if (exit != 0) {
        throw new StepFailure(
            "pg_restore failed (exit code " + exit + "); its messages are above. It ran in one transaction, so " + target.display() + " was left as it was.",
            "Fix what pg_restore reports (often a missing extension or role in the target), then re-run.");
      }
      if (pipe != null) {
        throw new StepFailure("Reading " + store.uri(key) + " failed: " + pipe.getMessage(), "Check the store and re-run.", pipe);
      }
    }
    return checkRows(target, manifest);
  }

  /**
   * Copies the plain archive to pg_restore one chunk behind: the final chunk is written only after the whole
   * object was read and its digest matched, so pg_restore cannot commit a damaged archive.
   */
  private static void feed(InputStream plain, InputStream digested, MessageDigest sha, BackupManifest manifest, OutputStream stdin, String key)
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
          "The SHA-256 of " + key + " is " + actual + ", but its manifest says " + manifest.sha256() + ": the object is damaged or was replaced. Nothing was restored.",
          "Restore another backup (give its URI as `source`).");
    }
    stdin.write(held, 0, heldLength);
  }

  /** Compares the row count of every table in the manifest with the restored database. */
  private static Restored checkRows(PostgresConnection target, BackupManifest manifest) throws SQLException, StepFailure {
    Map<String, Long> actual;
    try (PostgresDatabase db = PostgresDatabase.open(target)) {
      actual = db.rowCounts();
    }
    List<String> wrong = new ArrayList<>();
    manifest.rowCounts().forEach((table, rows) -> {
      Long got = actual.get(table);
      if (!rows.equals(got)) {
        wrong.add(table + ": expected " + rows + ", found " + (got == null ? "no table" : got));
      }
    });
    if (!wrong.isEmpty() && manifest.rowCountsExact()) {
      throw new StepFailure(
          "The restored database does not match the backup's manifest: " + String.join("; ", wrong.subList(0, Math.min(10, wrong.size()))) + (wrong.size() > 10 ? "; and " + (wrong.size() - 10) + " more" : ""),
          "Inspect " + target.display() + "; the dump may be incomplete. Restore another backup if this one is bad.");
    }
    return new Restored(manifest.rowCounts().size(), manifest.totalRows());
  }
}
