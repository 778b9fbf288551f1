package dev.flo.actions.step.migrate;

import java.sql.SQLException;

/**
 * A migration's SQL failed; says where, whether it was rolled back, and whether the failure was
 * recorded.
 */
public class MigrationFailure extends Exception {
  private final transient Migration migration;
  private final transient SqlStatement statement;
  private final boolean rolledBack;
  private final String unrecorded;

  public MigrationFailure(
      Migration migration,
      SqlStatement statement,
      SQLException cause,
      boolean rolledBack,
      String unrecorded) {
    super(cause.getMessage(), cause);
    this.migration = migration;
    this.statement = statement;
    this.rolledBack = rolledBack;
    this.unrecorded = unrecorded;
  }

  public Migration migration() {
    return migration;
  }

  /** The statement that failed, or null when the bookkeeping itself failed. */
  public SqlStatement statement() {
    return statement;
  }

  public boolean rolledBack() {
    return rolledBack;
  }

  /** Why the failure is not in the bookkeeping table, or null when it is. */
  public String unrecorded() {
    return unrecorded;
  }

  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
