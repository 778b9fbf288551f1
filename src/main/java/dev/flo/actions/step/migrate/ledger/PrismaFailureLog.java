package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.SqlStatement;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The {@code logs} text Prisma writes on a failed migration: its P3018 message (prisma-engines
 * {@code user_facing_errors::schema_engine::ApplyMigrationError}) with the database error rendered
 * as the engine's {@code apply_migration_script} renders tokio-postgres's {@code DbError}: its
 * {@code Display}, a blank line, then its {@code Debug} form. Left out: the engine's "Position"
 * excerpt (terminal colour codes around the failing line) and its tracing span list, which names
 * the engine's own source lines.
 */
final class PrismaFailureLog {
  private PrismaFailureLog() {}

  static String of(
      String migrationName, String script, @Nullable SqlStatement failed, SQLException e) {
    ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    String code =
        server == null || server.getSQLState() == null
            ? (e.getSQLState() == null ? "none" : e.getSQLState())
            : server.getSQLState();
    String error =
        server == null
            ? e.getMessage()
            : display(server)
                + "\n\n"
                + debug(server, scriptPosition(script, failed, server.getPosition()));
    // ApplyMigrationError's message ends in a newline, and ConnectorError's Display adds one after
    // it.
    return "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve"
        + " migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: "
        + migrationName
        + "\n\nDatabase error code: "
        + code
        + "\n\nDatabase error:\n"
        + error
        + "\n\n";
  }

  /**
   * The code and first line of the database error from a P3018 text (Prisma's or ours), else the
   * text itself: the full text repeats the P3018 preamble and a debug dump, too long for an
   * annotation.
   */
  static String summary(String logs) {
    String text = logs.strip();
    int code = text.indexOf("Database error code: ");
    int error = text.indexOf("\n\nDatabase error:\n");
    if (code < 0 || error < code) {
      return text;
    }
    String sqlState = text.substring(code + "Database error code: ".length(), error).strip();
    String first =
        text.substring(error + "\n\nDatabase error:\n".length())
            .lines()
            .findFirst()
            .orElse("")
            .strip();
    return first + " (SQLSTATE " + sqlState + ")";
  }

  /**
   * tokio-postgres {@code impl Display for DbError}: severity, message, then DETAIL and HINT lines.
   */
  private static String display(ServerErrorMessage m) {
    return m.getSeverity()
        + ": "
        + m.getMessage()
        + (m.getDetail() == null ? "" : "\nDETAIL: " + m.getDetail())
        + (m.getHint() == null ? "" : "\nHINT: " + m.getHint());
  }

  /**
   * The derived {@code Debug} of tokio-postgres {@code DbError}, field by field in declaration
   * order.
   */
  private static String debug(ServerErrorMessage m, int position) {
    return "DbError { severity: "
        + quoted(m.getSeverity())
        + ", parsed_severity: "
        + (m.getSeverity() == null ? "None" : "Some(" + capitalized(m.getSeverity()) + ")")
        + ", code: SqlState(E"
        + m.getSQLState()
        + ")"
        + ", message: "
        + quoted(m.getMessage())
        + ", detail: "
        + option(m.getDetail())
        + ", hint: "
        + option(m.getHint())
        + ", position: "
        + (position > 0 ? "Some(Original(" + position + "))" : "None")
        + ", where_: "
        + option(m.getWhere())
        + ", schema: "
        + option(m.getSchema())
        + ", table: "
        + option(m.getTable())
        + ", column: "
        + option(m.getColumn())
        + ", datatype: "
        + option(m.getDatatype())
        + ", constraint: "
        + option(m.getConstraint())
        + ", file: "
        + option(m.getFile())
        + ", line: "
        + (m.getLine() > 0 ? "Some(" + m.getLine() + ")" : "None")
        + ", routine: "
        + option(m.getRoutine())
        + " }";
  }

  /**
   * Prisma sends the whole script, so the server's position counts from its start; ours from the
   * statement's.
   */
  private static int scriptPosition(String script, @Nullable SqlStatement failed, int position) {
    if (position <= 0 || failed == null) {
      return 0;
    }
    int start = script.indexOf(failed.text());
    return start < 0 ? 0 : start + position;
  }

  private static String option(String s) {
    return s == null ? "None" : "Some(" + quoted(s) + ")";
  }

  private static String quoted(String s) {
    return s == null
        ? "\"\""
        : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String capitalized(String severity) {
    String lower = severity.toLowerCase(Locale.ROOT);
    return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
