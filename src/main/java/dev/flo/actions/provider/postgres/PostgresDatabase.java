package dev.flo.actions.provider.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One open connection to a database and the few facts a backup or restore needs from it. */
public final class PostgresDatabase implements AutoCloseable {
  /** Schemas PostgreSQL owns; user data is everywhere else. */
  private static final String USER_SCHEMAS =
      "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'";

  private final Connection connection;

  private PostgresDatabase(Connection connection) {
    this.connection = connection;
  }

  public static PostgresDatabase open(PostgresConnection target) throws SQLException {
    return new PostgresDatabase(target.open());
  }

  /**
   * A connection for a quick look, every wait bounded by {@code within} ({@link
   * PostgresConnection#openWithin}).
   */
  public static PostgresDatabase openWithin(PostgresConnection target, java.time.Duration within)
      throws SQLException {
    return new PostgresDatabase(target.openWithin(within));
  }

  public ServerVersion serverVersion() throws SQLException {
    return new ServerVersion(
        Integer.parseInt(single("show server_version_num")), single("show server_version"));
  }

  public long sizeBytes() throws SQLException {
    return Long.parseLong(single("select pg_database_size(current_database())"));
  }

  /**
   * Tables, views, sequences and the like outside PostgreSQL's own schemas: a database with none is
   * empty.
   */
  public int userRelationCount() throws SQLException {
    return Integer.parseInt(
        single(
            "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p','v','m','S','f') and "
                + USER_SCHEMAS));
  }

  /**
   * Starts a read-only repeatable-read transaction and exports its snapshot, so {@code pg_dump
   * --snapshot} dumps exactly the data that {@link #rowCounts()} counts on this connection. Keep
   * this open until the dump ends.
   */
  public String exportSnapshot() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("set transaction isolation level repeatable read, read only");
    }
    return single("select pg_export_snapshot()");
  }

  /**
   * Leaves a transaction that {@link #exportSnapshot()} started (after a failed export, or when the
   * dump ended).
   */
  public void endTransaction() throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  /**
   * Exact row counts of every ordinary table (partitions count on their own, partitioned parents
   * not at all, so no row is counted twice), keyed {@code schema.table}. Extension-owned tables are
   * left out: pg_dump skips them.
   */
  public Map<String, Long> rowCounts() throws SQLException {
    return rowCounts(Map.of());
  }

  /**
   * {@link #rowCounts()}, taking the counts in {@code known} (an {@link ArchiveRowCounter}'s, of
   * the dump of this transaction's snapshot) as they are and counting only the tables it lacks.
   */
  public Map<String, Long> rowCounts(Map<String, Long> known) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where c.relkind = 'r' and "
                    + USER_SCHEMAS
                    + " and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')"
                    + " order by 1, 2")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String[] t : tables) {
      String key = t[0] + "." + t[1];
      Long given = known.get(key);
      counts.put(
          key,
          given != null
              ? given
              : Long.parseLong(
                  single("select count(*) from only " + quote(t[0]) + "." + quote(t[1]))));
    }
    return counts;
  }

  public void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  public String single(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Quotes an identifier as {@code quote_ident} does, always. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Whether the server still answers on this connection (false once it ended the session or went
   * away).
   */
  public boolean isAlive() {
    try {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
