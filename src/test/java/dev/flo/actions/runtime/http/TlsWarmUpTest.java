package dev.flo.actions.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.InputDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When a step's TLS is set up ahead of its first request, and that the JDK still has what it warms.
 */
class TlsWarmUpTest {
  private static final InputDef API =
      InputDef.withDefault("api-url", "API base URL.", "https://slack.com/api");
  private static final InputDef HEALTH = InputDef.optional("url", "The URL to check.");

  @Test
  void anHttpsDefaultCountsWhenTheInputIsNotGiven() {
    assertThat(TlsWarmUp.callsHttps(List.of(HEALTH, API), Map.of())).isTrue();
    assertThat(TlsWarmUp.callsHttps(List.of(API), Map.of("INPUT_API-URL", "  "))).isTrue();
  }

  @Test
  void aGivenValueWinsOverTheDefault() {
    assertThat(
            TlsWarmUp.callsHttps(
                List.of(API), Map.of("INPUT_API-URL", "http://127.0.0.1:8080/api")))
        .isFalse();
    assertThat(
            TlsWarmUp.callsHttps(
                List.of(HEALTH), Map.of("INPUT_URL", " HTTPS://example.com/health")))
        .isTrue();
  }

  @Test
  void plainHttpExpressionsAndOtherValuesDoNot() {
    InputDef token = InputDef.withDefault("github-token", "Token.", "${{ github.token }}");
    InputDef name = InputDef.withDefault("name", "A name.", "https-service");
    assertThat(
            TlsWarmUp.callsHttps(
                List.of(HEALTH, token, name), Map.of("INPUT_URL", "http://x/health")))
        .isFalse();
    assertThat(TlsWarmUp.callsHttps(List.of(), Map.of("INPUT_URL", "https://x/health"))).isFalse();
  }

  @Test
  void startsOncePerProcess() {
    Map<String, String> env = Map.of("INPUT_URL", "https://example.com/health");
    TlsWarmUp.startFor(List.of(HEALTH), env);
    assertThat(TlsWarmUp.startFor(List.of(HEALTH), env)).isFalse();
  }

  @Test
  void theJdkStillHasTheClassThatParsesTheCaStoreAgain() throws Exception {
    // A JDK that renamed it would only lose the head start silently: this says so instead.
    assertThat(Class.forName(TlsWarmUp.ANCHORS, false, null).getName())
        .isEqualTo(TlsWarmUp.ANCHORS);
  }
}
