package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Prisma Migrate's {@code _prisma_migrations}, as prisma-engines writes it ({@code
 * sql_migration_persistence.rs}, {@code apply_migrations.rs}): a row per attempt, inserted at
 * start, {@code applied_steps_count} then {@code finished_at} set on success, {@code logs} on
 * failure; a row neither finished nor rolled back blocks.
 */
public final class PrismaLedger implements Ledger {
  /**
   * prisma-engines {@code flavour/postgres.rs} {@code acquire_lock}: {@code
   * pg_advisory_lock(72707369)}.
   */
  static final long LOCK_KEY = 72707369L;

  private final String schema;
  private final Map<String, String> ids = new HashMap<>();

  public PrismaLedger(String schema) {
    this.schema = schema;
  }

  @Override
  public String table() {
    return Ledger.quote(schema) + "._prisma_migrations";
  }

  @Override
  public long lockKey() {
    return LOCK_KEY;
  }

  @Override
  public boolean exists(Connection c) throws SQLException {
    return Ledger.tableExists(c, schema, "_prisma_migrations");
  }

  @Override
  public void create(Connection c) throws SQLException, LedgerException {
    List<String> tables = Ledger.otherTables(c, schema);
    if (!tables.isEmpty()) {
      // Prisma refuses too (P3005): applying every migration to a used schema would fail or
      // duplicate objects.
      throw new LedgerException(
          "Schema "
              + schema
              + " already has tables ("
              + String.join(", ", tables)
              + ") but no _prisma_migrations table (Prisma error P3005).",
          "Baseline it: for each migration already in the database run `npx prisma migrate resolve --applied <folder name>`"
              + " (https://pris.ly/d/migrate-baseline), then run migrate again.");
    }
    Ledger.execute(
        c,
        "CREATE TABLE "
            + table()
            + " (\n"
            + "    \"id\"                    VARCHAR(36) PRIMARY KEY NOT NULL,\n"
            + "    \"checksum\"              VARCHAR(64) NOT NULL,\n"
            + "    \"finished_at\"           TIMESTAMPTZ,\n"
            + "    \"migration_name\"        VARCHAR(255) NOT NULL,\n"
            + "    \"logs\"                  TEXT,\n"
            + "    \"rolled_back_at\"        TIMESTAMPTZ,\n"
            + "    \"started_at\"            TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
            + "    \"applied_steps_count\"   INTEGER NOT NULL DEFAULT 0\n"
            + ")");
  }

  @Override
  public LedgerReview review(Connection c, List<Migration> local) throws SQLException {
    List<LedgerReview.Blocker> blockers = new ArrayList<>();
    Set<String> applied = new HashSet<>();
    Map<String, Migration> byName = new HashMap<>();
    local.forEach(m -> byName.put(m.name(), m));
    if (exists(c)) {
      String sql =
          "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at FROM "
              + table()
              + " ORDER BY started_at";
      try (PreparedStatement ps = c.prepareStatement(sql);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString("migration_name");
          Migration file = byName.get(name);
          Timestamp finished = rs.getTimestamp("finished_at");
          if (rs.getTimestamp("rolled_back_at") != null) {
            continue;
          }
          if (finished == null) {
            blockers.add(
                failedRow(
                    file,
                    rs.getString("id"),
                    name,
                    rs.getTimestamp("started_at"),
                    rs.getString("logs")));
            continue;
          }
          applied.add(name);
          if (file == null) {
            blockers.add(
                new LedgerReview.Blocker(
                    null,
                    "Migration "
                        + name
                        + " is recorded as applied in "
                        + table()
                        + " but its folder is not in the checkout.",
                    "Deploy from a branch that contains it (it was applied from another branch), or restore the folder."));
          } else if (!Checksums.prismaMatches(rs.getString("checksum"), file.script())) {
            blockers.add(
                new LedgerReview.Blocker(
                    file,
                    "Migration "
                        + name
                        + " was changed after it was applied: the database recorded checksum "
                        + rs.getString("checksum")
                        + ", the file now has "
                        + Checksums.sha256(file.script())
                        + ".",
                    "Revert the edit and put the change in a new migration (`npx prisma migrate dev --create-only`)."));
          }
        }
      }
    }
    List<Migration> pending = local.stream().filter(m -> !applied.contains(m.name())).toList();
    return new LedgerReview(pending, blockers);
  }

  private LedgerReview.Blocker failedRow(
      @Nullable Migration file, String id, String name, Timestamp started, String logs) {
    String log =
        logs == null || logs.isBlank()
            ? "no error was recorded: the run was interrupted"
            : PrismaFailureLog.summary(logs);
    return new LedgerReview.Blocker(
        file,
        "Migration "
            + name
            + " started at "
            + started.toInstant()
            + " failed (Prisma error P3009): "
            + log,
        "Check the database for changes it left behind and undo them. Then, to retry the fixed file, run"
            + " `npx prisma migrate resolve --rolled-back \""
            + name
            + "\"` (the same as: UPDATE "
            + table()
            + " SET rolled_back_at = now() WHERE id = '"
            + id
            + "';); or, if you completed it by hand, run"
            + " `npx prisma migrate resolve --applied \""
            + name
            + "\"`.");
  }

  @Override
  public void started(Connection c, Migration m) throws SQLException {
    String id = UUID.randomUUID().toString();
    ids.put(m.name(), id);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table()
                + " (id, checksum, started_at, migration_name) VALUES (?, ?, now(), ?)")) {
      ps.setString(1, id);
      ps.setString(2, Checksums.sha256(m.script()));
      ps.setString(3, m.name());
      ps.executeUpdate();
    }
  }

  @Override
  public void succeeded(Connection c, Migration m, long millis) throws SQLException {
    // Two updates, as the engine does after each step and at the end (record_successful_step,
    // record_migration_finished).
    update(
        c,
        "UPDATE " + table() + " SET applied_steps_count = applied_steps_count + 1 WHERE id = ?",
        ids.get(m.name()));
    update(c, "UPDATE " + table() + " SET finished_at = now() WHERE id = ?", ids.get(m.name()));
  }

  /** Prisma's P3018 text, as {@code prisma migrate deploy} leaves it in {@code logs}. */
  @Override
  public String failureLog(Migration m, @Nullable SqlStatement failed, SQLException e) {
    return PrismaFailureLog.of(m.name(), m.script(), failed, e);
  }

  @Override
  public void failed(Connection c, Migration m, String error, boolean rolledBack, long millis)
      throws SQLException {
    if (rolledBack) {
      // The started row went with the transaction; write the row Prisma would have left:
      // unfinished, with logs.
      started(c, m);
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + table() + " SET logs = ? WHERE id = ?")) {
      ps.setString(1, error);
      ps.setString(2, ids.get(m.name()));
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, @Nullable String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  @Override
  public String resolution(Migration m, boolean rolledBack) {
    return (rolledBack
            ? "It ran in a transaction that was rolled back, so the database is as before. "
            : "It ran outside a transaction: check for changes it left and undo them. ")
        + "Prisma recorded it as failed, which blocks later runs (P3009). Fix the file, then run `npx prisma migrate resolve --rolled-back \""
        + m.name()
        + "\"` (or UPDATE "
        + table()
        + " SET rolled_back_at = now() WHERE migration_name = '"
        + m.name()
        + "' AND finished_at IS NULL;) and run migrate again.";
  }
}
