package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** db-backup's inputs, declared once below, read by the launcher and checked together here. */
record DbBackupInputs(
    PostgresConnection database,
    StoreLocation destination,
    Compression compression,
    StoreOptions store,
    @Nullable Integer retentionDays,
    int keepMin,
    @Nullable PostgresConnection verifyDatabase,
    boolean dryRun) {

  static final Input<PostgresConnection> DATABASE_URL =
      Input.named(
              "database-url",
              "Database to back up: postgres://user:password@host:5432/db?sslmode=require.")
          .reading(DbBackupInputs::connection)
          .secret()
          .required();
  static final Input<StoreLocation> DESTINATION =
      Input.named("destination", "Where backups go: s3://bucket/prefix or file:///absolute/path.")
          .reading(DbBackupInputs::location)
          .required();
  static final Input<Compression> COMPRESSION =
      Input.named("compression", "zstd, gzip or none.").choice(Compression.class).byDefault("zstd");
  static final Input<Integer> RETENTION_DAYS =
      Input.named(
              "retention-days",
              "Delete backups older than this many days after a successful, verified backup. Empty: keep everything.")
          .integer(1, 36_500);
  static final Input<Integer> KEEP_MIN =
      Input.named("keep-min", "Never delete below this many backups, however old.")
          .integer(1, 10_000)
          .byDefault("7");
  static final Input<PostgresConnection> VERIFY_DATABASE_URL =
      Input.named(
              "verify-database-url",
              "Scratch database to restore the new backup into and check row counts. Its tables are replaced.")
          .reading(DbBackupInputs::connection)
          .secret();

  static final List<Input<?>> ALL = all();

  private static List<Input<?>> all() {
    List<Input<?>> all = new ArrayList<>(List.of(DATABASE_URL, DESTINATION, COMPRESSION));
    all.addAll(StoreOptions.INPUTS);
    all.addAll(List.of(RETENTION_DAYS, KEEP_MIN, VERIFY_DATABASE_URL));
    return List.copyOf(all);
  }

  static @Nullable DbBackupInputs read(Inputs in, StepPort port) {
    PostgresConnection database = in.get(DATABASE_URL);
    PostgresConnection verify = in.get(VERIFY_DATABASE_URL);
    if (verify != null && database != null && verify.sameDatabaseAs(database)) {
      in.problem(
          VERIFY_DATABASE_URL,
          "names the database being backed up",
          "Give a scratch database: the check replaces its tables with the backup's.");
    }
    StoreOptions store = StoreOptions.read(in, port);
    if (in.hasProblems()) {
      return null;
    }
    return new DbBackupInputs(
        Objects.requireNonNull(database, "required, and read without a problem"),
        Objects.requireNonNull(in.get(DESTINATION), "required, and read without a problem"),
        Objects.requireNonNull(in.get(COMPRESSION), "has a default"),
        store,
        in.get(RETENTION_DAYS),
        Objects.requireNonNull(in.get(KEEP_MIN), "has a default"),
        verify,
        in.dryRun());
  }

  /** A PostgreSQL URL, masked as it is read. */
  static @Nullable PostgresConnection connection(Inputs in, String name) {
    Secret url = in.secret(name);
    if (url == null) {
      return null;
    }
    try {
      return PostgresConnection.parse(url.reveal());
    } catch (IllegalArgumentException e) {
      in.problem(name, String.valueOf(e.getMessage()), PostgresConnection.URL_FIX);
      return null;
    }
  }

  static @Nullable StoreLocation location(Inputs in, String name) {
    String value = in.string(name);
    if (value == null) {
      return null;
    }
    try {
      return StoreLocation.parse(value);
    } catch (IllegalArgumentException e) {
      in.problem(
          name,
          "'" + value + "' " + e.getMessage(),
          "Use s3://bucket/prefix or file:///absolute/path.");
      return null;
    }
  }
}
