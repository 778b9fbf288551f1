package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * drizzle-orm's {@code drizzle.__drizzle_migrations} (0.x journal format, {@code
 * pg-core/dialect.ts}): one row per applied migration with {@code hash = sha256(file)} and {@code
 * created_at = } the journal's {@code when}. Drizzle applies only entries newer than the newest row
 * and never compares hashes; we fail on both instead.
 */
public final class DrizzleLedger implements Ledger {
  /** Drizzle takes no lock (drizzle-orm#874), so ours; the same key as the plain layout's. */
  static final long LOCK_KEY = SqlLedger.LOCK_KEY;

  private static final String SCHEMA = "drizzle";

  @Override
  public String table() {
    return "\"drizzle\".\"__drizzle_migrations\"";
  }

  @Override
  public long lockKey() {
    return LOCK_KEY;
  }

  @Override
  public boolean exists(Connection c) throws SQLException {
    return Ledger.tableExists(c, SCHEMA, "__drizzle_migrations");
  }

  @Override
  public void create(Connection c) throws SQLException {
    Ledger.execute(c, "CREATE SCHEMA IF NOT EXISTS \"drizzle\"");
    Ledger.execute(
        c,
        "CREATE TABLE IF NOT EXISTS "
            + table()
            + " (\n\t\t\tid SERIAL PRIMARY KEY,\n\t\t\thash text NOT NULL,\n\t\t\tcreated_at bigint\n\t\t)");
  }

  @Override
  public LedgerReview review(Connection c, List<Migration> local) throws SQLException {
    List<LedgerReview.Blocker> blockers = new ArrayList<>();
    List<Long> applied = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    if (exists(c)) {
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, hash, created_at FROM " + table() + " ORDER BY created_at");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long createdAt = rs.getLong("created_at");
          String hash = rs.getString("hash");
          applied.add(createdAt);
          newest = Math.max(newest, createdAt);
          Migration file =
              local.stream().filter(m -> m.createdAt() == createdAt).findFirst().orElse(null);
          if (file == null) {
            blockers.add(
                new LedgerReview.Blocker(
                    null,
                    "Row "
                        + rs.getLong("id")
                        + " of "
                        + table()
                        + " (created_at "
                        + createdAt
                        + ") matches no entry of meta/_journal.json: a migration is applied that the checkout does not have.",
                    "Deploy from a branch that contains it, or restore the migration and its journal entry."));
          } else if (!hash.equals(Checksums.sha256(file.script()))) {
            blockers.add(
                new LedgerReview.Blocker(
                    file,
                    "Migration "
                        + file.name()
                        + " was changed after it was applied: "
                        + table()
                        + " has hash "
                        + hash
                        + ", the file now has "
                        + Checksums.sha256(file.script())
                        + ".",
                    "Revert the edit and generate a new migration with `drizzle-kit generate` for the change."));
          }
        }
      }
    }
    List<Migration> pending = new ArrayList<>();
    for (Migration m : local) {
      if (applied.contains(m.createdAt())) {
        continue;
      }
      if (m.createdAt() <= newest) {
        blockers.add(
            new LedgerReview.Blocker(
                m,
                "Migration "
                    + m.name()
                    + " is not applied, but its journal time (when = "
                    + m.createdAt()
                    + ") is older than the newest applied one ("
                    + newest
                    + "): drizzle-orm would skip it silently.",
                "Set its \"when\" in meta/_journal.json above "
                    + newest
                    + " (it was probably generated on an older branch), or regenerate it with `drizzle-kit generate`."));
      } else {
        pending.add(m);
      }
    }
    return new LedgerReview(pending, blockers);
  }

  @Override
  public void started(Connection c, Migration m) {
    // Drizzle writes its row after the migration, in the same transaction.
  }

  @Override
  public void succeeded(Connection c, Migration m, long millis) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + table() + " (\"hash\", \"created_at\") VALUES (?, ?)")) {
      ps.setString(1, Checksums.sha256(m.script()));
      ps.setLong(2, m.createdAt());
      ps.executeUpdate();
    }
  }

  @Override
  public void failed(Connection c, Migration m, String error, boolean rolledBack, long millis) {
    // Drizzle records no failures: the rolled-back migration is simply pending again.
  }

  @Override
  public String resolution(Migration m, boolean rolledBack) {
    return rolledBack
        ? "It ran in a transaction that was rolled back, and Drizzle records nothing: fix the file and run again."
        : "It ran outside a transaction and Drizzle records nothing, so statements before the failing one stay applied: undo them (or make them IF NOT EXISTS), fix the file and run again.";
  }
}
