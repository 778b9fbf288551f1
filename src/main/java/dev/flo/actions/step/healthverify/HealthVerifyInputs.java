package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code health-verify}, declared once below and read by the launcher before the step
 * runs; the record holds them checked against each other. Header values are masked the moment they
 * are read.
 */
public record HealthVerifyInputs(
    List<URI> urls,
    String method,
    Map<String, Secret> headers,
    ResponseExpectations expectations,
    int consecutiveSuccesses,
    Duration interval,
    Duration timeout,
    Duration requestTimeout,
    @Nullable Duration maxLatency,
    boolean followRedirects,
    boolean dryRun) {

  static final Input<List<String>> URL =
      Input.named(
              "url",
              "The URL(s) to check, one per line or comma separated; all are checked at once and each must pass.")
          .list()
          .required();
  static final Input<String> METHOD =
      Input.named("method", "GET or HEAD.").oneOf("GET", "HEAD").byDefault("GET");
  static final Input<List<String>> HEADERS =
      Input.named("headers", "Request headers, one `Name: value` per line.").lines().secret();
  static final Input<String> EXPECT_STATUS =
      Input.named(
              "expect-status",
              "Healthy statuses: codes, ranges or classes, such as 200,204 or 200-299 or 2xx.")
          .text()
          .byDefault("2xx");
  static final Input<String> EXPECT_BODY =
      Input.named("expect-body", "Text the body must contain, or a /regex/ it must match.").text();
  static final Input<List<String>> EXPECT_JSON =
      Input.named(
              "expect-json",
              "Checks on the JSON body, one `path=value` per line, such as `status=ok` or `checks[0].status=pass`.")
          .lines();
  static final Input<Integer> CONSECUTIVE_SUCCESSES =
      Input.named("consecutive-successes", "How many passing checks in a row make a URL healthy.")
          .integer(1, 100)
          .byDefault("3");
  static final Input<Duration> INTERVAL =
      Input.named("interval", "Time between checks.").duration().byDefault("5s");
  static final Input<Duration> TIMEOUT =
      Input.named("timeout", "Overall deadline; failures until then count as warm-up.")
          .duration()
          .byDefault("5m");
  static final Input<Duration> REQUEST_TIMEOUT =
      Input.named("request-timeout", "How long one request may take.").duration().byDefault("10s");
  static final Input<Duration> MAX_LATENCY =
      Input.named(
              "max-latency", "A budget for the p95 latency of the passing checks, such as 500ms.")
          .duration();
  static final Input<Boolean> FOLLOW_REDIRECTS =
      Input.named(
              "follow-redirects",
              "Follow redirects (never from https to http); with false a 3xx is checked against expect-status.")
          .bool()
          .byDefault("true");

  static final List<Input<?>> ALL =
      List.of(
          URL,
          METHOD,
          HEADERS,
          EXPECT_STATUS,
          EXPECT_BODY,
          EXPECT_JSON,
          CONSECUTIVE_SUCCESSES,
          INTERVAL,
          TIMEOUT,
          REQUEST_TIMEOUT,
          MAX_LATENCY,
          FOLLOW_REDIRECTS);

  /**
   * Without the URLs (they may hold a password or a {@code ?token=}); header values are {@link
   * Secret}s already.
   */
  @Override
  public String toString() {
    return "HealthVerifyInputs["
        + urls.size()
        + " URL(s), method="
        + method
        + ", headers="
        + headers.keySet()
        + "]";
  }

  /** Checks the inputs (read already) against each other, then reports all problems at once. */
  static @Nullable HealthVerifyInputs read(Inputs in, StepPort port) {
    Masker masker = port.masker();
    List<URI> urls = new ArrayList<>();
    for (String u :
        Objects.requireNonNull(in.get(URL), "a list input reads as a list, empty when unset")) {
      // Mask before parsing: a URL that fails to parse must not print its password either. A query
      // may hold a key
      // (?token=…), shown as *** in the plan: its values are registered too, for a server that
      // echoes them.
      if (!u.equals(Inputs.withoutCredentials(u)) || u.contains("?")) {
        masker.mask(u);
      }
      URI uri = in.parseUrl(URL.name(), u);
      if (uri != null) {
        urls.add(uri);
      }
    }
    String method = in.get(METHOD);
    Map<String, Secret> headers = headers(in, masker);
    ResponseExpectations expectations = expectations(in, method);
    Integer consecutive = in.get(CONSECUTIVE_SUCCESSES);
    Duration interval = in.get(INTERVAL);
    Duration timeout = in.get(TIMEOUT);
    Duration requestTimeout = in.get(REQUEST_TIMEOUT);
    Duration maxLatency = in.get(MAX_LATENCY);
    Boolean follow = in.get(FOLLOW_REDIRECTS);
    boolean dryRun = in.dryRun();
    atLeast(in, INTERVAL, interval, Duration.ofMillis(100));
    atLeast(in, TIMEOUT, timeout, Duration.ofSeconds(1));
    atLeast(in, REQUEST_TIMEOUT, requestTimeout, Duration.ofMillis(100));
    if (timeout != null && interval != null && timeout.compareTo(interval) < 0) {
      in.problem(
          TIMEOUT,
          "("
              + in.raw(TIMEOUT.def())
              + ") is shorter than "
              + INTERVAL.name()
              + " ("
              + in.raw(INTERVAL.def())
              + ")",
          "Make " + TIMEOUT.name() + " at least a few intervals long, such as 5m with 5s.");
    }
    if (in.hasProblems()) {
      return null;
    }
    // Each has a default or is checked above: with no problems recorded, every one read.
    return new HealthVerifyInputs(
        List.copyOf(urls),
        Objects.requireNonNull(method, "method has a default"),
        Collections.unmodifiableMap(headers),
        Objects.requireNonNull(expectations, "expect-status read without problems"),
        Objects.requireNonNull(consecutive, "consecutive-successes has a default"),
        Objects.requireNonNull(interval, "interval has a default"),
        Objects.requireNonNull(timeout, "timeout has a default"),
        Objects.requireNonNull(requestTimeout, "request-timeout has a default"),
        maxLatency,
        Objects.requireNonNull(follow, "follow-redirects has a default"),
        dryRun);
  }

  /** A zero interval would hammer a booting service in a busy loop until the deadline. */
  private static void atLeast(
      Inputs in, Input<Duration> input, @Nullable Duration value, Duration min) {
    if (value != null && value.compareTo(min) < 0) {
      in.problem(
          input,
          "is " + value.toMillis() + "ms, below the minimum " + DurationText.exact(min),
          "Use a duration such as 5s.");
    }
  }

  private static Map<String, Secret> headers(Inputs in, Masker masker) {
    Map<String, Secret> headers = new LinkedHashMap<>();
    for (String line :
        Objects.requireNonNull(in.get(HEADERS), "a list input reads as a list, empty when unset")) {
      int colon = line.indexOf(':');
      String name = colon > 0 ? line.substring(0, colon).strip() : "";
      String value = colon > 0 ? line.substring(colon + 1).strip() : "";
      if (name.isEmpty()) {
        in.problem(
            HEADERS,
            "has a line without 'Name: value'",
            "Write one header per line, such as `Authorization: Bearer ${{ secrets.HEALTH_TOKEN }}`.");
        continue;
      }
      Secret secret = masker.mask(value);
      try {
        // The JDK refuses names it manages itself (Host, Connection, Content-Length...); say so
        // now, not mid-check.
        HttpRequest.newBuilder().header(name, value);
        headers.put(name, secret);
      } catch (IllegalArgumentException e) {
        in.problem(
            HEADERS,
            "sets '" + name + "', which cannot be set on a request",
            "Remove that header; Host and Connection come from the URL.");
      }
    }
    return headers;
  }

  private static @Nullable ResponseExpectations expectations(Inputs in, @Nullable String method) {
    List<String> problems = new ArrayList<>();
    StatusExpectation status =
        StatusExpectation.parse(
            Objects.requireNonNull(in.get(EXPECT_STATUS), "expect-status has a default"), problems);
    problems.forEach(
        p ->
            in.problem(
                EXPECT_STATUS,
                p,
                "Use codes, ranges or classes, such as 200,204 or 200-299 or 2xx."));
    String body = in.get(EXPECT_BODY);
    Pattern pattern = null;
    String text = null;
    if (body != null && body.length() > 2 && body.startsWith("/") && body.endsWith("/")) {
      try {
        pattern = Pattern.compile(body.substring(1, body.length() - 1));
      } catch (PatternSyntaxException e) {
        in.problem(
            EXPECT_BODY,
            "is not a valid regular expression (" + e.getDescription() + ")",
            "Fix the /regex/, or drop the slashes to match plain text.");
      }
    } else {
      text = body;
    }
    List<JsonExpectation> json = new ArrayList<>();
    List<String> jsonProblems = new ArrayList<>();
    for (String line :
        Objects.requireNonNull(
            in.get(EXPECT_JSON), "a list input reads as a list, empty when unset")) {
      JsonExpectation e = JsonExpectation.parse(line, jsonProblems);
      if (e != null) {
        json.add(e);
      }
    }
    jsonProblems.forEach(
        p ->
            in.problem(
                EXPECT_JSON,
                p,
                "Write one path=value per line, such as status=ok or checks[0].status=pass."));
    if ("HEAD".equals(method) && (body != null || !json.isEmpty())) {
      in.problem(
          METHOD,
          "is HEAD, which has no body to check",
          "Use GET with " + EXPECT_BODY.name() + " or " + EXPECT_JSON.name() + ".");
    }
    return status == null
        ? null
        : new ResponseExpectations(status, text, pattern, List.copyOf(json));
  }
}
