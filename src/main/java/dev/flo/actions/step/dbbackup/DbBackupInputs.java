package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.InputError;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import java.util.Map;

/** db-backup's inputs, read and checked together. */
record DbBackupInputs(
    PostgresConnection database,
    StoreLocation destination,
    Compression compression,
    StoreOptions store,
    Integer retentionDays,
    int keepMin,
    PostgresConnection verifyDatabase,
    boolean dryRun) {

  static DbBackupInputs read(Inputs in, Map<String, String> env) throws InputError {
    PostgresConnection database = connection(in, "database-url");
    StoreLocation destination = location(in, "destination");
    Compression compression = in.choice("compression", Compression.class);
    StoreOptions store = StoreOptions.read(in, env);
    Integer retentionDays = in.integer("retention-days", 1, 36_500);
    Integer keepMin = in.integer("keep-min", 1, 10_000);
    PostgresConnection verify = connection(in, "verify-database-url");
    if (verify != null && database != null && verify.sameDatabaseAs(database)) {
      in.problem("verify-database-url", "names the database being backed up", "Give a scratch database: the check replaces its tables with the backup's.");
    }
    boolean dryRun = in.dryRun();
    in.check();
    return new DbBackupInputs(database, destination, compression, store, retentionDays, keepMin == null ? 7 : keepMin, verify, dryRun);
  }

  static PostgresConnection connection(Inputs in, String name) {
    Secret url = in.secret(name);
    if (url == null) {
      return null;
    }
    try {
      return PostgresConnection.parse(url.reveal());
    } catch (IllegalArgumentException e) {
      in.problem(name, e.getMessage(), PostgresConnection.URL_FIX);
      return null;
    }
  }

  static StoreLocation location(Inputs in, String name) {
    String value = in.string(name);
    if (value == null) {
      return null;
    }
    try {
      return StoreLocation.parse(value);
    } catch (IllegalArgumentException e) {
      in.problem(name, "'" + value + "' " + e.getMessage(), "Use s3://bucket/prefix or file:///absolute/path.");
      return null;
    }
  }
}
