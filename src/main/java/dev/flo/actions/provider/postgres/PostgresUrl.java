package dev.flo.actions.provider.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A libpq connection URL ({@code postgres://user:pass@host:5432/db?sslmode=require}) turned into what pgjdbc
 * takes: a {@code jdbc:postgresql:} URL without credentials, plus user and password as properties so they never
 * appear in a message. See https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS.
 */
public record PostgresUrl(String host, int port, String database, String user, String password, Map<String, String> params) {

  /** Parameters pgjdbc understands under the same name; the rest (Prisma's {@code schema}, {@code pgbouncer}) are ours to read. */
  private static final Set<String> JDBC_PARAMS =
      Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "connect_timeout", "application_name", "options", "target_session_attrs");

  public static PostgresUrl parse(String url) throws IllegalArgumentException {
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
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("has no host");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    if (params.containsKey("user")) {
      user = params.remove("user");
    }
    if (params.containsKey("password")) {
      password = params.remove("password");
    }
    return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database.isEmpty() ? "postgres" : database, user, password, Map.copyOf(params));
  }

  /** The URL for {@code DriverManager}, without user or password. */
  public String jdbcUrl() {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append('/').append(database);
    String sep = "?";
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (JDBC_PARAMS.contains(p.getKey())) {
        sb.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        sep = "&";
      }
    }
    return sb.toString();
  }

  public Properties properties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  /** Prisma's {@code ?schema=} parameter, which names the schema of its tables. */
  public Optional<String> schema() {
    return Optional.ofNullable(params.get("schema")).filter(s -> !s.isBlank());
  }

  /**
   * Why this URL looks like a transaction pooler, or empty. Session advisory locks and {@code SET} do not survive
   * transaction pooling (https://www.pgbouncer.org/features.html), so migrations need the direct URL.
   */
  public Optional<String> poolerReason() {
    String h = host.toLowerCase(Locale.ROOT);
    if ("true".equalsIgnoreCase(params.get("pgbouncer"))) {
      return Optional.of("the URL has pgbouncer=true");
    }
    if (port == 6543) {
      return Optional.of("port 6543 is the transaction pooler port of Supabase and PgBouncer setups");
    }
    if (h.contains("-pooler.") || h.contains(".pooler.")) {
      return Optional.of("the host " + host + " is a connection pooler endpoint");
    }
    return Optional.empty();
  }

  /** Host, port and database, for messages; never the credentials. */
  public String describe() {
    return host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresUrl[" + describe() + "]";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
