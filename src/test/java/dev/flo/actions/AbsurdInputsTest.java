package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step's numeric, duration, port and index inputs fed absurd values through the real
 * launcher: each is an input error naming the input and the allowed range, never a crash. The
 * campaign in issue 8 found ArithmeticException, NumberFormatException and "port out of range"
 * here.
 */
class AbsurdInputsTest {
  private static final String DB = "postgres://app@127.0.0.1:5432/shop";

  /** The smallest valid inputs of each step: the absurd one is the only problem. */
  private static final Map<String, Map<String, String>> VALID =
      Map.of(
          "lint-gate", Map.of("reports", "reports/eslint.json"),
          "migrate", Map.of("database-url", DB, "dir", "."),
          "db-backup", Map.of("database-url", DB, "destination", "s3://backups/shop"),
          "db-restore",
              Map.of("database-url", DB, "source", "s3://backups/shop/latest", "confirm", "shop"),
          "deploy-frontend", Map.of("token", "vercel-token", "project-id", "prj_1"),
          "deploy-backend",
              Map.of("provider", "render", "token", "rnd_token", "service-id", "srv-1"),
          "health-verify", Map.of("url", "http://127.0.0.1:8080/health"),
          "rollback", Map.of("provider", "render", "token", "rnd_token", "service-id", "srv-1"),
          "slack-notify",
              Map.of(
                  "status", "success", "webhook-url", "https://hooks.slack.com/services/T0/B0/x"));

  private static final String HOURS = "999999999h";
  private static final String OVERFLOW = "99999999999999999999h";
  private static final String HUGE = "99999999999999999999";

  static Stream<Arguments> absurd() {
    return Stream.of(
        row("deploy-frontend", "timeout", HOURS),
        row("deploy-frontend", "timeout", OVERFLOW),
        row("deploy-frontend", "api-url", "http://127.0.0.1:99999/"),
        row("deploy-backend", "timeout", HOURS),
        row("deploy-backend", "timeout", OVERFLOW),
        row("deploy-backend", "api-url", "http://127.0.0.1:99999/"),
        row("deploy-backend", "environment-url", "https://shop.example:99999999999/"),
        row("rollback", "timeout", HOURS),
        row("rollback", "timeout", OVERFLOW),
        row("rollback", "api-url", "http://127.0.0.1:0/"),
        row("rollback", "github-deployment-id", HUGE),
        row("health-verify", "timeout", HOURS),
        row("health-verify", "timeout", OVERFLOW),
        row("health-verify", "interval", OVERFLOW),
        row("health-verify", "request-timeout", OVERFLOW),
        row("health-verify", "max-latency", OVERFLOW),
        row("health-verify", "url", "http://127.0.0.1:99999/"),
        row("health-verify", "expect-json", "a[99999999999]=1"),
        row("health-verify", "expect-status", HUGE),
        row("health-verify", "consecutive-successes", HUGE),
        row("migrate", "lock-timeout", OVERFLOW),
        row("migrate", "statement-timeout", HOURS),
        row("migrate", "wait-for-lock", OVERFLOW),
        row("migrate", "database-url", "postgres://app@127.0.0.1:99999/shop"),
        row("db-backup", "retention-days", HUGE),
        row("db-backup", "keep-min", "-99999999999"),
        row("db-backup", "database-url", "postgres://app@127.0.0.1:99999999999/shop"),
        row("db-backup", "verify-database-url", "postgres://app@127.0.0.1:99999/scratch"),
        row("db-backup", "s3-endpoint", "http://127.0.0.1:99999"),
        row("db-restore", "database-url", "postgres://app@127.0.0.1:99999/shop"),
        row("db-restore", "s3-endpoint", "http://127.0.0.1:123456789012"),
        row("rollback", "environment-url", "https://shop.example:99999/"),
        row(
            "deploy-backend",
            "hook-url",
            "https://api.render.com:99999/deploy/srv-1?key=k",
            "provider",
            "hook"),
        row("slack-notify", "webhook-url", "https://hooks.slack.com:99999/services/T0/B0/x"),
        row("lint-gate", "max-errors", HUGE),
        row("lint-gate", "max-warnings", "-1"),
        row("slack-notify", "api-url", "http://127.0.0.1:99999/api"),
        row("slack-notify", "deploy-url", "https://shop.example:70000/"));
  }

  /** {@code also}: other inputs the absurd one needs to be read at all, as name, value pairs. */
  private static Arguments row(String step, String input, String value, String... also) {
    return Arguments.of(step, input, value, List.of(also));
  }

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} --{1} {2} {3}")
  @MethodSource("absurd")
  void anAbsurdValueIsOneInputErrorNamingTheInput(
      String stepName, String input, String value, List<String> also) throws Exception {
    StepDefinition step =
        Steps.ALL.stream().filter(s -> s.name().equals(stepName)).findFirst().orElseThrow();
    StepHarness harness = new StepHarness(step, tmp);
    VALID.get(stepName).forEach(harness::input);
    for (int i = 0; i < also.size(); i += 2) {
      harness.input(also.get(i), also.get(i + 1));
    }
    harness.input(input, value);

    var result = harness.run();

    assertThat(result.exitCode()).isEqualTo(1);
    List<String> errors = result.annotations("error");
    assertThat(errors).hasSize(1);
    assertThat(errors.getFirst())
        .contains("Input '" + input + "'")
        .containsAnyOf("outside", "not a ")
        .doesNotContain("Unexpected error");
    assertThat(result.stdout()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.outputs().keySet())
        .containsAll(step.outputs().stream().map(OutputDef::name).toList());
  }
}
