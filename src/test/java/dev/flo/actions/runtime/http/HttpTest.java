package dev.flo.actions.runtime.http;

import static dev.flo.actions.testing.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.HostileServer;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries, hints and deadlines of {@link Http} against real local servers, with virtual time. */
class HttpTest {
  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(logged, true, StandardCharsets.UTF_8),
          new Masker(new PrintStream(new ByteArrayOutputStream())),
          false,
          () -> "t");
  private final Http http =
      new Http(
          HttpClient.newHttpClient(),
          clock,
          log,
          () -> 0.5,
          RetryPolicy.DEFAULT,
          Duration.ofSeconds(5));

  /** Answers {@code first} with the given status and headers, then 200. */
  private static LocalHttpServer failingFirst(int first, int status, Map<String, String> headers)
      throws IOException {
    AtomicInteger n = new AtomicInteger();
    return new LocalHttpServer(
        (req, ex) -> {
          if (n.incrementAndGet() <= first) {
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            respond(ex, status, "text/plain", "busy");
          } else {
            respond(ex, 200, "text/plain", "ok");
          }
        });
  }

  private static HttpRequest get(LocalHttpServer s) {
    return HttpRequest.newBuilder(s.uri("/x")).GET().build();
  }

  private static HttpRequest post(LocalHttpServer s) {
    return HttpRequest.newBuilder(s.uri("/x"))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
  }

  @Test
  void tooManyRequestsWaitsRetryAfterSeconds() throws Exception {
    try (var s = failingFirst(1, 429, Map.of("Retry-After", "7"))) {
      assertThat(http.send(get(s), "get thing").statusCode()).isEqualTo(200);
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
      assertThat(s.requests()).hasSize(2);
    }
  }

  @Test
  void tooManyRequestsWaitsUntilARetryAfterDate() throws Exception {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.now().plusSeconds(12).atOffset(ZoneOffset.UTC));
    try (var s = failingFirst(1, 429, Map.of("Retry-After", date))) {
      assertThat(http.send(get(s), "get thing").statusCode()).isEqualTo(200);
      assertThat(clock.sleeps())
          .singleElement()
          .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12)));
    }
  }

  @Test
  void rateLimitResetAsEpochSecondsAndAsDelta() throws Exception {
    long epoch = clock.now().plusSeconds(20).getEpochSecond();
    try (var s = failingFirst(1, 429, Map.of("Ratelimit-Reset", String.valueOf(epoch)))) {
      http.send(get(s), "get thing");
    }
    try (var s = failingFirst(1, 429, Map.of("Ratelimit-Reset", "5"))) {
      http.send(get(s), "get thing");
    }
    assertThat(clock.sleeps()).hasSize(2);
    assertThat(clock.sleeps().get(0)).isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20));
    assertThat(clock.sleeps().get(1)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void serverErrorBurstsAreRetriedWithGrowingBackoff() throws Exception {
    try (var s = failingFirst(3, 503, Map.of())) {
      assertThat(http.send(get(s), "get thing").statusCode()).isEqualTo(200);
      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMillis(375), Duration.ofMillis(750), Duration.ofMillis(1500));
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .contains("get thing: HTTP 503; retrying in 375 ms (attempt 2 of 6)");
    }
  }

  @Test
  void persistentServerErrorsReturnTheLastResponseAfterMaxAttempts() throws Exception {
    try (var s = failingFirst(100, 502, Map.of())) {
      assertThat(http.send(get(s), "get thing").statusCode()).isEqualTo(502);
      assertThat(s.requests()).hasSize(RetryPolicy.DEFAULT.maxAttempts());
    }
  }

  @Test
  void postIsNotRetriedOnServerErrorsButOnTooManyRequests() throws Exception {
    try (var s = failingFirst(1, 500, Map.of())) {
      assertThat(http.send(post(s), "create thing").statusCode()).isEqualTo(500);
      assertThat(s.requests()).hasSize(1);
    }
    try (var s = failingFirst(1, 429, Map.of("Retry-After", "1"))) {
      assertThat(http.send(post(s), "create thing").statusCode()).isEqualTo(200);
      assertThat(s.requests()).hasSize(2);
    }
  }

  @Test
  void postIsNotRetriedOnServiceUnavailableEvenWithRetryAfter() throws Exception {
    try (var s = failingFirst(1, 503, Map.of("Retry-After", "2"))) {
      assertThat(http.send(post(s), "create thing").statusCode()).isEqualTo(503);
      assertThat(s.requests()).hasSize(1);
      assertThat(clock.sleeps()).isEmpty();
    }
    try (var s = failingFirst(1, 503, Map.of("Retry-After", "2"))) {
      assertThat(http.sendIdempotent(post(s), "update thing").statusCode()).isEqualTo(200);
      assertThat(s.requests()).hasSize(2);
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
    }
  }

  @Test
  void aSubSecondRequestTimeoutIsNamedInMilliseconds() throws Exception {
    var released = new java.util.concurrent.CountDownLatch(1);
    try (var s =
        new LocalHttpServer(
            (req, ex) -> {
              try {
                released.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      assertThatThrownBy(
              () ->
                  http.withPolicy(RetryPolicy.NONE)
                      .withRequestTimeout(Duration.ofMillis(100))
                      .send(get(s), "get thing"))
          .isInstanceOf(HttpException.class)
          .hasMessage("get thing: no answer within 100ms after 1 attempt(s)");
    } finally {
      released.countDown();
    }
  }

  @Test
  void refusedConnectionsAreRetriedThenReportedWithTheDescription() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    assertThatThrownBy(() -> http.send(request, "create Render deploy"))
        .isInstanceOf(HttpException.class)
        .hasMessageStartingWith("create Render deploy: cannot connect")
        .hasMessageEndingWith("after 6 attempt(s)");
    assertThat(clock.sleeps()).hasSize(5);
  }

  @Test
  void theDeadlineBoundsEveryWait() throws Exception {
    Http bounded = http.withPolicy(RetryPolicy.DEFAULT.withDeadline(Duration.ofSeconds(2)));
    try (var s = failingFirst(100, 503, Map.of())) {
      assertThat(bounded.send(get(s), "get thing").statusCode()).isEqualTo(503);
      // 375 ms and 750 ms fit in 2 s; the next 1.5 s would not.
      assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750));
      assertThat(s.requests()).hasSize(3);
    }
    try (var s = failingFirst(100, 429, Map.of("Retry-After", "30"))) {
      assertThat(bounded.send(get(s), "get thing").statusCode()).isEqualTo(429);
      assertThat(s.requests()).hasSize(1);
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .contains(
              "the server asks to wait 30s before retrying, longer than the time left (2s), so giving up now without waiting");
    }
  }

  @Test
  void noRetryPolicyMakesOneAttempt() throws Exception {
    try (var s = failingFirst(1, 503, Map.of("Retry-After", "1"))) {
      assertThat(http.withPolicy(RetryPolicy.NONE).send(get(s), "probe").statusCode())
          .isEqualTo(503);
      assertThat(s.requests()).hasSize(1);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void redirectsCanBeTurnedOff() throws Exception {
    try (var s =
        new LocalHttpServer(
            (req, ex) -> {
              if (req.path().equals("/x")) {
                ex.getResponseHeaders().set("Location", "/y");
                respond(ex, 301, null, null);
              } else {
                respond(ex, 200, "text/plain", "y");
              }
            })) {
      Http following = Http.create(RunnerProxy.fromEnv(Map.of()), clock, log, true);
      assertThat(following.send(get(s), "get").statusCode()).isEqualTo(200);
      assertThat(following.withRedirects(false).send(get(s), "get").statusCode()).isEqualTo(301);
      assertThat(following.withRedirects(true)).isSameAs(following);
    }
  }

  @Test
  void plainHttpAndHttpsEachGoThroughTheirOwnClient() throws Exception {
    // A server that answers anything with a plain-HTTP 400 and hangs up, as a plain server does
    // when a TLS hello reaches it.
    try (var s = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "plain"));
        ServerSocket plainOnly = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread answering =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!plainOnly.isClosed()) {
                      try (var c = plainOnly.accept()) {
                        c.getInputStream().read(new byte[512]);
                        c.getOutputStream()
                            .write(
                                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                      } catch (IOException e) {
                        // closed: the test is over
                      }
                    }
                  });
      Http standard =
          Http.create(null, clock, log, true).withRequestTimeout(Duration.ofSeconds(10));
      try {
        // http: answered by the client that never sets up TLS.
        assertThat(standard.send(get(s), "get").body()).isEqualTo("plain");
        // https: the TLS client sends a real hello, and fails on the plain answer (not on a client
        // that refuses TLS altogether).
        HttpRequest tls =
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + plainOnly.getLocalPort() + "/x"))
                .GET()
                .build();
        assertThatThrownBy(() -> standard.send(tls, "get over tls"))
            .isInstanceOf(HttpException.class)
            .satisfies(
                e -> {
                  Throwable t = e;
                  boolean tlsFailure = false;
                  while (t != null) {
                    assertThat(t).isNotInstanceOf(IllegalStateException.class);
                    tlsFailure |= t instanceof javax.net.ssl.SSLException;
                    t = t.getCause();
                  }
                  assertThat(tlsFailure).as("failed in a TLS handshake").isTrue();
                });
      } finally {
        standard.close();
        plainOnly.close();
        answering.join(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void proxyVariablesAreHonouredAndNoProxyBypasses() {
    var proxy =
        (RunnerProxy)
            RunnerProxy.fromEnv(
                Map.of(
                    "HTTPS_PROXY",
                    "http://proxy.corp:3128",
                    "http_proxy",
                    "proxy.corp:8080",
                    "NO_PROXY",
                    "localhost, .internal.example.com,10.0.0.1:8443,*.svc"));
    assertThat(target(proxy, "https://api.render.com/v1")).isEqualTo("proxy.corp:3128");
    assertThat(target(proxy, "http://example.com/")).isEqualTo("proxy.corp:8080");
    assertThat(proxy.select(URI.create("https://localhost:3000/")).getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("https://db.internal.example.com/")).getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("https://internal.example.com/")).getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("https://10.0.0.1:8443/")).getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("https://10.0.0.1:9443/")).getFirst())
        .isNotEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("http://api.svc/")).getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(proxy.select(URI.create("https://notinternal.example.com/")).getFirst())
        .isNotEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(
            ((RunnerProxy)
                    RunnerProxy.fromEnv(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")))
                .select(URI.create("https://a/"))
                .getFirst())
        .isEqualTo(java.net.Proxy.NO_PROXY);
  }

  private static String target(RunnerProxy proxy, String uri) {
    var address = (java.net.InetSocketAddress) proxy.select(URI.create(uri)).getFirst().address();
    return address.getHostString() + ":" + address.getPort();
  }

  @Test
  void requestsGoThroughTheProxyServer() throws Exception {
    try (var proxyServer =
        new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "via proxy"))) {
      Http proxied =
          Http.create(
              RunnerProxy.fromEnv(Map.of("HTTP_PROXY", proxyServer.baseUrl())), clock, log, true);
      var response =
          proxied.send(
              HttpRequest.newBuilder(URI.create("http://app.example.invalid/health")).GET().build(),
              "get health");
      assertThat(response.body()).isEqualTo("via proxy");
      assertThat(proxyServer.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo("/health"));
    }
  }

  @Test
  void aTricklingBodyEndsTheAttemptAtTheRequestTimeout() throws Exception {
    try (var s = HostileServer.start(HostileServer.Mode.TRICKLE)) {
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  http.withPolicy(RetryPolicy.NONE)
                      .withRequestTimeout(Duration.ofMillis(1500))
                      .send(get(s.uri("/x")), "get thing"))
          .isInstanceOf(HttpException.class)
          .hasMessage(
              "get thing: the body did not finish within 1500ms (the server sent its headers, then too slowly the rest) after 1 attempt(s)")
          .satisfies(
              e -> assertThat(((HttpException) e).kind()).isEqualTo(HttpException.Kind.SLOW_BODY));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3000));
    }
  }

  @Test
  void anEndlessBodyStopsAtTheLimitNamingTheServer() throws Exception {
    for (HostileServer.Mode mode : List.of(HostileServer.Mode.ENDLESS, HostileServer.Mode.HUGE)) {
      try (var s = HostileServer.start(mode)) {
        assertThatThrownBy(() -> http.withBodyLimit(1 << 20).send(get(s.uri("/x")), "get thing"))
            .isInstanceOf(HttpException.class)
            .hasMessage(
                "get thing: 127.0.0.1:"
                    + s.uri("/").getPort()
                    + " sent a response body larger than 1 MiB, the limit for this call");
        // Not retried, and the connection closed: what was sent is the limit plus socket buffers.
        assertThat(s.requests()).hasSize(1);
        Thread.sleep(200);
        assertThat(s.bodyBytesSent()).isLessThan((1 << 20) + (16 << 20));
      }
    }
  }

  @Test
  void secretHeadersStayWithTheirOriginOnRedirects() throws Exception {
    try (var s = HostileServer.start(HostileServer.Mode.REDIRECT)) {
      HttpRequest request =
          HttpRequest.newBuilder(s.uri("/v1/deploys?x=1"))
              .header("Authorization", "Bearer tok-123")
              .header("X-Api-Key", "key-456")
              .header("Project-Access-Token", "pat-789")
              .header("Cookie", "session=abc")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      assertThat(Http.create(null, clock, log, true).send(request, "create deploy").statusCode())
          .isEqualTo(404);
      assertThat(s.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.headers()).containsEntry("x-api-key", "key-456"));
      assertThat(s.otherOriginRequests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/v1/deploys");
                assertThat(r.header("Accept")).isEqualTo("application/json");
                assertThat(r.headers().keySet())
                    .map(k -> k.toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("authorization", "x-api-key", "project-access-token", "cookie");
              });
    }
    // The same origin keeps them: a redirect from /x to /y on one server is not a leak.
    try (var s =
        new LocalHttpServer(
            (req, ex) -> {
              if (req.path().equals("/x")) {
                ex.getResponseHeaders().set("Location", "/y");
                respond(ex, 302, null, null);
              } else {
                respond(ex, 200, "text/plain", req.header("X-Api-Key"));
              }
            })) {
      var request =
          HttpRequest.newBuilder(s.uri("/x")).header("X-Api-Key", "key-456").GET().build();
      assertThat(Http.create(null, clock, log, true).send(request, "get").body())
          .isEqualTo("key-456");
    }
  }

  @Test
  void theCallersDeadlineEndsAnAttemptAndStopsRetries() throws Exception {
    try (var s = HostileServer.start(HostileServer.Mode.SILENT)) {
      Http bounded =
          Http.create(null, Clock.SYSTEM, log, true)
              .within(Deadline.after(Clock.SYSTEM, Duration.ofMillis(1200)));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> bounded.send(get(s.uri("/x")), "get deploy"))
          .isInstanceOf(HttpException.class)
          .hasMessage(
              "get deploy: the step's timeout of 1200ms ran out before a complete answer came")
          .satisfies(
              e -> assertThat(((HttpException) e).kind()).isEqualTo(HttpException.Kind.DEADLINE));
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isBetween(Duration.ofMillis(1100), Duration.ofMillis(2500));
      assertThat(s.requests()).hasSize(1);
    }
  }

  @Test
  void aDayLongRetryAfterIsNotWaitedAndTheLogSaysSo() throws Exception {
    try (var s = HostileServer.start(HostileServer.Mode.RATE_LIMITED)) {
      assertThat(http.send(get(s.uri("/x")), "get thing").statusCode()).isEqualTo(429);
      assertThat(clock.sleeps()).isEmpty();
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .contains("get thing: HTTP 429; the server asks to wait 27h46m before retrying");
    }
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  @Test
  void speaksHttp11WithoutAskingToUpgrade() throws Exception {
    // The JDK's default (HTTP/2) would send "Upgrade: h2c" and "HTTP2-Settings" to a plain-http
    // server, such as a health URL behind a proxy that refuses upgrades.
    try (var s = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      var response = Http.create(null, clock, log, true).send(get(s), "get");
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(s.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.header("Upgrade")).isNull();
                assertThat(r.header("HTTP2-Settings")).isNull();
              });
    }
  }
}
