package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code health-verify} will do: which URLs it checks, how, what counts as healthy, and for
 * how long.
 */
public record HealthPlan(
    List<Target> targets,
    String method,
    ResponseExpectations expect,
    int consecutiveSuccesses,
    Duration interval,
    Duration timeout,
    Duration requestTimeout,
    @Nullable Duration maxLatency,
    boolean followRedirects) {

  /**
   * One URL to check. {@code display} has no credentials: a {@code user:pass@} part of the URL
   * becomes a Basic {@code Authorization} header (the JDK client does not send userinfo itself),
   * and query values (often a {@code ?token=}) show as {@code ***}.
   */
  public record Target(URI uri, String display, Map<String, Secret> headers) {
    @Override
    public String toString() {
      return display;
    }
  }

  public static HealthPlan of(HealthVerifyInputs in, Masker masker) {
    List<Target> targets = new ArrayList<>();
    for (URI url : in.urls()) {
      Map<String, Secret> headers = new LinkedHashMap<>(in.headers());
      URI uri = url;
      if (url.getRawUserInfo() != null) {
        String userInfo =
            URLDecoder.decode(url.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
        String basic =
            "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        headers.putIfAbsent("Authorization", masker.mask(basic));
        uri =
            URI.create(
                url.getScheme()
                    + "://"
                    + url.getRawAuthority().substring(url.getRawAuthority().indexOf('@') + 1)
                    + (url.getRawPath() == null ? "" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
      }
      targets.add(new Target(uri, display(uri), Map.copyOf(headers)));
    }
    return new HealthPlan(
        List.copyOf(targets),
        in.method(),
        in.expectations(),
        in.consecutiveSuccesses(),
        in.interval(),
        in.timeout(),
        in.requestTimeout(),
        in.maxLatency(),
        in.followRedirects());
  }

  /** The plan in lines, for the log and the dry-run summary. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (Target t : targets) {
      String headers =
          t.headers().isEmpty() ? "" : " with headers " + String.join(", ", t.headers().keySet());
      lines.add(method + " " + t.display() + headers);
    }
    lines.add(
        "healthy when: "
            + String.join(", ", expect.describe())
            + (maxLatency == null ? "" : ", p95 latency at most " + maxLatency.toMillis() + " ms"));
    lines.add(
        consecutiveSuccesses
            + " passing check(s) in a row per URL, one every "
            + DurationText.exact(interval)
            + ", each answering within "
            + DurationText.exact(requestTimeout));
    lines.add(
        "give up after "
            + DurationText.exact(timeout)
            + "; redirects "
            + (followRedirects ? "followed" : "not followed"));
    return lines;
  }

  /** The URL for people: {@code ?token=abc&v=2} shows as {@code ?token=***&v=***}; no fragment. */
  static String display(URI uri) {
    String base =
        uri.getScheme()
            + "://"
            + uri.getRawAuthority()
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() == null) {
      return base;
    }
    List<String> params = new ArrayList<>();
    for (String param : uri.getRawQuery().split("&", -1)) {
      int eq = param.indexOf('=');
      // A bare parameter may itself be the key (?AbC123), so it is hidden too.
      params.add(eq < 0 ? "***" : param.substring(0, eq + 1) + "***");
    }
    return base + "?" + String.join("&", params);
  }
}
