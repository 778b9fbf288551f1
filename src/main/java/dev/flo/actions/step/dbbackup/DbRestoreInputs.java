package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.InputError;
import dev.flo.actions.runtime.Inputs;
import java.util.Map;

/**
 * db-restore's inputs. {@code source} is split into the folder it lives in and the object's name, where the name
 * {@code latest} means the newest complete backup of the folder.
 */
record DbRestoreInputs(PostgresConnection database, StoreLocation folder, String object, String confirm, boolean safetyBackup, StoreOptions store, boolean dryRun) {
  static final String LATEST = "latest";

  static DbRestoreInputs read(Inputs in, Map<String, String> env) throws InputError {
    PostgresConnection database = DbBackupInputs.connection(in, "database-url");
    String source = in.string("source");
    StoreLocation folder = null;
    String object = null;
    if (source != null) {
      int slash = source.lastIndexOf('/');
      object = slash < 0 ? "" : source.substring(slash + 1);
      if (object.isEmpty() || source.indexOf("://") + 2 >= slash) {
        in.problem("source", "'" + source + "' names no object", "Give a backup's URI (s3://bucket/prefix/NAME.pgdump.zst) or s3://bucket/prefix/latest.");
      } else {
        try {
          folder = StoreLocation.parse(source.substring(0, slash + 1));
        } catch (IllegalArgumentException e) {
          in.problem("source", "'" + source + "' " + e.getMessage(), "Use s3://bucket/prefix/latest, or a backup's s3:// or file:// URI.");
        }
      }
    }
    String confirm = in.string("confirm");
    boolean safety = in.bool("safety-backup");
    StoreOptions store = StoreOptions.read(in, env);
    boolean dryRun = in.dryRun();
    in.check();
    return new DbRestoreInputs(database, folder, object, confirm, safety, store, dryRun);
  }
}
