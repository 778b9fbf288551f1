package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.InputError;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The validated inputs of {@code health-verify}; header values are masked the moment they are read. */
public record HealthVerifyInputs(
    List<URI> urls,
    String method,
    Map<String, Secret> headers,
    ResponseExpectations expectations,
    int consecutiveSuccesses,
    Duration interval,
    Duration timeout,
    Duration requestTimeout,
    Duration maxLatency,
    boolean followRedirects,
    boolean dryRun) {

  /** Without the URLs (they may hold a password or a {@code ?token=}); header values are {@link Secret}s already. */
  @Override
  public String toString() {
    return "HealthVerifyInputs[" + urls.size() + " URL(s), method=" + method + ", headers=" + headers.keySet() + "]";
  }

  /** Reads every input, then reports all problems at once. */
  public static HealthVerifyInputs read(Inputs in, Masker masker) throws InputError {
    List<URI> urls = new ArrayList<>();
    for (String u : in.list("url")) {
      // Mask before parsing: a URL that fails to parse must not print its password either. A query may hold a key
      // (?token=…), shown as *** in the plan: its values are registered too, for a server that echoes them.
      if (!Inputs.withoutCredentials(u).equals(u) || u.contains("?")) {
        masker.mask(u);
      }
      URI uri = in.parseUrl("url", u);
      if (uri != null) {
        urls.add(uri);
      }
    }
    String method = in.choice("method", List.of("GET", "HEAD"));
    Map<String, Secret> headers = headers(in, masker);
    ResponseExpectations expectations = expectations(in, method);
    Integer consecutive = in.integer("consecutive-successes", 1, 100);
    Duration interval = in.duration("interval");
    Duration timeout = in.duration("timeout");
    Duration requestTimeout = in.duration("request-timeout");
    Duration maxLatency = in.duration("max-latency");
    boolean follow = in.bool("follow-redirects");
    boolean dryRun = in.dryRun();
    atLeast(in, "interval", interval, Duration.ofMillis(100));
    atLeast(in, "timeout", timeout, Duration.ofSeconds(1));
    atLeast(in, "request-timeout", requestTimeout, Duration.ofMillis(100));
    if (timeout != null && interval != null && timeout.compareTo(interval) < 0) {
      in.problem("timeout", "(" + in.string("timeout") + ") is shorter than interval (" + in.string("interval") + ")", "Make timeout at least a few intervals long, such as 5m with 5s.");
    }
    in.check();
    return new HealthVerifyInputs(
        List.copyOf(urls), method, Collections.unmodifiableMap(headers), expectations, consecutive, interval, timeout, requestTimeout, maxLatency, follow, dryRun);
  }

  /** A zero interval would hammer a booting service in a busy loop until the deadline. */
  private static void atLeast(Inputs in, String name, Duration value, Duration min) {
    if (value != null && value.compareTo(min) < 0) {
      in.problem(name, "is " + value.toMillis() + "ms, below the minimum " + DurationText.exact(min), "Use a duration such as 5s.");
    }
  }

  private static Map<String, Secret> headers(Inputs in, Masker masker) {
    Map<String, Secret> headers = new LinkedHashMap<>();
    for (String line : in.lines("headers")) {
      int colon = line.indexOf(':');
      String name = colon > 0 ? line.substring(0, colon).strip() : "";
      String value = colon > 0 ? line.substring(colon + 1).strip() : "";
      if (name.isEmpty()) {
        in.problem("headers", "has a line without 'Name: value'", "Write one header per line, such as `Authorization: Bearer ${{ secrets.HEALTH_TOKEN }}`.");
        continue;
      }
      Secret secret = masker.mask(value);
      try {
        // The JDK refuses names it manages itself (Host, Connection, Content-Length...); say so now, not mid-check.
        HttpRequest.newBuilder().header(name, value);
        headers.put(name, secret);
      } catch (IllegalArgumentException e) {
        in.problem("headers", "sets '" + name + "', which cannot be set on a request", "Remove that header; Host and Connection come from the URL.");
      }
    }
    return headers;
  }

  private static ResponseExpectations expectations(Inputs in, String method) {
    List<String> problems = new ArrayList<>();
    StatusExpectation status = StatusExpectation.parse(in.string("expect-status", "2xx"), problems);
    problems.forEach(p -> in.problem("expect-status", p, "Use codes, ranges or classes, such as 200,204 or 200-299 or 2xx."));
    String body = in.string("expect-body");
    Pattern pattern = null;
    String text = null;
    if (body != null && body.length() > 2 && body.startsWith("/") && body.endsWith("/")) {
      try {
        pattern = Pattern.compile(body.substring(1, body.length() - 1));
      } catch (PatternSyntaxException e) {
        in.problem("expect-body", "is not a valid regular expression (" + e.getDescription() + ")", "Fix the /regex/, or drop the slashes to match plain text.");
      }
    } else {
      text = body;
    }
    List<JsonExpectation> json = new ArrayList<>();
    List<String> jsonProblems = new ArrayList<>();
    for (String line : in.lines("expect-json")) {
      JsonExpectation e = JsonExpectation.parse(line, jsonProblems);
      if (e != null) {
        json.add(e);
      }
    }
    jsonProblems.forEach(p -> in.problem("expect-json", p, "Write one path=value per line, such as status=ok or checks[0].status=pass."));
    if ("HEAD".equals(method) && (body != null || !json.isEmpty())) {
      in.problem("method", "is HEAD, which has no body to check", "Use GET with expect-body or expect-json.");
    }
    return status == null ? null : new ResponseExpectations(status, text, pattern, List.copyOf(json));
  }
}
