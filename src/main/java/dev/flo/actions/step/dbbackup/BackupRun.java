package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes one backup into a catalog (dump, upload, size check) and publishes its manifest; shared by
 * both steps.
 */
final class BackupRun {
  /** A stored dump and the manifest that will make it a backup once published. */
  record Taken(
      String name, String key, String uri, BackupManifest manifest, DumpProgress.Totals transfer) {
    /** The same dump, its manifest carrying the restore check's result. */
    Taken verified(BackupManifest.Verification v) {
      return new Taken(name, key, uri, manifest.withVerification(v), transfer);
    }
  }

  private final Log log;
  private final Clock clock;
  private final GitHubContext github;

  BackupRun(Log log, Clock clock, GitHubContext github) {
    this.log = log;
    this.clock = clock;
    this.github = github;
  }

  Taken take(
      PostgresConnection source,
      ServerVersion server,
      PostgresClients.Tools tools,
      ObjectStore store,
      BackupCatalog catalog,
      Compression compression,
      long databaseBytes)
      throws StepFailure, IOException, InterruptedException, SQLException {
    Instant started = clock.now();
    long t0 = clock.nanoTime();
    String name = BackupCatalog.name(started, source.database());
    if (store.size(catalog.manifestKey(name)).isPresent()) {
      throw new StepFailure(
          "A backup named "
              + name
              + " already exists at "
              + store.uri(catalog.manifestKey(name))
              + ".",
          "Wait a second and re-run: names carry the time to the second.");
    }
    String key = catalog.dumpKey(name, compression);
    log.info("Dumping %s with pg_dump %d to %s", source.display(), tools.major(), store.uri(key));
    // Text rows can be larger than the table files; twice the database size is a generous ceiling
    // for part sizes.
    DumpUpload.Dumped dumped =
        new DumpUpload(log, clock)
            .run(source, tools, store, key, compression, databaseBytes, 2 * databaseBytes);
    Optional<Long> stored = store.size(key);
    if (stored.isEmpty() || stored.get() != dumped.sizeBytes()) {
      throw new StepFailure(
          "The store reports "
              + stored.map(s -> s + " bytes").orElse("no object")
              + " at "
              + store.uri(key)
              + " after "
              + dumped.sizeBytes()
              + " bytes were uploaded; it is not counted as a backup.",
          "Check the store's health and re-run the backup.");
    }
    long durationMs = (clock.nanoTime() - t0) / 1_000_000;
    String object = key.substring(key.lastIndexOf('/') + 1);
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            object,
            source.database(),
            server.text(),
            server.number(),
            tools.major(),
            compression.name(),
            dumped.sizeBytes(),
            dumped.dumpBytes(),
            dumped.sha256(),
            dumped.rowCounts(),
            dumped.rowCountsExact(),
            github.sha(),
            github.repository(),
            github.runUrl(),
            started.toString(),
            durationMs,
            BackupManifest.Verification.SKIPPED);
    log.info("Stored %s: %s", store.uri(key), dumped.transfer().describe());
    return new Taken(name, key, store.uri(key), manifest, dumped.transfer());
  }

  /** Writes the manifest: from now on the dump counts as a backup. */
  void publish(ObjectStore store, BackupCatalog catalog, Taken taken, BackupManifest manifest)
      throws IOException {
    store.put(catalog.manifestKey(taken.name()), manifest.toJson(), "application/json");
  }
}
