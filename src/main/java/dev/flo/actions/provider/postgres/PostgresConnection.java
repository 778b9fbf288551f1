package dev.flo.actions.provider.postgres;

import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a libpq URL
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS) and handed on
 * as pgjdbc properties or libpq environment variables, so the password never appears in a URL, a
 * message or an argv.
 */
public record PostgresConnection(
    String host,
    int port,
    String database,
    String user,
    Secret password,
    Map<String, String> params) {

  /**
   * URL parameters with the same name and meaning in pgjdbc and libpq; the rest (Prisma's {@code
   * schema}, {@code pgbouncer}) are ours to read.
   */
  private static final Set<String> SHARED_PARAMS =
      Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "options");

  /** What to do about a URL that {@link #parse} refused. */
  public static final String URL_FIX =
      "Use a URL such as postgres://user:password@host:5432/dbname?sslmode=require, with special characters in the user or password percent-encoded (@ as %40, / as %2F, # as %23, % as %25).";

  /**
   * libpq reads these from the environment
   * (https://www.postgresql.org/docs/current/libpq-envars.html).
   */
  private static final Map<String, String> LIBPQ_ENV =
      Map.of(
          "sslmode", "PGSSLMODE",
          "sslrootcert", "PGSSLROOTCERT",
          "sslcert", "PGSSLCERT",
          "sslkey", "PGSSLKEY",
          "options", "PGOPTIONS",
          "connect_timeout", "PGCONNECT_TIMEOUT",
          "application_name", "PGAPPNAME",
          "target_session_attrs", "PGTARGETSESSIONATTRS");

  /**
   * Parses a {@code postgres://} or {@code postgresql://} URL (a {@code jdbc:} prefix is dropped);
   * the message says what is wrong with it, never what the URL holds.
   */
  public static PostgresConnection parse(String url) {
    String s = url.strip();
    if (s.startsWith("jdbc:")) {
      s = s.substring(5);
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
      throw new IllegalArgumentException("does not start with postgres:// or postgresql://");
    }
    String port = Inputs.badPort(uri);
    if (port != null) {
      throw new IllegalArgumentException("has port " + port + ", outside 1..65535");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "has no host (several hosts in one URL are not supported)");
    }
    // URI keeps the brackets of an IPv6 literal; libpq's PGHOST and our own jdbc URL want the bare
    // address.
    String host =
        uri.getHost().startsWith("[")
            ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
    String user = null;
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (!pair.isEmpty()) {
          params.put(
              decode(eq < 0 ? pair : pair.substring(0, eq)),
              eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
    }
    user = params.containsKey("user") ? params.remove("user") : user;
    password = params.containsKey("password") ? params.remove("password") : password;
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("names no user (postgres://USER:PASSWORD@host/db)");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    // libpq's default database is the user's name.
    return new PostgresConnection(
        host,
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        database.isEmpty() ? user : database,
        user,
        Secret.of(password),
        Map.copyOf(params));
  }

  /**
   * The same server and login, another database (a scratch database, {@code postgres} for admin
   * work).
   */
  public PostgresConnection withDatabase(String name) {
    return new PostgresConnection(host, port, name, user, password, params);
  }

  /** User, host, port and database, without the password: safe to print. */
  public String display() {
    return "postgres://"
        + user
        + "@"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + port
        + "/"
        + database;
  }

  /** True when both point at the same database on the same server (as far as a URL can tell). */
  public boolean sameDatabaseAs(PostgresConnection other) {
    return host.equalsIgnoreCase(other.host)
        && port == other.port
        && database.equals(other.database);
  }

  /** Prisma's {@code ?schema=} parameter, which names the schema of its tables. */
  public Optional<String> schema() {
    return Optional.ofNullable(params.get("schema")).filter(s -> !s.isBlank());
  }

  /**
   * Why this URL looks like a transaction pooler, or empty. Session advisory locks and {@code SET}
   * do not survive transaction pooling (https://www.pgbouncer.org/features.html), so migrations
   * need the direct URL.
   */
  public Optional<String> poolerReason() {
    String h = host.toLowerCase(Locale.ROOT);
    if ("true".equalsIgnoreCase(params.get("pgbouncer"))) {
      return Optional.of("the URL has pgbouncer=true");
    }
    if (port == 6543) {
      return Optional.of(
          "port 6543 is the transaction pooler port of Supabase and PgBouncer setups");
    }
    if (h.contains("-pooler.") || h.contains(".pooler.")) {
      return Optional.of("the host " + host + " is a connection pooler endpoint");
    }
    return Optional.empty();
  }

  /** The URL for pgjdbc, without user or password. */
  public String jdbcUrl() {
    StringBuilder sb =
        new StringBuilder("jdbc:postgresql://")
            .append(host.contains(":") ? "[" + host + "]" : host)
            .append(':')
            .append(port)
            .append('/');
    sb.append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
    String sep = "?";
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (SHARED_PARAMS.contains(p.getKey())) {
        sb.append(sep)
            .append(p.getKey())
            .append('=')
            .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        sep = "&";
      }
    }
    return sb.toString();
  }

  /**
   * Opens a pgjdbc connection named {@code flo-actions} in pg_stat_activity (unless the URL names
   * one).
   */
  public Connection open() throws SQLException {
    return open("flo-actions");
  }

  /**
   * Opens a pgjdbc connection; user and password go as properties, libpq's parameter names become
   * pgjdbc's.
   */
  public Connection open(String applicationName) throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl(), properties(applicationName, params.getOrDefault("connect_timeout", "30")));
  }

  /**
   * Opens a connection that gives up after {@code timeout} on connecting (all of it: pgjdbc's
   * second try without SSL included) and on every read, for a dry run's short look: a server that
   * does not answer fails with SQLSTATE class 08, as an unreachable one does.
   */
  public Connection open(String applicationName, Duration timeout) throws SQLException {
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    Properties props = properties(applicationName, seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** {@link #open(String, Duration)} under flo-actions' own application name. */
  public Connection openWithin(Duration within) throws SQLException {
    return open("flo-actions", within);
  }

  /**
   * Whether {@code e} means no answer came (refused, unreachable, timed out: SQLSTATE class 08
   * "connection exception" as pgjdbc reports it), rather than a server that answered with a refusal
   * (a bad password, a missing database).
   */
  public static boolean noAnswer(SQLException e) {
    String state = e.getSQLState();
    return "08001".equals(state) || "08006".equals(state);
  }

  private Properties properties(String applicationName, String connectTimeoutSeconds) {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password.reveal());
    props.setProperty("ApplicationName", params.getOrDefault("application_name", applicationName));
    props.setProperty("connectTimeout", connectTimeoutSeconds);
    return props;
  }

  /**
   * The environment for a libpq tool ({@code pg_dump}, {@code pg_restore}): everything it needs to
   * connect, password included, so nothing secret is on its command line (where {@code ps} shows
   * it).
   */
  public Map<String, String> libpqEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGUSER", user);
    env.put("PGDATABASE", database);
    if (!password.isEmpty()) {
      env.put("PGPASSWORD", password.reveal());
    }
    env.put("PGCONNECT_TIMEOUT", "30");
    params.forEach(
        (k, v) -> {
          if (LIBPQ_ENV.containsKey(k)) {
            env.put(LIBPQ_ENV.get(k), v);
          }
        });
    return env;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
