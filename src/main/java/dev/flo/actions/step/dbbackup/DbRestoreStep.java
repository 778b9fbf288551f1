package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
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

/**
 * Restores a backup made by db-backup: the newest one under a prefix or a named one, after a safety backup of
 * the target, in one transaction, checked against the manifest's SHA-256 and row counts.
 */
public final class DbRestoreStep implements Step {
  public static final StepDefinition DEFINITION = definition(new PostgresClients(PostgresClients.DEBIAN_ROOT), null);
  static final String SAFETY_FOLDER = "pre-restore/";

  private final Toolkit kit;
  private final PostgresClients clients;
  private final URI stsEndpoint;

  DbRestoreStep(Toolkit kit, PostgresClients clients, URI stsEndpoint) {
    this.kit = kit;
    this.clients = clients;
    this.stsEndpoint = stsEndpoint;
  }

  public static StepDefinition definition(PostgresClients clients, URI stsEndpoint) {
    List<InputDef> inputs = new ArrayList<>();
    inputs.add(InputDef.required("database-url", "Database to restore into: postgres://user:password@host:5432/db.").asSecret());
    inputs.add(InputDef.required("source", "The backup: its URI (s3://bucket/prefix/NAME.pgdump.zst, file:///...), or s3://bucket/prefix/latest for the newest one."));
    inputs.add(InputDef.optional("confirm", "The target database's name. Required when the target has tables: the restore replaces them."));
    inputs.add(InputDef.withDefault("safety-backup", "Back up a non-empty target first, under <prefix>/pre-restore/.", "true"));
    inputs.addAll(StoreOptions.INPUTS);
    return new StepDefinition(
        "db-restore",
        "Restore a db-backup backup into PostgreSQL, after a safety backup, checked against its manifest.",
        inputs,
        List.of(
            OutputDef.of("restored-from", "URI of the backup restored; empty when the step failed, which means the target was not changed."),
            OutputDef.of("tables", "Tables restored (from the manifest)."),
            OutputDef.of("rows", "Rows restored, checked table by table."),
            OutputDef.of("safety-backup-uri", "URI of the safety backup of the target, when one was taken.")),
        kit -> new DbRestoreStep(kit, clients, stsEndpoint));
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    // The restore is one transaction: until it commits, nothing was restored, whatever fails first.
    kit.outputs().set("tables", 0);
    kit.outputs().set("rows", 0);
    DbRestoreInputs in = DbRestoreInputs.read(inputs, kit.env());
    try {
      execute(in);
    } catch (IOException e) {
      // Upload and restore streams report their own failures; what is left is reaching the store at all.
      throw in.store().unreachable(in.folder(), e);
    }
  }

  private void execute(DbRestoreInputs in) throws Exception {
    try (ObjectStore store = in.store().open(in.folder(), kit, stsEndpoint)) {
      BackupCatalog catalog = new BackupCatalog(store, in.folder().prefix());
      String name = backupName(catalog, in);
      BackupManifest manifest = manifest(store, catalog, name);
      String dumpKey = in.folder().prefix() + manifest.object();
      if (store.size(dumpKey).isEmpty()) {
        throw new StepFailure("The dump of backup " + name + " is missing at " + store.uri(dumpKey) + ".", "Restore another backup (give its URI as `source`).");
      }

      ServerVersion server;
      int relations;
      try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
        server = db.serverVersion();
        relations = db.userRelationCount();
      } catch (SQLException e) {
        throw DbBackupStep.cannotConnect("database-url", in.database(), e);
      }
      // pg_restore must read the archive's format (as new as the pg_dump that wrote it) and talk to the target.
      PostgresClients.Tools tools =
          tools(clients, server.major() >= manifest.pgDumpMajor() ? server : new ServerVersion(manifest.pgDumpMajor() * 10000, manifest.pgDumpMajor() + " (the backup's pg_dump)"));
      boolean empty = relations == 0;
      if (!empty && !in.database().database().equals(in.confirm())) {
        throw new StepFailure(
            "Refusing to restore into " + in.database().display() + ": it holds " + relations + " tables, views or sequences, which the restore would replace"
                + (in.confirm() == null ? "." : ", and confirm is '" + in.confirm() + "', not '" + in.database().database() + "'."),
            "Set `confirm: " + in.database().database() + "` to restore into it" + (in.safetyBackup() ? " (a safety backup is taken first)." : "."));
      }
      RestoreReport report = new RestoreReport(kit.summary(), store.uri(dumpKey), manifest, in.database().display(), server, empty, in.safetyBackup());
      report.plan(kit.log());
      if (in.dryRun()) {
        // The backup a real run would restore.
        kit.outputs().set("restored-from", store.uri(dumpKey));
        report.dryRun();
        return;
      }
      String safetyUri = null;
      if (!empty && in.safetyBackup()) {
        try {
          safetyUri = safetyBackup(in, server, tools, store);
        } catch (StepFailure f) {
          report.failed(f.getMessage());
          throw f;
        }
        kit.outputs().set("safety-backup-uri", safetyUri);
        report.safetyBackup(safetyUri);
      }
      kit.log().info("Restoring %s into %s", store.uri(dumpKey), in.database().display());
      ArchiveRestore.Restored restored;
      try {
        restored = new ArchiveRestore(kit.log(), kit.clock()).run(store, dumpKey, manifest, tools, in.database(), true);
      } catch (StepFailure | IOException | RuntimeException e) {
        StepFailure f = withSafetyBackup(e, safetyUri, in);
        report.failed(f.getMessage());
        throw f;
      }
      // Only now, after the commit: the outputs say what the target holds.
      kit.outputs().set("restored-from", store.uri(dumpKey));
      kit.outputs().set("tables", restored.tables());
      kit.outputs().set("rows", restored.rows());
      report.restored(restored);
    }
  }

  /**
   * A failure after the safety backup was taken names it and how to go back to it, in case the target is not what
   * the user expects (the restore itself commits nothing unless every check passed).
   */
  private static StepFailure withSafetyBackup(Exception e, String safetyUri, DbRestoreInputs in) {
    StepFailure f =
        e instanceof StepFailure sf
            ? sf
            : new StepFailure("The restore into " + in.database().display() + " stopped: " + e.getMessage() + ". It ran in one transaction that was not committed, so the database was left as it was.", "Check the store and the database, then re-run.", e);
    if (safetyUri == null) {
      return f;
    }
    return new StepFailure(
        f.getMessage() + " The safety backup of " + in.database().display() + " taken before the restore is " + safetyUri + ".",
        f.hint() + " To put back what the database held before this run, run db-restore with `source: " + safetyUri + "` and `confirm: " + in.database().database() + "`.",
        f.getCause() == null ? f : f.getCause());
  }

  private String backupName(BackupCatalog catalog, DbRestoreInputs in) throws IOException, StepFailure {
    if (!in.object().equals(DbRestoreInputs.LATEST)) {
      String o = in.object();
      return o.endsWith(BackupCatalog.MANIFEST) ? o.substring(0, o.length() - BackupCatalog.MANIFEST.length()) : o.contains(BackupCatalog.DUMP) ? o.substring(0, o.lastIndexOf(BackupCatalog.DUMP)) : o;
    }
    BackupCatalog.Entry latest =
        catalog.latest().orElseThrow(() -> new StepFailure("There is no complete backup under " + in.folder() + ".", "Check `source`; backups are the objects db-backup wrote with a manifest."));
    kit.log().info("Latest backup under %s: %s", in.folder(), latest.name());
    return latest.name();
  }

  private static BackupManifest manifest(ObjectStore store, BackupCatalog catalog, String name) throws IOException, StepFailure {
    String key = catalog.manifestKey(name);
    if (store.size(key).isEmpty()) {
      throw new StepFailure(
          "Backup " + name + " has no manifest at " + store.uri(key) + ", so it is not a complete backup (a failed or interrupted run).",
          "Restore another backup, or s3://bucket/prefix/latest.");
    }
    BackupManifest manifest;
    try {
      manifest = catalog.manifest(new BackupCatalog.Entry(name, null, key, null, 0));
    } catch (BackupCatalog.DamagedManifest e) {
      throw new StepFailure(
          "The manifest at " + store.uri(key) + " is damaged: " + e.getMessage() + ". Nothing was restored.",
          "Restore another backup (give its URI as `source`, or use <prefix>/latest once this one is removed); db-backup writes the manifest last, in one piece, so a damaged one was changed after it was written.");
    }
    if (manifest.object() == null || manifest.sha256() == null || manifest.compression() == null || manifest.rowCounts() == null) {
      throw new StepFailure(
          "The manifest at " + store.uri(key) + " is not one db-backup wrote (it lacks the object, its SHA-256, compression or row counts).",
          "Restore another backup; db-backup writes the manifest last, so a complete backup always has these.");
    }
    return manifest;
  }

  private String safetyBackup(DbRestoreInputs in, ServerVersion server, PostgresClients.Tools tools, ObjectStore store) throws Exception {
    BackupCatalog safety = new BackupCatalog(store, in.folder().prefix() + SAFETY_FOLDER);
    kit.log().info("Safety backup of %s before the restore", in.database().display());
    try {
      long size;
      try (PostgresDatabase db = PostgresDatabase.open(in.database())) {
        size = db.sizeBytes();
      }
      BackupRun run = new BackupRun(kit.log(), kit.clock(), kit.github());
      BackupRun.Taken taken = run.take(in.database(), server, tools, store, safety, Compression.ZSTD, size);
      run.publish(store, safety, taken, taken.manifest());
      return taken.uri();
    } catch (SQLException e) {
      // The target answered a moment ago: a lost connection here is the network, the server or a connection limit.
      throw new StepFailure(
          "The safety backup of " + in.database().display() + " could not be taken (" + e.getMessage() + "), so nothing was restored: the database is unchanged.",
          "Check that the server is up and reachable from the runner and has connections to spare (max_connections, the pooler's limits), then re-run;"
              + " or set `safety-backup: false` if you accept restoring without a backup of what it replaces.",
          e);
    }
  }

  /** The client tools for a server, or the failure that says what to install. */
  static PostgresClients.Tools tools(PostgresClients clients, ServerVersion server) throws StepFailure {
    try {
      return clients.forServer(server);
    } catch (PostgresClients.MissingClientException e) {
      throw new StepFailure(e.getMessage(), e.fix());
    }
  }
}
