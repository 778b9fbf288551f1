package dev.flo.actions.provider.compose;

/** One host to reach over SSH: {@code host}, {@code host:port} or {@code [v6]:port}. */
public record SshAddress(String host, int port) {
  public static final int DEFAULT_PORT = 22;

  /**
   * Parses one entry of the {@code hosts} list; throws {@link IllegalArgumentException} with the
   * reason.
   */
  public static SshAddress parse(String text) {
    String s = text.strip();
    String host = s;
    int port = DEFAULT_PORT;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + s + "' opens '[' without closing it");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + s + "' has text after ']' that is not ':port'");
        }
        port = port(s, rest.substring(1));
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = port(s, s.substring(s.indexOf(':') + 1));
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
      throw new IllegalArgumentException("'" + s + "' is not a host name or address");
    }
    return new SshAddress(host, port);
  }

  private static int port(String entry, String p) {
    if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
      throw new IllegalArgumentException("'" + entry + "' has port '" + p + "', not 1..65535");
    }
    return Integer.parseInt(p);
  }

  /**
   * How {@code known_hosts} and {@code ssh-keyscan} name this host: {@code [host]:port} unless the
   * port is 22.
   */
  public String knownHostsName() {
    return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
  }

  /**
   * The command that prints the right {@code known-hosts} line, to run from a machine that trusts
   * the host.
   */
  public String keyscanCommand() {
    return "ssh-keyscan " + (port == DEFAULT_PORT ? "" : "-p " + port + " ") + host;
  }

  @Override
  public String toString() {
    return port == DEFAULT_PORT
        ? host
        : host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
