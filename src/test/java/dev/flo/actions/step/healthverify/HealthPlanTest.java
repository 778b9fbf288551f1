package dev.flo.actions.step.healthverify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthPlanTest {
  private static final URI URL =
      URI.create("https://monitor:pw-9f8e7d@api.example.com/health?token=tok-5a6b7c&v=2");

  private static HealthVerifyInputs inputs() {
    return new HealthVerifyInputs(
        List.of(URL),
        "GET",
        Map.of("X-Api-Key", Secret.of("key-1a2b3c")),
        null,
        3,
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        null,
        true,
        false);
  }

  @Test
  void theRequestKeepsTheQueryButTheDisplayHidesItsValuesAndTheCredentials() {
    HealthPlan plan =
        HealthPlan.of(inputs(), new Masker(new PrintStream(new ByteArrayOutputStream())));
    HealthPlan.Target target = plan.targets().getFirst();
    assertThat(target.uri()).hasToString("https://api.example.com/health?token=tok-5a6b7c&v=2");
    assertThat(target.display()).isEqualTo("https://api.example.com/health?token=***&v=***");
    assertThat(target.headers()).containsKeys("X-Api-Key", "Authorization");
  }

  @Test
  void recordsPrintNoCredentialsTokensOrHeaderValues() {
    HealthVerifyInputs in = inputs();
    HealthPlan plan = HealthPlan.of(in, new Masker(new PrintStream(new ByteArrayOutputStream())));
    assertThat(in + " " + plan)
        .doesNotContain("pw-9f8e7d")
        .doesNotContain("tok-5a6b7c")
        .doesNotContain("key-1a2b3c")
        .doesNotContain("monitor");
  }
}
