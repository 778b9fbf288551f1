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
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Flyway's {@code flyway_schema_history} (flyway-database-postgresql {@code PostgreSQLDatabase},
 * flyway-core {@code DbMigrate}): one row per successful run with the next {@code installed_rank},
 * CRC32-by-lines checksum and {@code current_user}; a failed transactional migration leaves no row,
 * a failed non-transactional one leaves {@code success = false}, which blocks until repaired.
 * Defaults assumed: {@code outOfOrder=false}, {@code validateOnMigrate=true}.
 */
public final class FlywayLedger implements Ledger {
  /**
   * {@code PostgreSQLAdvisoryLockTemplate}: "Flyway" in ASCII plus the hash of the quoted table
   * name.
   */
  private static final long FLYWAY_LOCK_BASE = 0x466C79776179L;

  private final String schema;

  public FlywayLedger(String schema) {
    this.schema = schema;
  }

  @Override
  public String table() {
    return Ledger.quote(schema) + "." + Ledger.quote("flyway_schema_history");
  }

  @Override
  public long lockKey() {
    return FLYWAY_LOCK_BASE + table().hashCode();
  }

  @Override
  public boolean exists(Connection c) throws SQLException {
    return Ledger.tableExists(c, schema, "flyway_schema_history");
  }

  @Override
  public void create(Connection c) throws SQLException, LedgerException {
    List<String> tables = Ledger.otherTables(c, schema);
    if (!tables.isEmpty()) {
      throw new LedgerException(
          "Schema "
              + schema
              + " already has tables ("
              + String.join(", ", tables)
              + ") but no flyway_schema_history (Flyway: \"Found non-empty schema(s) without schema history table\").",
          "Baseline it once with `flyway baseline -baselineVersion=<last version already in the database>`, then run migrate again.");
    }
    Ledger.execute(
        c,
        "CREATE TABLE "
            + table()
            + " (\n"
            + "    \"installed_rank\" INT NOT NULL,\n"
            + "    \"version\" VARCHAR(50),\n"
            + "    \"description\" VARCHAR(200) NOT NULL,\n"
            + "    \"type\" VARCHAR(20) NOT NULL,\n"
            + "    \"script\" VARCHAR(1000) NOT NULL,\n"
            + "    \"checksum\" INTEGER,\n"
            + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
            + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
            + "    \"execution_time\" INTEGER NOT NULL,\n"
            + "    \"success\" BOOLEAN NOT NULL\n"
            + ")");
    Ledger.execute(
        c,
        "ALTER TABLE "
            + table()
            + " ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\")");
    Ledger.execute(
        c, "CREATE INDEX \"flyway_schema_history_s_idx\" ON " + table() + " (\"success\")");
  }

  private record Row(
      int rank,
      @Nullable String version,
      String description,
      String type,
      String script,
      @Nullable Integer checksum,
      boolean success) {}

  @Override
  public LedgerReview review(Connection c, List<Migration> local) throws SQLException {
    List<Row> rows = exists(c) ? rows(c) : List.of();
    List<LedgerReview.Blocker> blockers = new ArrayList<>();
    String baseline = null;
    String highest = null;
    Map<String, Row> versioned = new HashMap<>();
    Map<String, Row> repeatable = new HashMap<>();
    for (Row r : rows) {
      Migration file =
          local.stream().filter(m -> m.name().equals(r.script())).findFirst().orElse(null);
      if (!r.success()) {
        blockers.add(
            new LedgerReview.Blocker(
                file,
                "Flyway recorded "
                    + r.script()
                    + (r.version() == null ? "" : " (version " + r.version() + ")")
                    + " as failed (installed_rank "
                    + r.rank()
                    + "): it ran outside a transaction and may have left changes.",
                "Undo what it changed, fix the file, then remove the row as `flyway repair` does: DELETE FROM "
                    + table()
                    + " WHERE installed_rank = "
                    + r.rank()
                    + ";"));
      } else if (r.type().equals("BASELINE")) {
        baseline = r.version();
      } else if (r.version() != null && !r.type().equals("SCHEMA") && !r.type().equals("DELETE")) {
        versioned.put(normal(r.version()), r);
        highest =
            highest == null || FlywayVersion.ORDER.compare(r.version(), highest) > 0
                ? r.version()
                : highest;
      } else if (r.version() == null) {
        repeatable.put(r.description(), r);
      }
    }
    List<Migration> pending = new ArrayList<>();
    for (Migration m : local) {
      if (m.repeatable()) {
        Row last = repeatable.get(m.description());
        if (last == null
            || last.checksum() == null
            || last.checksum() != Checksums.flywayCrc32(m.script())) {
          pending.add(m);
        }
        continue;
      }
      Row row =
          versioned.remove(
              normal(Objects.requireNonNull(m.version(), "a versioned migration has a version")));
      if (row != null) {
        int crc = Checksums.flywayCrc32(m.script());
        if (row.checksum() == null || row.checksum() != crc) {
          blockers.add(
              new LedgerReview.Blocker(
                  m,
                  "Migration "
                      + m.name()
                      + " (version "
                      + m.version()
                      + ") was changed after it was applied: "
                      + table()
                      + " has checksum "
                      + row.checksum()
                      + ", the file now has "
                      + crc
                      + ".",
                  "Revert the edit and put the change in a new version; only if the edit changes nothing in the database, realign the row with `flyway repair`."));
        } else if (!row.description().equals(m.description())) {
          blockers.add(
              new LedgerReview.Blocker(
                  m,
                  "Migration version "
                      + m.version()
                      + " is recorded as '"
                      + row.description()
                      + "' but the file is now "
                      + m.name()
                      + ".",
                  "Rename the file back, or run `flyway repair` to record the new description."));
        }
      } else if (baseline != null && FlywayVersion.ORDER.compare(m.version(), baseline) <= 0) {
        continue;
      } else if (highest != null && FlywayVersion.ORDER.compare(m.version(), highest) < 0) {
        blockers.add(
            new LedgerReview.Blocker(
                m,
                "Migration "
                    + m.name()
                    + " (version "
                    + m.version()
                    + ") is not applied, but version "
                    + highest
                    + " already is: Flyway would ignore it and fail validation (\"Detected resolved migration not applied to database\").",
                "Rename it to a version above "
                    + highest
                    + " (it was probably merged from an older branch)."));
      } else {
        pending.add(m);
      }
    }
    for (Migration m : pending) {
      List<String> unknown = FlywayPlaceholders.unknown(m.script());
      if (!unknown.isEmpty()) {
        blockers.add(
            new LedgerReview.Blocker(
                m,
                "Migration "
                    + m.name()
                    + " uses Flyway placeholders without a value: "
                    + String.join(", ", unknown)
                    + " (Flyway would stop with \"No value provided for placeholder\").",
                "Write the value into the SQL; migrate fills only Flyway's built-in ${flyway:...} placeholders."));
      }
    }
    for (Row missing : versioned.values()) {
      blockers.add(
          new LedgerReview.Blocker(
              null,
              "Migration "
                  + missing.script()
                  + " (version "
                  + missing.version()
                  + ") is applied but not in the checkout (Flyway: \"Detected applied migration not resolved locally\").",
              "Deploy from a branch that contains it, or restore the file."));
    }
    return new LedgerReview(pending, blockers);
  }

  private List<Row> rows(Connection c) throws SQLException {
    List<Row> rows = new ArrayList<>();
    String sql =
        "SELECT installed_rank, version, description, type, script, checksum, success FROM "
            + table()
            + " ORDER BY installed_rank";
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int crc = rs.getInt("checksum");
        rows.add(
            new Row(
                rs.getInt("installed_rank"),
                rs.getString("version"),
                rs.getString("description"),
                rs.getString("type"),
                rs.getString("script"),
                rs.wasNull() ? null : crc,
                rs.getBoolean("success")));
      }
    }
    return rows;
  }

  private static String normal(String version) {
    return version.replaceAll("(\\.0+)+$", "").replaceAll("(^|\\.)0+(\\d)", "$1$2");
  }

  @Override
  public String sql(Connection c, Migration m) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT current_user, current_database(), localtimestamp");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new FlywayPlaceholders(
              schema, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toLocalDateTime())
          .apply(m);
    }
  }

  @Override
  public void started(Connection c, Migration m) {
    // Flyway writes nothing before a migration runs.
  }

  @Override
  public void succeeded(Connection c, Migration m, long millis) throws SQLException {
    insert(c, m, millis, true);
  }

  @Override
  public void failed(Connection c, Migration m, String error, boolean rolledBack, long millis)
      throws SQLException {
    if (!rolledBack) {
      insert(c, m, millis, false);
    }
  }

  private void insert(Connection c, Migration m, long millis, boolean success) throws SQLException {
    String sql =
        "INSERT INTO "
            + table()
            + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
            + " SELECT COALESCE(MAX(installed_rank), 0) + 1, ?, ?, 'SQL', ?, ?, current_user, ?, ? FROM "
            + table();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, m.version());
      ps.setString(2, m.description());
      ps.setString(3, m.name());
      ps.setInt(4, Checksums.flywayCrc32(m.script()));
      ps.setInt(5, (int) Math.min(Integer.MAX_VALUE, millis));
      ps.setBoolean(6, success);
      ps.executeUpdate();
    }
  }

  @Override
  public String resolution(Migration m, boolean rolledBack) {
    if (rolledBack) {
      return "It ran in a transaction that was rolled back, and Flyway records nothing in that case: fix the file and run again.";
    }
    return "It ran outside a transaction, so Flyway recorded it with success = false, which blocks later runs: undo what it changed, fix the file, then run `flyway repair`"
        + " (or DELETE FROM "
        + table()
        + " WHERE script = '"
        + m.name()
        + "' AND NOT success;) and run migrate again.";
  }
}
