package dev.flo.actions.step.healthverify;

import static dev.flo.actions.testing.LocalHttpServer.json;
import static dev.flo.actions.testing.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * health-verify through the real launcher against real local HTTP servers with scripted behaviour.
 * The clock is virtual: it moves only when the step sleeps or a handler advances it, so latencies
 * and elapsed times are exact.
 */
class HealthVerifyStepTest {
  private static final String HEALTHY =
      "{\"status\":\"ok\",\"database\":\"connected\",\"version\":\"abc123\",\"checks\":[{\"name\":\"db\",\"status\":\"pass\"}]}";

  @TempDir Path tmp;
  private final FakeClock clock = FakeClock.virtual();
  private final AtomicReference<LocalHttpServer> late = new AtomicReference<>();

  @AfterEach
  void stopLateServer() {
    if (late.get() != null) {
      late.get().close();
    }
  }

  private StepHarness step(String url) {
    return new StepHarness(HealthVerifyStep.DEFINITION, tmp).clock(clock).input("url", url);
  }

  @Test
  void healthyAfterThreeChecksInARowWithJsonChecks() throws Exception {
    long[] latencies = {30, 10, 20};
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) -> {
              clock.advance(Duration.ofMillis(latencies[n.getAndIncrement() % latencies.length]));
              json(ex, 200, HEALTHY);
            })) {
      var result =
          step(server.baseUrl() + "/health")
              .input(
                  "expect-json",
                  "status=ok\ndatabase=connected\nversion=abc123\nchecks[0].status=pass")
              .input("expect-body", "/\"status\":\\s*\"ok\"/")
              .run();
      assertThat(result.exitCode()).isZero();
      assertThat(result.outputs())
          .containsEntry("healthy", "true")
          .containsEntry("attempts", "3")
          .containsEntry("last-status", "200")
          .containsEntry("failure-reason", "");
      // Nearest rank over the three passing checks {30, 10, 20}: the median 20, the 95th the
      // slowest.
      assertThat(result.outputs())
          .containsEntry("latency-p50-ms", "20")
          .containsEntry("latency-p95-ms", "30")
          .containsEntry("elapsed-ms", "10060");
      assertThat(server.requests())
          .hasSize(3)
          .allMatch(r -> r.method().equals("GET") && r.path().equals("/health"));
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
      assertThat(result.summary())
          .contains("health-verify: healthy")
          .contains(server.baseUrl() + "/health")
          .contains("200 ×3");
    }
  }

  @Test
  void slowStartRefusedThenUpBecomesHealthy() throws Exception {
    int port = freePort();
    Clock startsServerOnThirdSleep = new DelegatingClock(clock, 3, () -> late.set(server(port)));
    var result = step("http://127.0.0.1:" + port + "/health").clock(startsServerOnThirdSleep).run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.outputs()).containsEntry("healthy", "true").containsEntry("attempts", "6");
    assertThat(result.summary()).contains("refused ×3, 200 ×3");
    assertThat(result.stdout()).contains("connection refused (127.0.0.1:" + port + ")");
  }

  @Test
  void notFoundDuringWarmUpIsRetried() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) -> respond(ex, n.incrementAndGet() <= 2 ? 404 : 200, "text/plain", "ok"))) {
      var result = step(server.baseUrl() + "/health").input("expect-body", "ok").run();
      assertThat(result.exitCode()).isZero();
      assertThat(result.outputs()).containsEntry("attempts", "5").containsEntry("healthy", "true");
      assertThat(result.summary()).contains("404 ×2, 200 ×3");
    }
  }

  @Test
  void headChecksSendHead() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 204, null, null))) {
      var result =
          step(server.baseUrl() + "/up")
              .input("method", "head")
              .input("expect-status", "204")
              .run();
      assertThat(result.exitCode()).isZero();
      assertThat(server.requests()).hasSize(3).allMatch(r -> r.method().equals("HEAD"));
    }
  }

  @Test
  void flappingServiceFailsEvenThoughHalfTheChecksPass() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) ->
                respond(ex, n.incrementAndGet() % 2 == 0 ? 503 : 200, "text/plain", "x"))) {
      var result = step(server.baseUrl() + "/health").input("timeout", "1m").run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.outputs())
          .containsEntry("healthy", "false")
          .containsEntry("attempts", "12");
      assertThat(result.output("failure-reason"))
          .contains("HTTP 503, expected 2xx")
          .contains("passed 6 check(s) but at most 1 in a row, not 3");
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains(server.baseUrl() + "/health")
          .contains("crash-looping");
    }
  }

  @Test
  void aServiceStillPassingWhenTimeRunsOutIsNotCalledFlapping() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) -> respond(ex, n.incrementAndGet() <= 3 ? 503 : 200, "text/plain", "x"))) {
      var result = step(server.baseUrl()).input("timeout", "25s").run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output("failure-reason"))
          .contains("the deadline came after 2 of 3 passing checks in a row")
          .doesNotContain("503");
      assertThat(result.annotations("error").getFirst())
          .contains("was passing when time ran out")
          .doesNotContain("crash-looping");
    }
  }

  @Test
  void oldVersionDuringRolloutIsRetriedUntilTheNewOneAnswers() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) ->
                json(
                    ex,
                    200,
                    n.incrementAndGet() <= 2
                        ? "{\"version\":\"old999\"}"
                        : "{\"version\":\"abc123\"}"))) {
      var result = step(server.baseUrl()).input("expect-json", "version=abc123").run();
      assertThat(result.exitCode()).isZero();
      assertThat(result.outputs()).containsEntry("attempts", "5");
      assertThat(result.stdout()).contains("JSON version is 'old999', expected 'abc123'");
    }
  }

  @Test
  void wrongVersionUntilTheDeadlineFailsNamingBothVersions() throws Exception {
    try (var server =
        new LocalHttpServer(
            (req, ex) -> json(ex, 200, "{\"version\":\"old999\",\"status\":\"ok\"}"))) {
      var result =
          step(server.baseUrl() + "/healthz")
              .input("expect-json", "status=ok\nversion=abc123")
              .input("timeout", "20s")
              .run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output("failure-reason"))
          .contains("JSON version is 'old999', expected 'abc123'")
          .doesNotContain("status is");
      assertThat(result.annotations("error").getFirst()).contains("has not finished rolling out");
    }
  }

  @Test
  void slowResponsesOverTheLatencyBudgetFail() throws Exception {
    try (var server =
        new LocalHttpServer(
            (req, ex) -> {
              clock.advance(Duration.ofMillis(120));
              respond(ex, 200, "text/plain", "ok");
            })) {
      var result =
          step(server.baseUrl())
              .input("max-latency", "50ms")
              .input("consecutive-successes", "2")
              .input("timeout", "12s")
              .run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output("failure-reason"))
          .contains("above max-latency 50 ms")
          .doesNotContain("in a row,");
      assertThat(result.output("latency-p95-ms")).isEqualTo("120");
      assertThat(result.annotations("error").getFirst()).contains("slower than `max-latency`");
    }
  }

  @Test
  void connectionRefusedUntilTheDeadline() throws Exception {
    int port = freePort();
    var result = step("http://127.0.0.1:" + port + "/health").input("timeout", "30s").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outputs())
        .containsEntry("healthy", "false")
        .containsEntry("last-status", "")
        .containsEntry("latency-p95-ms", "");
    // Checks at 0, 5, ..., 25 s; one more 5 s wait would pass the 30 s deadline.
    assertThat(result.outputs())
        .containsEntry("attempts", "6")
        .containsEntry("elapsed-ms", "25000");
    assertThat(result.output("failure-reason")).contains("connection refused");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("http://127.0.0.1:" + port + "/health is not healthy after")
        .contains("Nothing accepted connections at 127.0.0.1:" + port);
    assertThat(result.summary()).contains("health-verify: not healthy").contains("refused ×");
  }

  @Test
  void theSameFailureIsCountedNotRepeatedAndStillReportedEveryThirtySeconds() throws Exception {
    int port = freePort();
    var result = step("http://127.0.0.1:" + port + "/health").input("timeout", "1m").run();

    // Checks every 5 s from 0 to 55 s: the first failure, then the same one again at 30 s with a
    // count.
    assertThat(result.outputs()).containsEntry("attempts", "12");
    assertThat(result.lines().stream().filter(l -> l.contains("not healthy yet")))
        .containsExactly(
            "http://127.0.0.1:"
                + port
                + "/health: not healthy yet: connection refused (127.0.0.1:"
                + port
                + "), 60s left",
            "http://127.0.0.1:"
                + port
                + "/health: not healthy yet: connection refused (127.0.0.1:"
                + port
                + ") (unchanged, 6 checks), 30s left");
  }

  @Test
  void requestTimeoutIsAWarmUpFailure() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    AtomicInteger n = new AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) -> {
              if (n.incrementAndGet() == 1) {
                hang(released);
              }
              respond(ex, 200, "text/plain", "ok");
            })) {
      try {
        var result = step(server.baseUrl()).input("request-timeout", "100ms").run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.summary()).contains("timed out ×1, 200 ×3");
        assertThat(result.stdout()).contains("not healthy yet: no answer within 100ms, ");
      } finally {
        released.countDown();
      }
    }
  }

  @Test
  void aServiceThatNeverAnswersFailsWithTheTimeout() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    try (var server = new LocalHttpServer((req, ex) -> hang(released))) {
      try {
        var result =
            step(server.baseUrl() + "/health")
                .input("request-timeout", "100ms")
                .input("interval", "1s")
                .input("timeout", "3s")
                .run();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outputs())
            .containsEntry("healthy", "false")
            .containsEntry("last-status", "")
            .containsEntry("latency-p95-ms", "");
        assertThat(result.output("failure-reason")).contains("no answer within 100ms");
        assertThat(result.annotations("error"))
            .singleElement()
            .asString()
            .contains("did not answer in time")
            .contains("raise `request-timeout`");
        assertThat(result.summary()).contains("timed out ×");
      } finally {
        released.countDown();
      }
    }
  }

  @Test
  void redirectsAreFollowedByDefault() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> redirectOrOk(req, ex))) {
      var result = step(server.baseUrl() + "/health").run();
      assertThat(result.exitCode()).isZero();
      assertThat(server.requests())
          .extracting(LocalHttpServer.Request::path)
          .containsExactly("/health", "/ready", "/health", "/ready", "/health", "/ready");
    }
  }

  @Test
  void redirectsAreNotFollowedWhenDisabled() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> redirectOrOk(req, ex))) {
      var failed =
          step(server.baseUrl() + "/health")
              .input("follow-redirects", "false")
              .input("timeout", "10s")
              .run();
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.output("failure-reason"))
          .contains("HTTP 302 (redirect to /ready), expected 2xx");
      var passed =
          step(server.baseUrl() + "/health")
              .input("follow-redirects", "false")
              .input("expect-status", "301-302")
              .run();
      assertThat(passed.exitCode()).isZero();
      assertThat(passed.outputs()).containsEntry("last-status", "302");
      assertThat(server.requests())
          .extracting(LocalHttpServer.Request::path)
          .doesNotContain("/ready");
    }
  }

  @Test
  void severalUrlsAreCheckedAndOneFailing() throws Exception {
    try (var api = new LocalHttpServer((req, ex) -> json(ex, 200, HEALTHY));
        var web =
            new LocalHttpServer(
                (req, ex) -> respond(ex, 502, "text/html", "<h1>Bad gateway</h1>"))) {
      String apiUrl = api.baseUrl() + "/health";
      String webUrl = web.baseUrl() + "/";
      var result = step(apiUrl + ", " + webUrl).input("timeout", "1m").run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.outputs())
          .containsEntry("healthy", "false")
          .containsEntry("last-status", "200,502");
      assertThat(result.output("failure-reason"))
          .startsWith(webUrl + ": not healthy")
          .contains("HTTP 502")
          .doesNotContain(apiUrl);
      assertThat(result.annotations("error").getFirst())
          .contains("1 of 2 URLs are not healthy")
          .contains(webUrl);
      assertThat(result.summary()).contains("✅ " + apiUrl).contains("❌ " + webUrl);
      assertThat(api.requests()).hasSize(3);
      assertThat(web.requests().size()).isGreaterThan(3);
    }
  }

  @Test
  void headersAreSentAndTheirValuesMasked() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      String url = "http://monitor:pa%40ss-word@127.0.0.1:" + server.port() + "/health";
      var result =
          step(url)
              .input(
                  "headers", "Authorization: Bearer s3cret-health-token\nX-Deploy-Env: staging-eu")
              .run();
      assertThat(result.exitCode()).isZero();
      var first = server.requests().getFirst();
      assertThat(first.header("Authorization")).isEqualTo("Bearer s3cret-health-token");
      assertThat(first.header("X-Deploy-Env")).isEqualTo("staging-eu");
      assertThat(result.stdout())
          .contains("::add-mask::Bearer s3cret-health-token")
          .contains("::add-mask::pa@ss-word");
      String printed =
          result
              .stdout()
              .lines()
              .filter(l -> !l.startsWith("::add-mask::"))
              .reduce("", (a, b) -> a + b + "\n");
      assertThat(printed + result.summary())
          .doesNotContain("s3cret-health-token")
          .doesNotContain("pa@ss-word")
          .doesNotContain("pa%40ss-word")
          .contains("Authorization");
    }
  }

  @Test
  void urlCredentialsBecomeBasicAuth() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      var result =
          step("http://monitor:pa%40ss@127.0.0.1:" + server.port() + "/health")
              .input("consecutive-successes", "1")
              .run();
      assertThat(result.exitCode()).isZero();
      assertThat(server.requests().getFirst().header("Authorization"))
          .isEqualTo(
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(
                          "monitor:pa@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(result.summary())
          .contains("http://127.0.0.1:" + server.port() + "/health")
          .doesNotContain("monitor:");
    }
  }

  @Test
  void aPasswordInAUrlThatDoesNotParseIsPrintedNowhere() throws Exception {
    var result =
        step("https://monitor:pa@ss-word@health.example.com/x, https://monitor:pa ss-word@health.example.com/y")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    String printed =
        result
            .stdout()
            .lines()
            .filter(l -> !l.startsWith("::add-mask::"))
            .reduce("", (a, b) -> a + b + "\n");
    assertThat(printed + result.summary() + result.outputs())
        .doesNotContain("pa@ss-word")
        .doesNotContain("pa ss-word");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'url'")
        .contains("***@health.example.com/x");
  }

  @Test
  void queryValuesAreSentButNeverShown() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 503, "text/plain", "down"))) {
      var result =
          step(server.baseUrl() + "/health?token=s3cr3t-query-key&region=eu")
              .input("timeout", "10s")
              .run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(server.requests().getFirst().query())
          .isEqualTo("token=s3cr3t-query-key&region=eu");
      // Registered with ::add-mask:: (which the runner never shows), so a server that echoes the
      // key is masked too.
      String shown =
          String.join(
              "\n", result.lines().stream().filter(l -> !l.startsWith("::add-mask::")).toList());
      assertThat(shown + result.summary() + result.outputs()).doesNotContain("s3cr3t-query-key");
      assertThat(result.lines()).contains("::add-mask::s3cr3t-query-key");
      assertThat(result.output("failure-reason")).contains("HTTP 503");
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains(server.baseUrl() + "/health?token=***&region=***");
    }
  }

  @Test
  void dryRunPrintsThePlanAndSendsNothing() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      var result =
          step(server.baseUrl() + "/health")
              .input("dry-run", "true")
              .input("expect-json", "status=ok")
              .input("max-latency", "300ms")
              .run();
      assertThat(result.exitCode()).isZero();
      assertThat(server.requests()).isEmpty();
      assertThat(clock.sleeps()).isEmpty();
      assertThat(result.stdout())
          .contains("GET " + server.baseUrl() + "/health")
          .contains("JSON status=ok")
          .contains("p95 latency at most 300 ms")
          .contains("3 passing check(s) in a row per URL, one every 5s")
          .contains("give up after 5m");
      assertThat(result.summary()).contains("dry run").contains("No request was sent");
      assertThat(result.outputs()).containsEntry("attempts", "0").containsEntry("healthy", "");
    }
  }

  @Test
  void badInputsAreReportedAllAtOnce() throws Exception {
    var result =
        step("ftp://example.com/health, https://ok.example.com")
            .input("expect-status", "2xx, 99, abc")
            .input("consecutive-successes", "0")
            .input("interval", "5x")
            .input("request-timeout", "0s")
            .input("expect-json", "no-equals-sign")
            .input("expect-body", "/[unclosed/")
            .input("headers", "not a header")
            .input("follow-redirects", "yes")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'url' 'ftp://example.com/health' does not start with http")
        .contains("Input 'expect-status' '99' is not a status")
        .contains("Input 'expect-status' 'abc' is not a status")
        .contains("Input 'consecutive-successes' is 0")
        .contains("Input 'interval' is '5x'")
        .contains("Input 'request-timeout' is 0ms, below the minimum 100ms")
        .contains("Input 'expect-json' line 'no-equals-sign' is not path=value")
        .contains("Input 'expect-body' is not a valid regular expression")
        .contains("Input 'headers' has a line without 'Name: value'")
        .contains("Input 'follow-redirects' is 'yes', not a boolean");
    assertThat(result.stdout()).doesNotContain("\tat ");
  }

  @Test
  void missingUrlNamesTheInput() throws Exception {
    var result = new StepHarness(HealthVerifyStep.DEFINITION, tmp).clock(clock).run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst()).contains("Input 'url' is required");
    assertThat(result.outputs()).containsEntry("healthy", "false");
  }

  private static void redirectOrOk(
      LocalHttpServer.Request req, com.sun.net.httpserver.HttpExchange ex) throws IOException {
    if (req.path().equals("/health")) {
      ex.getResponseHeaders().set("Location", "/ready");
      respond(ex, 302, null, null);
    } else {
      respond(ex, 200, "text/plain", "ready");
    }
  }

  private static LocalHttpServer server(int port) {
    try {
      return new LocalHttpServer(port, (req, ex) -> respond(ex, 200, "text/plain", "up"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Holds a request unanswered until the test ends: the client's request timeout decides, not a
   * sleep.
   */
  private static void hang(CountDownLatch released) {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A FakeClock that runs an action on the n-th sleep, e.g. a service coming up during warm-up. */
  private record DelegatingClock(
      FakeClock clock, int onSleep, Runnable action, AtomicInteger sleeps) implements Clock {
    DelegatingClock(FakeClock clock, int onSleep, Runnable action) {
      this(clock, onSleep, action, new AtomicInteger());
    }

    @Override
    public Instant now() {
      return clock.now();
    }

    @Override
    public long nanoTime() {
      return clock.nanoTime();
    }

    @Override
    public void sleep(Duration d) {
      clock.sleep(d);
      if (sleeps.incrementAndGet() == onSleep) {
        action.run();
      }
    }
  }
}
