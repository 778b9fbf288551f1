package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.postgres.PostgresDatabase;
import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.http.DryRunLook.Seen;
import dev.flo.actions.runtime.http.HttpException;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Streams pg_dump into S3 (or a folder) with a manifest, optionally checks it by restoring, then
 * applies retention.
 */
public final class DbBackupStep implements TypedStep<DbBackupInputs> {
  static final Output<String> URI_OUTPUT = Output.named("uri", "URI of the stored dump.").text();
  static final Output<Long> SIZE_BYTES =
      Output.named("size-bytes", "Stored (compressed) size in bytes.").number();
  static final Output<String> SHA256 = Output.named("sha256", "SHA-256 of the stored dump.").text();
  static final Output<Long> DURATION_MS =
      Output.named("duration-ms", "Time to dump and upload, in milliseconds.").number();
  static final Output<String> SERVER_VERSION =
      Output.named("server-version", "The PostgreSQL server's version.").text();

  public static final StepDefinition DEFINITION =
      definition(new PostgresClients(PostgresClients.DEBIAN_ROOT), null);

  private final StepPort port;
  private final PostgresClients clients;
  private final @Nullable URI stsEndpoint;

  DbBackupStep(StepPort port, PostgresClients clients, @Nullable URI stsEndpoint) {
    this.port = port;
    this.clients = clients;
    this.stsEndpoint = stsEndpoint;
  }

  /**
   * The step with its pg_dump location and STS endpoint chosen (tests point them at fakes; null:
   * AWS STS).
   */
  public static StepDefinition definition(PostgresClients clients, @Nullable URI stsEndpoint) {
    return StepDefinition.named(
            "db-backup",
            "Back up PostgreSQL: pg_dump streamed into S3 or a folder, with a manifest, a restore check and retention.")
        .inputs(DbBackupInputs.ALL)
        .outputs(URI_OUTPUT, SIZE_BYTES, SHA256, DURATION_MS, SERVER_VERSION)
        .env(StoreOptions.ENV)
        .reads(DbBackupInputs::read)
        .create(port -> new DbBackupStep(port, clients, stsEndpoint));
  }

  @Override
  public void run(DbBackupInputs in) throws Exception {
    try {
      if (in.dryRun()) {
        dryRun(in);
      } else {
        execute(in);
      }
    } catch (IOException e) {
      // Upload and restore streams report their own failures; what is left is reaching the store at
      // all.
      throw in.store().unreachable(in.destination(), e);
    }
  }

  /**
   * Looks at the database and the bucket with the short deadline ({@link DryRunLook}), prints the
   * plan and what retention would delete, and changes nothing. No answer is a warning and an
   * unknown; a refusal is the error.
   */
  private void dryRun(DbBackupInputs in) throws Exception {
    Seen<BackupPlan.Database> database =
        DryRunLook.look(
            "the database " + in.database().display(),
            port.annotations(),
            () -> quickLook(in.database(), DbBackupInputs.DATABASE_URL, this::database));
    PostgresConnection scratch = in.verifyDatabase();
    if (scratch != null) {
      DryRunLook.look(
          "the scratch database " + scratch.display(),
          port.annotations(),
          () -> quickLook(scratch, DbBackupInputs.VERIFY_DATABASE_URL, db -> db.serverVersion()));
    }
    BackupPlan plan = BackupPlan.of(in, database);
    logPlan(plan);
    Seen<List<BackupCatalog.Entry>> wouldDelete =
        DryRunLook.look(
            "the backups under " + in.destination(),
            port.annotations(),
            () -> {
              try (ObjectStore store =
                  in.store().open(in.destination(), port, stsEndpoint, DryRunLook.DEADLINE)) {
                List<BackupCatalog.Entry> candidates =
                    new BackupCatalog(store, in.destination().prefix()).retentionCandidates();
                Integer days = in.retentionDays();
                return days == null
                    ? List.of()
                    : BackupCatalog.expired(
                        candidates, port.clock().now(), days, in.keepMin(), null);
              }
            });
    new BackupReport(port.summary(), plan).dryRun(wouldDelete);
  }

  /**
   * The server's version and the database's size; the pg_dump that fits is found, or the step says
   * what to install.
   */
  private BackupPlan.Database database(PostgresDatabase db) throws SQLException, StepFailure {
    ServerVersion server = db.serverVersion();
    long bytes = db.sizeBytes();
    port.outputs().set(SERVER_VERSION, server.text());
    return new BackupPlan.Database(server, DbRestoreStep.tools(clients, server).major(), bytes);
  }

  /**
   * What a dry run reads from a database, within the short deadline; no answer is an unknown, a
   * refusal the error.
   */
  static <T> T quickLook(PostgresConnection target, Input<?> input, DatabaseRead<T> read)
      throws Exception {
    try (PostgresDatabase db = PostgresDatabase.openWithin(target, DryRunLook.DEADLINE)) {
      return read.read(db);
    } catch (SQLException e) {
      if (PostgresConnection.noAnswer(e)) {
        throw new HttpException(HttpException.Kind.CONNECT, String.valueOf(e.getMessage()), e);
      }
      throw cannotConnect(input, target, e);
    }
  }

  /** A read over an open database connection. */
  @FunctionalInterface
  interface DatabaseRead<T> {
    T read(PostgresDatabase db) throws SQLException, StepFailure;
  }

  private void logPlan(BackupPlan plan) {
    port.log().info("Plan:");
    plan.rows().forEach(r -> port.log().info("  %s: %s", r.get(0), r.get(1)));
  }

  private void execute(DbBackupInputs in) throws Exception {
    BackupPlan.Database database;
    try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
      database = database(db);
    } catch (SQLException e) {
      throw cannotConnect(DbBackupInputs.DATABASE_URL, in.database(), e);
    }
    PostgresConnection scratch = in.verifyDatabase();
    if (scratch != null) {
      checkReachable(scratch);
    }
    BackupPlan plan = BackupPlan.of(in, new Seen.Known<>(database));
    logPlan(plan);
    BackupReport report = new BackupReport(port.summary(), plan);
    PostgresClients.Tools tools = DbRestoreStep.tools(clients, database.server());
    try (ObjectStore store = in.store().open(in.destination(), port, stsEndpoint)) {
      BackupCatalog catalog = new BackupCatalog(store, in.destination().prefix());
      BackupRun run = new BackupRun(port.log(), port.clock(), port.github());
      // Set by the plan's first action, the dump; the verify action replaces its manifest.
      BackupRun.Taken taken = null;
      List<BackupCatalog.Entry> deleted = List.of();
      for (BackupPlan.Action action : plan.actions()) {
        switch (action) {
          case BackupPlan.Dump dump -> {
            taken = take(run, in, database, tools, store, catalog, report);
            BackupManifest manifest = taken.manifest();
            port.outputs().set(URI_OUTPUT, taken.uri());
            port.outputs().set(SIZE_BYTES, manifest.sizeBytes());
            port.outputs().set(SHA256, manifest.sha256());
            port.outputs().set(DURATION_MS, manifest.durationMs());
          }
          case BackupPlan.Verify verify -> {
            BackupRun.Taken dumped = dumped(taken);
            PostgresConnection into =
                Objects.requireNonNull(
                    in.verifyDatabase(), "the plan verifies only with verify-database-url");
            taken = dumped.verified(verify(store, dumped, tools, into, report));
          }
          case BackupPlan.Publish publish -> {
            BackupRun.Taken dumped = dumped(taken);
            run.publish(store, catalog, dumped, dumped.manifest());
          }
          case BackupPlan.Retention retention ->
              deleted = applyRetention(catalog, retention, dumped(taken).name());
        }
      }
      BackupRun.Taken dumped = dumped(taken);
      report.stored(dumped.uri(), dumped.manifest(), dumped.transfer(), deleted);
    }
  }

  /** The dump taken: every plan's first action is the dump. */
  private static BackupRun.Taken dumped(BackupRun.@Nullable Taken taken) {
    return Objects.requireNonNull(taken, "the plan dumps first");
  }

  private BackupRun.Taken take(
      BackupRun run,
      DbBackupInputs in,
      BackupPlan.Database database,
      PostgresClients.Tools tools,
      ObjectStore store,
      BackupCatalog catalog,
      BackupReport report)
      throws Exception {
    try {
      return run.take(
          in.database(),
          database.server(),
          tools,
          store,
          catalog,
          in.compression(),
          database.bytes());
    } catch (StepFailure f) {
      report.failed(String.valueOf(f.getMessage()));
      throw f;
    } catch (SQLException e) {
      StepFailure f =
          new StepFailure(
              "Reading "
                  + in.database().display()
                  + " for the backup failed ("
                  + e.getMessage()
                  + "). Nothing was stored as a backup, and retention did not run.",
              "Check that the role in `"
                  + DbBackupInputs.DATABASE_URL.name()
                  + "` can read every table (pg_read_all_data) and that the server is up, then re-run.",
              e);
      report.failed(String.valueOf(f.getMessage()));
      throw f;
    }
  }

  private BackupManifest.Verification verify(
      ObjectStore store,
      BackupRun.Taken taken,
      PostgresClients.Tools tools,
      PostgresConnection scratch,
      BackupReport report)
      throws Exception {
    port.log().info("Checking the backup: restoring %s into %s", taken.uri(), scratch.display());
    try {
      ArchiveRestore.Restored restored =
          new ArchiveRestore(port.log(), port.clock())
              .run(store, taken.key(), taken.manifest(), tools, scratch, false);
      return new BackupManifest.Verification(
          "passed",
          "restored into "
              + scratch.display()
              + ": "
              + restored.tables()
              + " tables, "
              + restored.rows()
              + " rows match");
    } catch (StepFailure f) {
      report.failed("The restore check failed: " + f.getMessage());
      throw new StepFailure(
          "The restore check failed, so "
              + taken.uri()
              + " is not counted as a backup (no manifest was written) and retention did not run: "
              + f.getMessage(),
          f.hint()
              + " The dump is kept for you to look at; a later successful run with `retention-days` deletes it once it is that old.",
          f);
    }
  }

  private List<BackupCatalog.Entry> applyRetention(
      BackupCatalog catalog, BackupPlan.Retention retention, String keep) throws StepFailure {
    try {
      List<BackupCatalog.Entry> expired =
          BackupCatalog.expired(
              catalog.retentionCandidates(),
              port.clock().now(),
              retention.days(),
              retention.keepMin(),
              keep);
      for (BackupCatalog.Entry e : expired) {
        port.log().info("Retention: deleting %s (taken %s)", e.name(), e.createdAt());
        catalog.delete(e);
      }
      return expired;
    } catch (IOException e) {
      throw new StepFailure(
          "The backup "
              + port.outputs().get(URI_OUTPUT)
              + " is stored with its manifest, but retention failed: "
              + e.getMessage(),
          "Give the credentials permission to list and delete objects under the prefix (s3:ListBucket, s3:DeleteObject); the next run retries.",
          e);
    }
  }

  private void checkReachable(PostgresConnection scratch) throws StepFailure {
    try (PostgresDatabase db = PostgresDatabase.open(scratch)) {
      db.serverVersion();
    } catch (SQLException e) {
      throw cannotConnect(DbBackupInputs.VERIFY_DATABASE_URL, scratch, e);
    }
  }

  static StepFailure cannotConnect(Input<?> input, PostgresConnection target, SQLException e) {
    return new StepFailure(
        "Could not connect to " + target.display() + " (" + input.name() + "): " + e.getMessage(),
        "Check the URL in `"
            + input.name()
            + "`, its password, and that the runner can reach the host (firewall, sslmode).",
        e);
  }
}
