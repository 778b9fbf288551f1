package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * db-restore's inputs. {@code source} is split into the folder it lives in and the object's name,
 * where the name {@code latest} means the newest complete backup of the folder.
 */
record DbRestoreInputs(
    PostgresConnection database,
    StoreLocation folder,
    String object,
    @Nullable String confirm,
    boolean safetyBackup,
    StoreOptions store,
    boolean dryRun) {
  static final String LATEST = "latest";

  /** A backup's folder and its object's name ({@link #LATEST} for the newest). */
  record Source(StoreLocation folder, String object) {}

  static final Input<PostgresConnection> DATABASE_URL =
      Input.named(
              "database-url", "Database to restore into: postgres://user:password@host:5432/db.")
          .reading(DbBackupInputs::connection)
          .secret()
          .required();
  static final Input<Source> SOURCE =
      Input.named(
              "source",
              "The backup: its URI (s3://bucket/prefix/NAME.pgdump.zst, file:///...), or s3://bucket/prefix/latest for the newest one.")
          .reading(DbRestoreInputs::source)
          .required();
  static final Input<String> CONFIRM =
      Input.named(
              "confirm",
              "The target database's name. Required when the target has tables: the restore replaces them.")
          .text();
  static final Input<Boolean> SAFETY_BACKUP =
      Input.named("safety-backup", "Back up a non-empty target first, under <prefix>/pre-restore/.")
          .bool()
          .byDefault("true");

  static final List<Input<?>> ALL = all();

  private static List<Input<?>> all() {
    List<Input<?>> all = new ArrayList<>(List.of(DATABASE_URL, SOURCE, CONFIRM, SAFETY_BACKUP));
    all.addAll(StoreOptions.INPUTS);
    return List.copyOf(all);
  }

  private static @Nullable Source source(Inputs in, String name) {
    String source = in.string(name);
    if (source == null) {
      return null;
    }
    int slash = source.lastIndexOf('/');
    String object = slash < 0 ? "" : source.substring(slash + 1);
    if (object.isEmpty() || source.indexOf("://") + 2 >= slash) {
      in.problem(
          name,
          "'" + source + "' names no object",
          "Give a backup's URI (s3://bucket/prefix/NAME.pgdump.zst) or s3://bucket/prefix/latest.");
      return null;
    }
    try {
      return new Source(StoreLocation.parse(source.substring(0, slash + 1)), object);
    } catch (IllegalArgumentException e) {
      in.problem(
          name,
          "'" + source + "' " + e.getMessage(),
          "Use s3://bucket/prefix/latest, or a backup's s3:// or file:// URI.");
      return null;
    }
  }

  static @Nullable DbRestoreInputs read(Inputs in, StepPort port) {
    StoreOptions store = StoreOptions.read(in, port);
    if (in.hasProblems()) {
      return null;
    }
    Source source = Objects.requireNonNull(in.get(SOURCE), "required, and read without a problem");
    return new DbRestoreInputs(
        Objects.requireNonNull(in.get(DATABASE_URL), "required, and read without a problem"),
        source.folder(),
        source.object(),
        in.get(CONFIRM),
        Objects.requireNonNull(in.get(SAFETY_BACKUP), "has a default"),
        store,
        in.dryRun());
  }
}
