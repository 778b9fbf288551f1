package dev.flo.actions.step.migrate;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.step.migrate.ledger.Ledger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs one migration file: in one explicit transaction together with its bookkeeping row, or, when
 * a statement cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}) or the file has its
 * own {@code BEGIN/COMMIT}, statement by statement with the row written first. {@code lock_timeout}
 * and {@code statement_timeout} are set before each file.
 */
public final class MigrationRunner {
  private final Connection connection;
  private final Ledger ledger;
  private final Clock clock;
  private final Duration lockTimeout;
  private final @Nullable Duration statementTimeout;
  private int serverVersion;

  public MigrationRunner(
      Connection connection,
      Ledger ledger,
      Clock clock,
      Duration lockTimeout,
      @Nullable Duration statementTimeout) {
    this.connection = connection;
    this.ledger = ledger;
    this.clock = clock;
    this.lockTimeout = lockTimeout;
    this.statementTimeout = statementTimeout;
  }

  /** What happened to one migration. */
  public record Outcome(Migration migration, boolean transactional, Duration took) {}

  public Outcome run(Migration m) throws MigrationFailure, SQLException {
    List<SqlStatement> statements = SqlSplitter.split(ledger.sql(connection, m));
    int version = serverVersion();
    boolean transactional =
        statements.stream().noneMatch(s -> s.nonTransactional(version) || s.transactionControl());
    connection.setAutoCommit(true);
    setTimeouts();
    long start = clock.nanoTime();
    SqlStatement current = null;
    try {
      if (transactional) {
        connection.setAutoCommit(false);
      }
      ledger.started(connection, m);
      for (SqlStatement s : statements) {
        current = s;
        execute(s.text());
      }
      current = null;
      ledger.succeeded(connection, m, millisSince(start));
      if (transactional) {
        connection.commit();
        connection.setAutoCommit(true);
      }
      return new Outcome(m, transactional, Duration.ofNanos(clock.nanoTime() - start));
    } catch (SQLException e) {
      String recorded = recordFailure(m, current, e, transactional, millisSince(start));
      throw new MigrationFailure(m, current, e, transactional, recorded);
    }
  }

  /**
   * Rolls back and writes the failure the tool's way; returns a note when that was impossible
   * (connection lost).
   */
  private @Nullable String recordFailure(
      Migration m,
      @Nullable SqlStatement failed,
      SQLException e,
      boolean transactional,
      long millis) {
    try {
      if (transactional) {
        connection.rollback();
        connection.setAutoCommit(true);
      } else {
        // A file with its own BEGIN may have left the session in an aborted transaction block.
        execute("ROLLBACK");
      }
      ledger.failed(connection, m, ledger.failureLog(m, failed, e), transactional, millis);
      return null;
    } catch (SQLException again) {
      return "The failure could not be recorded in "
          + ledger.table()
          + " ("
          + again.getMessage()
          + ").";
    }
  }

  /**
   * {@code server_version_num}: {@code ALTER TYPE ... ADD VALUE} needs its own path before
   * PostgreSQL 12.
   */
  static int serverVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private int serverVersion() throws SQLException {
    if (serverVersion == 0) {
      serverVersion = serverVersion(connection);
    }
    return serverVersion;
  }

  private void setTimeouts() throws SQLException {
    execute("SET lock_timeout = " + lockTimeout.toMillis());
    if (statementTimeout != null) {
      execute("SET statement_timeout = " + statementTimeout.toMillis());
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      // The text is the user's SQL: no JDBC {fn} escapes.
      st.setEscapeProcessing(false);
      st.execute(sql);
    }
  }

  private long millisSince(long start) {
    return Duration.ofNanos(clock.nanoTime() - start).toMillis();
  }
}
