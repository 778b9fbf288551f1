package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.MigrationTool;
import dev.flo.actions.step.migrate.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One tool's bookkeeping table, read and written exactly as that tool does, so a team can switch to
 * this step and back without a migration running twice or being skipped.
 */
public interface Ledger {
  /** The qualified table name, for messages and the SQL we print as fixes. */
  String table();

  /**
   * The advisory lock key: the tool's own where it has one, so the tool and this step exclude each
   * other.
   */
  long lockKey();

  boolean exists(Connection c) throws SQLException;

  /**
   * Creates the table as the tool would, refusing where the tool refuses (a non-empty schema with
   * no table).
   */
  void create(Connection c) throws SQLException, LedgerException;

  /** Compares the table with the files: what is pending and what must stop the run. */
  LedgerReview review(Connection c, List<Migration> local) throws SQLException;

  /**
   * Before the script: inside its transaction, or committed first when the file runs without one.
   */
  void started(Connection c, Migration m) throws SQLException;

  /** After the script, on the same connection (and transaction, when there is one). */
  void succeeded(Connection c, Migration m, long millis) throws SQLException;

  /**
   * After a failure. {@code rolledBack} says the script ran in a transaction that was rolled back,
   * so any row {@link #started} wrote in it is gone too.
   */
  void failed(Connection c, Migration m, String error, boolean rolledBack, long millis)
      throws SQLException;

  /** The SQL to run for {@code m}: its text, or Flyway's with placeholders filled in. */
  default String sql(Connection c, Migration m) throws SQLException {
    return m.script();
  }

  /**
   * What to do after {@code m} failed and was recorded (or not) the tool's way, as exact commands.
   */
  String resolution(Migration m, boolean rolledBack);

  /**
   * The bookkeeping of {@code tool}, its table in {@code schema} (Drizzle's stays in schema
   * drizzle).
   */
  static Ledger of(MigrationTool tool, String schema) {
    return switch (tool) {
      case PRISMA -> new PrismaLedger(schema);
      case DRIZZLE -> new DrizzleLedger();
      case FLYWAY -> new FlywayLedger(schema);
      case SQL -> new SqlLedger(schema);
    };
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = ?")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The tables already in {@code schema}, for the tools that refuse to start bookkeeping on a used
   * schema.
   */
  static List<String> otherTables(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1 LIMIT 5")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (var st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * What the tool stores about {@code m}'s failure at {@code failed} (null: in the bookkeeping),
   * where it stores anything.
   */
  default String failureLog(Migration m, @Nullable SqlStatement failed, SQLException e) {
    return errorText(e);
  }

  /** The error text the tools store: SQLSTATE and the server's message. */
  static String errorText(SQLException e) {
    return "Database error code: " + e.getSQLState() + "\n\nDatabase error:\n" + e.getMessage();
  }
}
