package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresDatabase;
import dev.flo.actions.provider.postgres.ServerVersion;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.http.DryRunLook.Seen;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Restores a backup made by db-backup: the newest one under a prefix or a named one, after a safety
 * backup of the target, in one transaction, checked against the manifest's SHA-256 and row counts.
 */
public final class DbRestoreStep implements TypedStep<DbRestoreInputs> {
  static final Output<String> RESTORED_FROM =
      Output.named(
              "restored-from",
              "URI of the backup restored; empty when the step failed, which means the target was not changed.")
          .text();
  // The restore is one transaction: until it commits, nothing was restored, whatever fails first.
  static final Output<Integer> TABLES =
      Output.named("tables", "Tables restored (from the manifest).").integer().initially(0);
  static final Output<Long> ROWS =
      Output.named("rows", "Rows restored, checked table by table.").number().initially(0L);
  static final Output<String> SAFETY_BACKUP_URI =
      Output.named(
              "safety-backup-uri", "URI of the safety backup of the target, when one was taken.")
          .text();

  public static final StepDefinition DEFINITION =
      definition(new PostgresClients(PostgresClients.DEBIAN_ROOT), null);
  static final String SAFETY_FOLDER = "pre-restore/";

  private final StepPort port;
  private final PostgresClients clients;
  private final @Nullable URI stsEndpoint;

  DbRestoreStep(StepPort port, PostgresClients clients, @Nullable URI stsEndpoint) {
    this.port = port;
    this.clients = clients;
    this.stsEndpoint = stsEndpoint;
  }

  /**
   * The step with its pg_restore location and STS endpoint chosen (tests point them at fakes; null:
   * AWS STS).
   */
  public static StepDefinition definition(PostgresClients clients, @Nullable URI stsEndpoint) {
    return StepDefinition.named(
            "db-restore",
            "Restore a db-backup backup into PostgreSQL, after a safety backup, checked against its manifest.")
        .inputs(DbRestoreInputs.ALL)
        .outputs(RESTORED_FROM, TABLES, ROWS, SAFETY_BACKUP_URI)
        .env(StoreOptions.ENV)
        .reads(DbRestoreInputs::read)
        .create(port -> new DbRestoreStep(port, clients, stsEndpoint));
  }

  @Override
  public void run(DbRestoreInputs in) throws Exception {
    try {
      if (in.dryRun()) {
        dryRun(in);
      } else {
        execute(in);
      }
    } catch (IOException e) {
      // Upload and restore streams report their own failures; what is left is reaching the store at
      // all.
      throw in.store().unreachable(in.folder(), e);
    }
  }

  /**
   * Finds the backup and reads the target with the short deadline ({@link DryRunLook}), makes the
   * same checks as a real run (a non-empty target needs {@code confirm}), prints the plan and
   * changes nothing.
   */
  private void dryRun(DbRestoreInputs in) throws Exception {
    Seen<RestorePlan.Backup> backup =
        DryRunLook.look(
            "the backup under " + in.folder(),
            port.annotations(),
            () -> {
              try (ObjectStore store =
                  in.store().open(in.folder(), port, stsEndpoint, DryRunLook.DEADLINE)) {
                return find(store, in);
              }
            });
    Seen<RestorePlan.Target> target =
        DryRunLook.look(
            "the database " + in.database().display(),
            port.annotations(),
            () ->
                DbBackupStep.quickLook(
                    in.database(), DbRestoreInputs.DATABASE_URL, DbRestoreStep::target));
    if (backup instanceof Seen.Known<RestorePlan.Backup>(RestorePlan.Backup b)
        && target instanceof Seen.Known<RestorePlan.Target>(RestorePlan.Target t)) {
      tools(b, t);
    }
    if (target instanceof Seen.Known<RestorePlan.Target>(RestorePlan.Target t)) {
      confirmed(in, t);
    }
    RestorePlan plan = RestorePlan.of(in, backup, target);
    RestoreReport report = new RestoreReport(port.summary(), plan);
    report.plan(port.log());
    if (backup instanceof Seen.Known<RestorePlan.Backup>(RestorePlan.Backup b)) {
      // The backup a real run would restore.
      port.outputs().set(RESTORED_FROM, b.uri());
    }
    report.dryRun();
  }

  private void execute(DbRestoreInputs in) throws Exception {
    try (ObjectStore store = in.store().open(in.folder(), port, stsEndpoint)) {
      RestorePlan.Backup backup = find(store, in);
      RestorePlan.Target target;
      try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
        target = target(db);
      } catch (SQLException e) {
        throw DbBackupStep.cannotConnect(DbRestoreInputs.DATABASE_URL, in.database(), e);
      }
      PostgresClients.Tools tools = tools(backup, target);
      confirmed(in, target);
      RestorePlan plan = RestorePlan.of(in, new Seen.Known<>(backup), new Seen.Known<>(target));
      RestoreReport report = new RestoreReport(port.summary(), plan);
      report.plan(port.log());
      String safetyUri = null;
      for (RestorePlan.Action action : plan.actions()) {
        switch (action) {
          case RestorePlan.SafetyBackup safety -> {
            try {
              safetyUri = safetyBackup(in, target.server(), tools, store);
            } catch (StepFailure f) {
              report.failed(String.valueOf(f.getMessage()));
              throw f;
            }
            port.outputs().set(SAFETY_BACKUP_URI, safetyUri);
            report.safetyBackup(safetyUri);
          }
          case RestorePlan.Restore restore -> {
            port.log().info("Restoring %s into %s", backup.uri(), in.database().display());
            ArchiveRestore.Restored restored;
            try {
              restored =
                  new ArchiveRestore(port.log(), port.clock())
                      .run(store, backup.dumpKey(), backup.manifest(), tools, in.database(), true);
            } catch (StepFailure | IOException | RuntimeException e) {
              StepFailure f = withSafetyBackup(e, safetyUri, in);
              report.failed(String.valueOf(f.getMessage()));
              throw f;
            }
            // Only now, after the commit: the outputs say what the target holds.
            port.outputs().set(RESTORED_FROM, backup.uri());
            port.outputs().set(TABLES, restored.tables());
            port.outputs().set(ROWS, restored.rows());
            report.restored(restored);
          }
        }
      }
    }
  }

  /**
   * The backup {@code source} names (the newest for {@code latest}), complete: manifest and dump
   * present.
   */
  private RestorePlan.Backup find(ObjectStore store, DbRestoreInputs in)
      throws IOException, StepFailure {
    BackupCatalog catalog = new BackupCatalog(store, in.folder().prefix());
    String name = backupName(catalog, in);
    BackupManifest manifest = manifest(store, catalog, name);
    String dumpKey = in.folder().prefix() + manifest.object();
    if (store.size(dumpKey).isEmpty()) {
      throw new StepFailure(
          "The dump of backup " + name + " is missing at " + store.uri(dumpKey) + ".",
          "Restore another backup (give its URI as `" + DbRestoreInputs.SOURCE.name() + "`).");
    }
    return new RestorePlan.Backup(store.uri(dumpKey), dumpKey, manifest);
  }

  private static RestorePlan.Target target(PostgresDatabase db) throws SQLException {
    return new RestorePlan.Target(db.serverVersion(), db.userRelationCount());
  }

  /**
   * pg_restore must read the archive's format (as new as the pg_dump that wrote it) and talk to the
   * target.
   */
  private PostgresClients.Tools tools(RestorePlan.Backup backup, RestorePlan.Target target)
      throws StepFailure {
    int dumpMajor = backup.manifest().pgDumpMajor();
    ServerVersion server = target.server();
    return tools(
        clients,
        server.major() >= dumpMajor
            ? server
            : new ServerVersion(dumpMajor * 10000, dumpMajor + " (the backup's pg_dump)"));
  }

  /** A target with tables is replaced only when {@code confirm} names it. */
  private static void confirmed(DbRestoreInputs in, RestorePlan.Target target) throws StepFailure {
    if (!target.empty() && !in.database().database().equals(in.confirm())) {
      String confirm = DbRestoreInputs.CONFIRM.name();
      throw new StepFailure(
          "Refusing to restore into "
              + in.database().display()
              + ": it holds "
              + target.relations()
              + " tables, views or sequences, which the restore would replace"
              + (in.confirm() == null
                  ? "."
                  : ", and "
                      + confirm
                      + " is '"
                      + in.confirm()
                      + "', not '"
                      + in.database().database()
                      + "'."),
          "Set `"
              + confirm
              + ": "
              + in.database().database()
              + "` to restore into it"
              + (in.safetyBackup() ? " (a safety backup is taken first)." : "."));
    }
  }

  /**
   * A failure after the safety backup was taken names it and how to go back to it, in case the
   * target is not what the user expects (the restore itself commits nothing unless every check
   * passed).
   */
  private static StepFailure withSafetyBackup(
      Exception e, @Nullable String safetyUri, DbRestoreInputs in) {
    StepFailure f =
        e instanceof StepFailure sf
            ? sf
            : new StepFailure(
                "The restore into "
                    + in.database().display()
                    + " stopped: "
                    + e.getMessage()
                    + ". It ran in one transaction that was not committed, so the database was left as it was.",
                "Check the store and the database, then re-run.",
                e);
    if (safetyUri == null) {
      return f;
    }
    return new StepFailure(
        f.getMessage()
            + " The safety backup of "
            + in.database().display()
            + " taken before the restore is "
            + safetyUri
            + ".",
        f.hint()
            + " To put back what the database held before this run, run db-restore with `source: "
            + safetyUri
            + "` and `confirm: "
            + in.database().database()
            + "`.",
        f.getCause() == null ? f : f.getCause());
  }

  private String backupName(BackupCatalog catalog, DbRestoreInputs in)
      throws IOException, StepFailure {
    if (!in.object().equals(DbRestoreInputs.LATEST)) {
      String o = in.object();
      return o.endsWith(BackupCatalog.MANIFEST)
          ? o.substring(0, o.length() - BackupCatalog.MANIFEST.length())
          : o.contains(BackupCatalog.DUMP) ? o.substring(0, o.lastIndexOf(BackupCatalog.DUMP)) : o;
    }
    BackupCatalog.Entry latest =
        catalog
            .latest()
            .orElseThrow(
                () ->
                    new StepFailure(
                        "There is no complete backup under " + in.folder() + ".",
                        "Check `"
                            + DbRestoreInputs.SOURCE.name()
                            + "`; backups are the objects db-backup wrote with a manifest."));
    port.log().info("Latest backup under %s: %s", in.folder(), latest.name());
    return latest.name();
  }

  private static BackupManifest manifest(ObjectStore store, BackupCatalog catalog, String name)
      throws IOException, StepFailure {
    String key = catalog.manifestKey(name);
    if (store.size(key).isEmpty()) {
      throw new StepFailure(
          "Backup "
              + name
              + " has no manifest at "
              + store.uri(key)
              + ", so it is not a complete backup (a failed or interrupted run).",
          "Restore another backup, or s3://bucket/prefix/latest.");
    }
    BackupManifest manifest;
    try {
      manifest = catalog.manifest(key);
    } catch (BackupCatalog.DamagedManifest e) {
      throw new StepFailure(
          "The manifest at "
              + store.uri(key)
              + " is damaged: "
              + e.getMessage()
              + ". Nothing was restored.",
          "Restore another backup (give its URI as `"
              + DbRestoreInputs.SOURCE.name()
              + "`, or use <prefix>/latest once this one is removed); db-backup writes the manifest last, in one piece, so a damaged one was changed after it was written.");
    }
    // Parsed JSON: any field may be missing (null), and so may a table's count.
    if (manifest.object() == null
        || manifest.sha256() == null
        || manifest.compression() == null
        || manifest.rowCounts() == null
        || manifest.rowCounts().values().stream().anyMatch(Objects::isNull)) {
      throw new StepFailure(
          "The manifest at "
              + store.uri(key)
              + " is not one db-backup wrote (it lacks the object, its SHA-256, compression or row counts).",
          "Restore another backup; db-backup writes the manifest last, so a complete backup always has these.");
    }
    return manifest;
  }

  private String safetyBackup(
      DbRestoreInputs in, ServerVersion server, PostgresClients.Tools tools, ObjectStore store)
      throws Exception {
    BackupCatalog safety = new BackupCatalog(store, in.folder().prefix() + SAFETY_FOLDER);
    port.log().info("Safety backup of %s before the restore", in.database().display());
    try {
      long size;
      try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
        size = db.sizeBytes();
      }
      BackupRun run = new BackupRun(port.log(), port.clock(), port.github());
      BackupRun.Taken taken =
          run.take(in.database(), server, tools, store, safety, Compression.ZSTD, size);
      run.publish(store, safety, taken, taken.manifest());
      return taken.uri();
    } catch (SQLException e) {
      // The target answered a moment ago: a lost connection here is the network, the server or a
      // connection limit.
      throw new StepFailure(
          "The safety backup of "
              + in.database().display()
              + " could not be taken ("
              + e.getMessage()
              + "), so nothing was restored: the database is unchanged.",
          "Check that the server is up and reachable from the runner and has connections to spare (max_connections, the pooler's limits), then re-run;"
              + " or set `safety-backup: false` if you accept restoring without a backup of what it replaces.",
          e);
    }
  }

  /** The client tools for a server, or the failure that says what to install. */
  static PostgresClients.Tools tools(PostgresClients clients, ServerVersion server)
      throws StepFailure {
    try {
      return clients.forServer(server);
    } catch (PostgresClients.MissingClientException e) {
      throw new StepFailure(
          Objects.requireNonNull(e.getMessage(), "a MissingClientException has a message"),
          e.fix());
    }
  }
}
