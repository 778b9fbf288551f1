package dev.flo.actions.provider.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 15.18 (zonky embedded, the same version as Debian's pg_dump) for the whole
 * test JVM; each test takes fresh databases from it. The superuser has a password so tests can
 * check it never leaks.
 */
public final class PostgresTestServer {
  public static final String PASSWORD = "pg-Pa55word-never-in-logs";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgres server;

  private PostgresTestServer() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (IOException e) {
                        // The JVM is ending anyway.
                      }
                    }));
        execute("postgres", "alter user postgres password '" + PASSWORD + "'");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new empty database; returns its URL with credentials. */
  public static String createDatabase(String hint) {
    String name = hint + "_" + NEXT.incrementAndGet();
    execute("postgres", "create database " + name);
    return url(name);
  }

  public static String url(String database) {
    return "postgres://postgres:" + PASSWORD + "@localhost:" + server().getPort() + "/" + database;
  }

  public static void execute(String database, String... sql) {
    try (Connection c = server().getDatabase("postgres", database).getConnection();
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String query(String database, String sql) {
    try (Connection c = server().getDatabase("postgres", database).getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
