package dev.flo.actions.step.migrate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 15 server for every migrate test class (started once per JVM), with a fresh
 * database per test so tests never see each other's tables.
 */
public final class TestDatabase {
  private static EmbeddedPostgres server;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static synchronized TestDatabase fresh() throws IOException, SQLException {
    if (server == null) {
      server = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting
                    }
                  }));
    }
    String name = "migrate_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"))) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return new TestDatabase(name);
  }

  /** The URL users put in the {@code database-url} secret. */
  public String url() {
    return "postgres://postgres:secret-pw@localhost:" + server.getPort() + "/" + name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = connect()) {
      c.createStatement().execute(sql);
    }
  }

  /** Every row of a query, each as a list of strings (null stays null). */
  public List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  public String value(String sql) throws SQLException {
    List<List<String>> rows = rows(sql);
    return rows.isEmpty() ? null : rows.getFirst().getFirst();
  }
}
