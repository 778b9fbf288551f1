package dev.flo.actions.runtime.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JVM ignores {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}, which the runner sets on
 * proxied self-hosted runners (runtime-contract.md §1.4 item 9), so we map them onto a {@link
 * ProxySelector} ourselves. {@code NO_PROXY} entries match a host exactly or as a domain suffix;
 * {@code *} disables the proxy.
 */
public final class RunnerProxy extends ProxySelector {
  private final @Nullable URI httpsProxy;
  private final @Nullable URI httpProxy;
  private final List<String> noProxy;

  RunnerProxy(@Nullable URI httpsProxy, @Nullable URI httpProxy, List<String> noProxy) {
    this.httpsProxy = httpsProxy;
    this.httpProxy = httpProxy;
    this.noProxy = noProxy;
  }

  public static ProxySelector fromEnv(Map<String, String> env) {
    URI https = proxyUri(first(env, "HTTPS_PROXY", "https_proxy"));
    URI http = proxyUri(first(env, "HTTP_PROXY", "http_proxy"));
    String no = first(env, "NO_PROXY", "no_proxy");
    List<String> noList =
        no == null
            ? List.of()
            : Arrays.stream(no.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    return new RunnerProxy(https, http, noList);
  }

  @Override
  public List<Proxy> select(URI uri) {
    URI proxy =
        "https".equalsIgnoreCase(uri.getScheme())
            ? (httpsProxy != null ? httpsProxy : httpProxy)
            : httpProxy;
    if (proxy == null || bypass(uri.getHost(), uri.getPort())) {
      return List.of(Proxy.NO_PROXY);
    }
    int port =
        proxy.getPort() > 0
            ? proxy.getPort()
            : ("https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80);
    return List.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
  }

  boolean bypass(String host, int port) {
    if (host == null) {
      return true;
    }
    String h = unbracket(host.toLowerCase(Locale.ROOT));
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String e = entry;
      int colon = e.lastIndexOf(':');
      boolean hasPort =
          colon > 0
              && colon < e.length() - 1
              && e.substring(colon + 1).chars().allMatch(Character::isDigit)
              && (e.indexOf(':') == colon || e.startsWith("["));
      if (hasPort) {
        if (!e.substring(colon + 1).equals(String.valueOf(port))) {
          continue;
        }
        e = e.substring(0, colon);
      }
      e = unbracket(e.startsWith("*.") ? e.substring(1) : e);
      boolean match =
          e.startsWith(".")
              ? h.endsWith(e) || h.equals(e.substring(1))
              : h.equals(e) || h.endsWith("." + e);
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static String unbracket(String s) {
    return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to fall back to: the runner's proxy is the only way out.
  }

  private static @Nullable String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static @Nullable URI proxyUri(@Nullable String v) {
    if (v == null) {
      return null;
    }
    try {
      return URI.create(v.contains("://") ? v : "http://" + v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
