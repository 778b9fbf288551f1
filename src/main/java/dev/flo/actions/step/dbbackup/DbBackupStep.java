package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.PostgresDatabase;
import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Toolkit;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Streams pg_dump into S3 (or a folder) with a manifest, optionally checks it by restoring, then applies retention. */
public final class DbBackupStep implements Step {
  public static final StepDefinition DEFINITION = definition(new PostgresClients(PostgresClients.DEBIAN_ROOT), null);

  private final Toolkit kit;
  private final PostgresClients clients;
  private final URI stsEndpoint;

  DbBackupStep(Toolkit kit, PostgresClients clients, URI stsEndpoint) {
    this.kit = kit;
    this.clients = clients;
    this.stsEndpoint = stsEndpoint;
  }

  /** The step with its pg_dump location and STS endpoint chosen (tests point them at fakes). */
  public static StepDefinition definition(PostgresClients clients, URI stsEndpoint) {
    List<InputDef> inputs = new ArrayList<>();
    inputs.add(InputDef.required("database-url", "Database to back up: postgres://user:password@host:5432/db?sslmode=require.").asSecret());
    inputs.add(InputDef.required("destination", "Where backups go: s3://bucket/prefix or file:///absolute/path."));
    inputs.add(InputDef.withDefault("compression", "zstd, gzip or none.", "zstd"));
    inputs.addAll(StoreOptions.INPUTS);
    inputs.add(InputDef.optional("retention-days", "Delete backups older than this many days after a successful, verified backup. Empty: keep everything."));
    inputs.add(InputDef.withDefault("keep-min", "Never delete below this many backups, however old.", "7"));
    inputs.add(InputDef.optional("verify-database-url", "Scratch database to restore the new backup into and check row counts. Its tables are replaced.").asSecret());
    return new StepDefinition(
        "db-backup",
        "Back up PostgreSQL: pg_dump streamed into S3 or a folder, with a manifest, a restore check and retention.",
        inputs,
        List.of(
            OutputDef.of("uri", "URI of the stored dump."),
            OutputDef.of("size-bytes", "Stored (compressed) size in bytes."),
            OutputDef.of("sha256", "SHA-256 of the stored dump."),
            OutputDef.of("duration-ms", "Time to dump and upload, in milliseconds."),
            OutputDef.of("server-version", "The PostgreSQL server's version.")),
        kit -> new DbBackupStep(kit, clients, stsEndpoint));
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    DbBackupInputs in = DbBackupInputs.read(inputs, kit.env());
    try {
      execute(in);
    } catch (IOException e) {
      // Upload and restore streams report their own failures; what is left is reaching the store at all.
      throw in.store().unreachable(in.destination(), e);
    }
  }

  private void execute(DbBackupInputs in) throws Exception {
    ServerVersion server;
    long databaseBytes;
    try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
      server = db.serverVersion();
      databaseBytes = db.sizeBytes();
    } catch (SQLException e) {
      throw cannotConnect("database-url", in.database(), e);
    }
    kit.outputs().set("server-version", server.text());
    PostgresClients.Tools tools = DbRestoreStep.tools(clients, server);
    if (in.verifyDatabase() != null) {
      checkReachable(in.verifyDatabase());
    }
    BackupPlan plan =
        new BackupPlan(in.database().display(), server, tools.major(), databaseBytes, in.destination().toString(), in.store().describe(in.destination()), in.compression(),
            in.verifyDatabase() == null ? null : in.verifyDatabase().display(), in.retentionDays(), in.keepMin());
    kit.log().info("Plan:");
    plan.rows().forEach(r -> kit.log().info("  %s: %s", r.get(0), r.get(1)));
    BackupReport report = new BackupReport(kit.summary(), plan);
    try (ObjectStore store = in.store().open(in.destination(), kit, stsEndpoint)) {
      BackupCatalog catalog = new BackupCatalog(store, in.destination().prefix());
      if (in.dryRun()) {
        report.dryRun(in.retentionDays() == null ? List.of() : BackupCatalog.expired(catalog.retentionCandidates(), kit.clock().now(), in.retentionDays(), in.keepMin(), null));
        return;
      }
      BackupRun run = new BackupRun(kit.log(), kit.clock(), kit.github());
      BackupRun.Taken taken;
      try {
        taken = run.take(in.database(), server, tools, store, catalog, in.compression(), databaseBytes);
      } catch (StepFailure f) {
        report.failed(f.getMessage());
        throw f;
      } catch (SQLException e) {
        StepFailure f =
            new StepFailure(
                "Reading " + in.database().display() + " for the backup failed (" + e.getMessage() + "). Nothing was stored as a backup, and retention did not run.",
                "Check that the role in `database-url` can read every table (pg_read_all_data) and that the server is up, then re-run.",
                e);
        report.failed(f.getMessage());
        throw f;
      }
      BackupManifest manifest = taken.manifest();
      kit.outputs().set("uri", taken.uri());
      kit.outputs().set("size-bytes", manifest.sizeBytes());
      kit.outputs().set("sha256", manifest.sha256());
      kit.outputs().set("duration-ms", manifest.durationMs());
      if (in.verifyDatabase() != null) {
        manifest = manifest.withVerification(verify(store, taken, manifest, tools, in.verifyDatabase(), report));
      }
      run.publish(store, catalog, taken, manifest);
      List<BackupCatalog.Entry> deleted = in.retentionDays() == null ? List.of() : applyRetention(catalog, in, taken.name());
      report.stored(taken.uri(), manifest, taken.transfer(), deleted);
    }
  }

  private BackupManifest.Verification verify(ObjectStore store, BackupRun.Taken taken, BackupManifest manifest, PostgresClients.Tools tools, PostgresConnection scratch, BackupReport report)
      throws Exception {
    kit.log().info("Checking the backup: restoring %s into %s", taken.uri(), scratch.display());
    try {
      ArchiveRestore.Restored restored = new ArchiveRestore(kit.log(), kit.clock()).run(store, taken.key(), manifest, tools, scratch, false);
      return new BackupManifest.Verification("passed", "restored into " + scratch.display() + ": " + restored.tables() + " tables, " + restored.rows() + " rows match");
    } catch (StepFailure f) {
      report.failed("The restore check failed: " + f.getMessage());
      throw new StepFailure(
          "The restore check failed, so " + taken.uri() + " is not counted as a backup (no manifest was written) and retention did not run: " + f.getMessage(),
          f.hint() + " The dump is kept for you to look at; a later successful run with `retention-days` deletes it once it is that old.",
          f);
    }
  }

  private List<BackupCatalog.Entry> applyRetention(BackupCatalog catalog, DbBackupInputs in, String keep) throws StepFailure {
    try {
      List<BackupCatalog.Entry> expired = BackupCatalog.expired(catalog.retentionCandidates(), kit.clock().now(), in.retentionDays(), in.keepMin(), keep);
      for (BackupCatalog.Entry e : expired) {
        kit.log().info("Retention: deleting %s (taken %s)", e.name(), e.createdAt());
        catalog.delete(e);
      }
      return expired;
    } catch (IOException e) {
      throw new StepFailure(
          "The backup " + kit.outputs().get("uri") + " is stored with its manifest, but retention failed: " + e.getMessage(),
          "Give the credentials permission to list and delete objects under the prefix (s3:ListBucket, s3:DeleteObject); the next run retries.",
          e);
    }
  }

  private void checkReachable(PostgresConnection scratch) throws StepFailure {
    try (PostgresDatabase db = PostgresDatabase.open(scratch)) {
      db.serverVersion();
    } catch (SQLException e) {
      throw cannotConnect("verify-database-url", scratch, e);
    }
  }

  static StepFailure cannotConnect(String input, PostgresConnection target, SQLException e) {
    return new StepFailure(
        "Could not connect to " + target.display() + " (" + input + "): " + e.getMessage(),
        "Check the URL in `" + input + "`, its password, and that the runner can reach the host (firewall, sslmode).",
        e);
  }
}
