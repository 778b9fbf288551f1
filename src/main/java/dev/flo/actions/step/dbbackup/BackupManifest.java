package dev.flo.actions.step.dbbackup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flo.actions.runtime.Json;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON written next to each backup. Its presence is what makes a dump a backup: retention and
 * {@code latest} only count dumps that have one, and a failed run never writes one.
 *
 * @param object the dump's key, relative to the manifest's folder
 * @param sizeBytes the stored (compressed) size
 * @param dumpBytes the size of pg_dump's output before compression
 * @param sha256 of the stored object, lower-case hex
 * @param rowCounts exact rows per table, {@code schema.table}
 * @param rowCountsExact true when counted in the snapshot pg_dump dumped (a pooler can prevent
 *     that)
 * @param commit the commit of the GitHub run that took it; null outside GitHub Actions
 * @param repository that run's repository; null outside GitHub Actions
 * @param runUrl that run's URL; null outside GitHub Actions
 * @param verification the restore check into a scratch database
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
    int formatVersion,
    String object,
    String database,
    String serverVersion,
    int serverVersionNum,
    int pgDumpMajor,
    String compression,
    long sizeBytes,
    long dumpBytes,
    String sha256,
    Map<String, Long> rowCounts,
    boolean rowCountsExact,
    @Nullable String commit,
    @Nullable String repository,
    @Nullable String runUrl,
    String createdAt,
    long durationMs,
    Verification verification) {

  public static final int FORMAT = 1;

  /**
   * What the restore check found: {@code passed}, or {@code skipped} when no scratch database was
   * given.
   */
  public record Verification(String status, String detail) {
    public static final Verification SKIPPED =
        new Verification("skipped", "no verify-database-url");
  }

  public long totalRows() {
    return rowCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  public BackupManifest withVerification(Verification v) {
    return new BackupManifest(
        formatVersion,
        object,
        database,
        serverVersion,
        serverVersionNum,
        pgDumpMajor,
        compression,
        sizeBytes,
        dumpBytes,
        sha256,
        rowCounts,
        rowCountsExact,
        commit,
        repository,
        runUrl,
        createdAt,
        durationMs,
        v);
  }

  public byte[] toJson() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static BackupManifest parse(byte[] json) throws IOException {
    return Json.MAPPER.readValue(json, BackupManifest.class);
  }
}
