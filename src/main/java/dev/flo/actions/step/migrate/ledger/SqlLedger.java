package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our own table for a plain folder of ordered {@code .sql} files: a row per migration, written when
 * it starts and completed when it succeeds, so a failed or interrupted one stays visible and blocks
 * the next run.
 */
public final class SqlLedger implements Ledger {
  /** "FloMig" in ASCII, in the spirit of Flyway's key. */
  public static final long LOCK_KEY = 0x466C6F4D6967L;

  private final String schema;

  public SqlLedger(String schema) {
    this.schema = schema;
  }

  @Override
  public String table() {
    return Ledger.quote(schema) + ".flo_schema_migrations";
  }

  @Override
  public long lockKey() {
    return LOCK_KEY;
  }

  @Override
  public boolean exists(Connection c) throws SQLException {
    return Ledger.tableExists(c, schema, "flo_schema_migrations");
  }

  @Override
  public void create(Connection c) throws SQLException {
    Ledger.execute(
        c,
        "CREATE TABLE IF NOT EXISTS "
            + table()
            + " (\n"
            + "  name text PRIMARY KEY,\n"
            + "  checksum text NOT NULL,\n"
            + "  started_at timestamptz NOT NULL DEFAULT now(),\n"
            + "  finished_at timestamptz,\n"
            + "  execution_ms integer,\n"
            + "  success boolean,\n"
            + "  error text,\n"
            + "  installed_by text NOT NULL DEFAULT current_user\n"
            + ")");
  }

  @Override
  public LedgerReview review(Connection c, List<Migration> local) throws SQLException {
    List<LedgerReview.Blocker> blockers = new ArrayList<>();
    Map<String, Migration> byName = new HashMap<>();
    local.forEach(m -> byName.put(m.name(), m));
    List<String> applied = new ArrayList<>();
    String newest = null;
    if (exists(c)) {
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, checksum, success, error, started_at FROM "
                      + table()
                      + " ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString("name");
          Migration file = byName.get(name);
          applied.add(name);
          newest = name;
          if (!rs.getBoolean("success")) {
            String error = rs.getString("error");
            blockers.add(
                new LedgerReview.Blocker(
                    file,
                    "Migration "
                        + name
                        + " started at "
                        + rs.getTimestamp("started_at").toInstant()
                        + " and "
                        + (error == null
                            ? "never finished (the run was interrupted)"
                            : "failed: " + error.strip()),
                    "Check the database for changes it left behind and undo them, fix the file, then clear the record: DELETE FROM "
                        + table()
                        + " WHERE name = '"
                        + name.replace("'", "''")
                        + "';"));
          } else if (file == null) {
            blockers.add(
                new LedgerReview.Blocker(
                    null,
                    "Migration " + name + " is applied but not in the checkout.",
                    "Deploy from a branch that contains it, or restore the file."));
          } else if (!rs.getString("checksum").equals(Checksums.sha256(file.script()))) {
            blockers.add(
                new LedgerReview.Blocker(
                    file,
                    "Migration "
                        + name
                        + " was changed after it was applied: "
                        + table()
                        + " has checksum "
                        + rs.getString("checksum")
                        + ", the file now has "
                        + Checksums.sha256(file.script())
                        + ".",
                    "Revert the edit and put the change in a new file that sorts after the last one."));
          }
        }
      }
    }
    List<Migration> pending = new ArrayList<>();
    for (Migration m : local) {
      if (applied.contains(m.name())) {
        continue;
      }
      if (newest != null && m.name().compareTo(newest) < 0) {
        blockers.add(
            new LedgerReview.Blocker(
                m,
                "Migration "
                    + m.name()
                    + " is not applied but sorts before "
                    + newest
                    + ", which is: files run in name order, so it would run out of order.",
                "Rename it to sort after " + newest + "."));
      } else {
        pending.add(m);
      }
    }
    return new LedgerReview(pending, blockers);
  }

  @Override
  public void started(Connection c, Migration m) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + table() + " (name, checksum) VALUES (?, ?)")) {
      ps.setString(1, m.name());
      ps.setString(2, Checksums.sha256(m.script()));
      ps.executeUpdate();
    }
  }

  @Override
  public void succeeded(Connection c, Migration m, long millis) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table()
                + " SET finished_at = now(), execution_ms = ?, success = true WHERE name = ?")) {
      ps.setInt(1, (int) Math.min(Integer.MAX_VALUE, millis));
      ps.setString(2, m.name());
      ps.executeUpdate();
    }
  }

  @Override
  public void failed(Connection c, Migration m, String error, boolean rolledBack, long millis)
      throws SQLException {
    if (rolledBack) {
      started(c, m);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table()
                + " SET execution_ms = ?, success = false, error = ? WHERE name = ?")) {
      ps.setInt(1, (int) Math.min(Integer.MAX_VALUE, millis));
      ps.setString(2, error);
      ps.setString(3, m.name());
      ps.executeUpdate();
    }
  }

  @Override
  public String resolution(Migration m, boolean rolledBack) {
    return (rolledBack
            ? "It ran in a transaction that was rolled back, so the database is as before. "
            : "It ran outside a transaction: check for changes it left and undo them. ")
        + "The failure is recorded in "
        + table()
        + " and blocks later runs: fix the file, then DELETE FROM "
        + table()
        + " WHERE name = '"
        + m.name().replace("'", "''")
        + "'; and run migrate again.";
  }
}
