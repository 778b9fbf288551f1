package dev.flo.actions.runtime.runner;

import static dev.flo.actions.testing.LocalHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.RetryPolicy;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OIDC token request (toolkit oidc-utils.ts) against a local stand-in for the runner's token
 * service.
 */
class OidcTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Masker masker =
      new Masker(new PrintStream(printed, true, StandardCharsets.UTF_8), true);
  private final FakeClock clock = new FakeClock();
  private final Http http =
      new Http(
          HttpClient.newHttpClient(),
          clock,
          new Log(new PrintStream(printed, true, StandardCharsets.UTF_8), masker, false, () -> "t"),
          () -> 0.5,
          RetryPolicy.DEFAULT,
          Duration.ofSeconds(5));

  private static final String JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9.c2lnbmF0dXJl";

  private Oidc oidc(LocalHttpServer server) {
    return new Oidc(
        Map.of(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            server.baseUrl() + "/_apis/idtoken?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            "req-token-123456"),
        http,
        masker);
  }

  @Test
  void requestsWithAudienceAndBearerAndMasksTheToken() throws Exception {
    try (var server =
        new LocalHttpServer(
            (req, ex) -> {
              if ("Bearer req-token-123456".equals(req.header("Authorization"))) {
                json(ex, 200, "{\"value\":\"" + JWT + "\"}");
              } else {
                json(ex, 401, "{}");
              }
            })) {
      Secret token = oidc(server).idToken("api://AzureADTokenExchange");
      assertThat(token.reveal()).isEqualTo(JWT);
      var request = server.requests().getFirst();
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.query())
          .isEqualTo("api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange");
      assertThat(request.header("Accept")).contains("application/json");
      String out = printed.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("::add-mask::" + JWT).contains("::add-mask::req-token-123456");
      assertThat(out.indexOf("::add-mask::req-token-123456"))
          .isLessThan(out.indexOf("::add-mask::" + JWT));
    }
  }

  @Test
  void transientErrorsAreRetried() throws Exception {
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    try (var server =
        new LocalHttpServer(
            (req, ex) ->
                json(
                    ex, calls.incrementAndGet() == 1 ? 503 : 200, "{\"value\":\"" + JWT + "\"}"))) {
      assertThat(oidc(server).idToken("sts.amazonaws.com").reveal()).isEqualTo(JWT);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void missingPermissionIsAClearStepFailure() {
    Oidc oidc = new Oidc(Map.of("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "x"), http, masker);
    assertThat(oidc.available()).isFalse();
    assertThatThrownBy(() -> oidc.idToken("sts.amazonaws.com"))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("No GitHub OIDC token is available")
        .satisfies(
            e -> assertThat(((StepFailure) e).hint()).contains("permissions: id-token: write"));
  }

  @Test
  void refusedOrEmptyAnswersAreStepFailures() throws Exception {
    try (var server =
        new LocalHttpServer((req, ex) -> json(ex, 403, "{\"message\":\"forbidden\"}"))) {
      assertThatThrownBy(() -> oidc(server).idToken("sts.amazonaws.com"))
          .isInstanceOf(StepFailure.class)
          .hasMessageContaining("HTTP 403");
    }
    try (var server = new LocalHttpServer((req, ex) -> json(ex, 200, "{\"count\":1}"))) {
      assertThatThrownBy(() -> oidc(server).idToken("sts.amazonaws.com"))
          .isInstanceOf(StepFailure.class)
          .hasMessageContaining("had no value");
    }
  }
}
