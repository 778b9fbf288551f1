package dev.flo.actions.provider.postgres;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores an archive read from stdin in one transaction that commits only after the caller's check
 * passed: {@code pg_restore} turns the archive into a {@code --single-transaction} script
 * (https://www.postgresql.org/docs/current/app-pgrestore.html), {@code psql} runs it against the
 * target with its final COMMIT held back, then runs the check and commits. Until that COMMIT
 * nothing is visible; a restore that fails, is cut off or whose process is killed ends with the
 * connection, and the server rolls it back.
 */
public final class PgRestore implements AutoCloseable {
  private final ToolProcess restore;
  private final ToolProcess psql;
  private final OutputStream script;
  private final HeldCommit held;
  private final Thread copier;
  private volatile @Nullable IOException psqlGone;

  /** How the restore ended: the tools' exit codes and whether the transaction committed. */
  public record Result(
      int pgRestoreExit,
      int psqlExit,
      boolean scriptComplete,
      boolean committed,
      String pgRestoreMessages,
      String psqlMessages) {}

  private PgRestore(ToolProcess restore, ToolProcess psql) {
    this.restore = restore;
    this.psql = psql;
    this.script = new BufferedOutputStream(psql.stdin(), 1 << 16);
    this.held = new HeldCommit(script);
    this.copier = Thread.ofVirtual().name("pg_restore-to-psql").start(this::copy);
  }

  /**
   * {@code --clean --if-exists} replaces the archive's objects in a database that has them; objects
   * are owned by the connecting role ({@code --no-owner}) since the roles of the source rarely
   * exist in the target.
   *
   * @param withPrivileges false for scratch databases, where the source's roles usually do not
   *     exist
   */
  public static PgRestore start(
      PostgresClients.Tools tools, PostgresConnection target, boolean withPrivileges)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("--single-transaction", "--clean", "--if-exists", "--no-owner", "--file=-"));
    if (!withPrivileges) {
      args.add("--no-privileges");
    }
    // The script only: pg_restore itself never connects, so it gets no credentials.
    ToolProcess restore = ToolProcess.start(tools.pgRestore(), args, java.util.Map.of());
    ToolProcess psql;
    try {
      // A conninfo string, so any database name is taken literally (a plain name containing '='
      // would be parsed);
      // host, user and password come from the environment. ON_ERROR_STOP: the first error ends
      // psql, uncommitted.
      psql =
          ToolProcess.start(
              tools.psql(),
              List.of(
                  "--no-psqlrc",
                  "--quiet",
                  "--no-password",
                  "--set=ON_ERROR_STOP=1",
                  "--output=/dev/null",
                  "--dbname=dbname='"
                      + target.database().replace("\\", "\\\\").replace("'", "\\'")
                      + "'"),
              target.libpqEnvironment());
    } catch (IOException e) {
      restore.close();
      throw e;
    }
    return new PgRestore(restore, psql);
  }

  /** Where the archive goes; close it when the whole archive was written. */
  public OutputStream archive() {
    return restore.stdin();
  }

  /**
   * After the archive was written and closed: commits after {@code check} (SQL that raises an error
   * when the restored data is wrong; may be empty) when pg_restore wrote its whole script, else
   * rolls back.
   */
  public Result finish(String check) throws InterruptedException {
    int restoreExit = restore.waitFor();
    copier.join();
    boolean complete = false;
    try {
      complete = restoreExit == 0 && psqlGone == null && held.endWithoutCommit();
      script.write(
          ((complete ? check + "\nCOMMIT;\n" : "ROLLBACK;\n")).getBytes(StandardCharsets.UTF_8));
      script.close();
    } catch (IOException e) {
      // psql ended early (an error in the script stopped it): its messages say why, and nothing was
      // committed.
    }
    int psqlExit = psql.waitFor();
    return new Result(
        restoreExit,
        psqlExit,
        complete,
        complete && psqlExit == 0,
        restore.stderr(),
        psql.stderr());
  }

  /** Kills both tools if they still run: an open transaction dies with psql's connection. */
  @Override
  public void close() {
    restore.close();
    psql.close();
  }

  private void copy() {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = restore.stdout()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (psqlGone == null) {
          try {
            held.write(buffer, 0, n);
          } catch (IOException e) {
            // psql stopped (ON_ERROR_STOP): keep draining pg_restore so it is not blocked on a full
            // pipe.
            psqlGone = e;
          }
        }
      }
    } catch (IOException e) {
      // pg_restore's stdout closed: it ended or was killed; finish() reads its exit code.
    }
  }
}
