package dev.flo.actions.step.migrate;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A session advisory lock held on its own idle connection for the whole run. Waiters poll {@code
 * pg_try_advisory_lock} instead of blocking: a blocked {@code pg_advisory_lock} waiter deadlocks a
 * concurrent {@code CREATE INDEX CONCURRENTLY} (flyway/flyway#1654), and a transaction-level lock
 * would make it wait forever (flyway/flyway#3497).
 */
public final class MigrationLock implements AutoCloseable {
  static final Duration POLL = Duration.ofSeconds(1);

  private final Connection connection;
  private final long key;

  private MigrationLock(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  /**
   * Takes the lock, polling until {@code wait} has passed; the connection is closed with the lock,
   * or here if the lock is not taken.
   */
  public static MigrationLock acquire(Connection c, long key, Duration wait, Clock clock, Log log)
      throws SQLException, StepFailure, InterruptedException {
    try {
      waitFor(c, key, wait, clock, log);
      return new MigrationLock(c, key);
    } catch (SQLException | StepFailure | InterruptedException | RuntimeException e) {
      // An idle session left open would keep its place in pg_stat_activity (and the lock, were it
      // granted) until the JVM ends.
      c.close();
      throw e;
    }
  }

  private static void waitFor(Connection c, long key, Duration wait, Clock clock, Log log)
      throws SQLException, StepFailure, InterruptedException {
    long deadline = clock.nanoTime() + wait.toNanos();
    Progress waiting =
        Progress.ofWait(
            log,
            clock,
            "Waiting for the migration lock (advisory lock " + key + ")",
            Duration.ofSeconds(30));
    while (!tryLock(c, key)) {
      if (clock.nanoTime() >= deadline) {
        throw new StepFailure(
            "Another migration has held the migration lock (advisory lock "
                + key
                + ") for longer than "
                + MigrateInputs.WAIT_FOR_LOCK.name()
                + " ("
                + DurationText.exact(wait)
                + "): "
                + holder(c, key, true)
                + ".",
            "Wait for it to finish and run again, or raise input '"
                + MigrateInputs.WAIT_FOR_LOCK.name()
                + "'. If that session is stuck, end it with SELECT pg_terminate_backend(<pid>); its migration transaction is then rolled back.");
      }
      // Without the session's age, which changes every poll: an unchanged holder is counted, not
      // repeated.
      waiting.state(
          "held by " + holder(c, key, false),
          Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())));
      clock.sleep(POLL);
    }
    if (!heldHere(c, key)) {
      throw new StepFailure(
          "The migration lock was granted but this session does not hold it: the connection goes through a transaction pooler, where session locks and settings do not stick.",
          "Give migrate the direct database URL (not the pooler's: no port 6543, no -pooler host, no pgbouncer=true).");
    }
  }

  private static boolean tryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * A bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
   */
  private static final String LOCK_ROW =
      "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = ?";

  private static boolean heldHere(Connection c, long key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM pg_locks l WHERE l.pid = pg_backend_pid() AND " + LOCK_ROW)) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  /**
   * Who holds the lock, for the waiting message: pid, application, state and how long its session
   * has been open (a session lock is held at most that long; Postgres records no grant time). Never
   * its query text: another session's last statement can carry literals such as a role's password.
   */
  static String holder(Connection c, long key, boolean withAge) throws SQLException {
    String sql =
        "SELECT a.pid, a.application_name, a.state, (extract(epoch FROM now() - a.backend_start) * 1000)::bigint AS open_ms"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
            + LOCK_ROW;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "a session that just released it";
        }
        return "pid "
            + rs.getInt("pid")
            + " (application '"
            + rs.getString("application_name")
            + "', "
            + rs.getString("state")
            + (withAge
                ? ", holding it for at most "
                    + DurationText.rough(Duration.ofMillis(rs.getLong("open_ms")))
                    + ": its session's age"
                : "")
            + ")";
      }
    }
  }

  /** The server process of {@code c}'s session, for {@link #waitOf}. */
  static int backendPid(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * What session {@code pid} (a migration running) waits for, asked on this lock's idle connection:
   * the lock it has not been granted and who holds it ({@code pg_blocking_pids}), or "running" when
   * it waits on no lock. As in {@link #holder}, never the other session's query text.
   */
  String waitOf(int pid) throws SQLException {
    String sql =
        "SELECT l.mode, l.locktype, l.relation::regclass::text AS relation, b.pid AS holder, b.application_name, b.state"
            + " FROM pg_locks l CROSS JOIN LATERAL unnest(pg_blocking_pids(l.pid)) AS bp(pid) JOIN pg_stat_activity b ON b.pid = bp.pid"
            + " WHERE l.pid = ? AND NOT l.granted ORDER BY b.pid LIMIT 1";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "running";
        }
        String on =
            rs.getString("relation") != null
                ? "table " + rs.getString("relation")
                : "a " + rs.getString("locktype") + " lock";
        return "waiting for "
            + rs.getString("mode")
            + " on "
            + on
            + ", held by pid "
            + rs.getInt("holder")
            + " (application '"
            + rs.getString("application_name")
            + "', "
            + rs.getString("state")
            + ")";
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
    }
  }
}
