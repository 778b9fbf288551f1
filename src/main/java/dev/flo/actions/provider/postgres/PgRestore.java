package dev.flo.actions.provider.postgres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code pg_restore} reading an archive from stdin (https://www.postgresql.org/docs/current/app-pgrestore.html). */
public final class PgRestore {
  private PgRestore() {}

  /**
   * One transaction ({@code --single-transaction}): a restore that fails, or is cut off, changes nothing.
   * {@code --clean --if-exists} replaces the archive's objects in a database that has them; objects are owned by
   * the connecting role ({@code --no-owner}) since the roles of the source rarely exist in the target.
   *
   * @param withPrivileges false for scratch databases, where the source's roles usually do not exist
   */
  public static ToolProcess start(PostgresClients.Tools tools, PostgresConnection target, boolean withPrivileges) throws IOException {
    List<String> args = new ArrayList<>(List.of("--single-transaction", "--exit-on-error", "--clean", "--if-exists", "--no-owner", "--no-password"));
    if (!withPrivileges) {
      args.add("--no-privileges");
    }
    // A conninfo string, so any database name is taken literally (a plain name containing '=' would be parsed);
    // host, user and password come from the environment.
    args.add("--dbname=dbname='" + target.database().replace("\\", "\\\\").replace("'", "\\'") + "'");
    return ToolProcess.start(tools.pgRestore(), args, target.libpqEnvironment());
  }
}
