package dev.flo.actions.step.migrate;

import java.sql.SQLException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A migration's SQL failed; says where, whether it was rolled back, and whether the failure was
 * recorded.
 */
public class MigrationFailure extends Exception {
  private final transient Migration migration;
  private final transient @Nullable SqlStatement statement;
  private final boolean rolledBack;
  private final @Nullable String unrecorded;

  public MigrationFailure(
      Migration migration,
      @Nullable SqlStatement statement,
      SQLException cause,
      boolean rolledBack,
      @Nullable String unrecorded) {
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
  public @Nullable SqlStatement statement() {
    return statement;
  }

  public boolean rolledBack() {
    return rolledBack;
  }

  /** Why the failure is not in the bookkeeping table, or null when it is. */
  public @Nullable String unrecorded() {
    return unrecorded;
  }

  public String sqlState() {
    return Objects.requireNonNull((SQLException) getCause(), "made with its SQLException")
        .getSQLState();
  }
}
