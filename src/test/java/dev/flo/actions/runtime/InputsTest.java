package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner's input rules (runtime-contract.md §1.5, toolkit core.ts
 * getInput/getBooleanInput/getMultilineInput).
 */
class InputsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Masker masker =
      new Masker(new PrintStream(out, true, StandardCharsets.UTF_8), true);

  private static final StepDefinition STEP =
      new StepDefinition(
          "demo",
          "Demo.",
          List.of(
              InputDef.required("database url", "Required, with a space in its name."),
              InputDef.optional("flag", "A boolean."),
              InputDef.withDefault("wait-for", "A duration.", "90s"),
              InputDef.optional("count", "An integer."),
              InputDef.optional("mode", "An enum."),
              InputDef.optional("targets", "A list."),
              InputDef.optional("endpoint", "A URL."),
              InputDef.optional("token", "A secret.").asSecret(),
              InputDef.withDefault("gh", "An expression default.", "${{ github.token }}")),
          List.of(),
          kit -> in -> {});

  private Inputs inputs(Map<String, String> env) {
    return new Inputs(STEP, env, masker);
  }

  @Test
  void runnerNamingRuleSpacesToUnderscoreUpperCaseHyphensKept() {
    assertThat(InputDef.envName("database url")).isEqualTo("INPUT_DATABASE_URL");
    assertThat(InputDef.envName("wait-for")).isEqualTo("INPUT_WAIT-FOR");
    assertThat(
            inputs(Map.of("INPUT_DATABASE_URL", "x", "INPUT_WAIT-FOR", "5m")).duration("wait-for"))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void emptyMeansUnsetValuesAreTrimmedAndDefaultsApply() {
    Inputs in =
        inputs(
            Map.of(
                "INPUT_DATABASE_URL",
                "  postgres://h/db \n",
                "INPUT_WAIT-FOR",
                "",
                "INPUT_FLAG",
                "   "));
    assertThat(in.string("database url")).isEqualTo("postgres://h/db");
    assertThat(in.duration("wait-for")).isEqualTo(Duration.ofSeconds(90));
    assertThat(in.string("flag")).isNull();
    assertThat(in.isSet("flag")).isFalse();
    // A workflow expression default is the runner's to evaluate; on the command line it counts as
    // unset.
    assertThat(in.string("gh")).isNull();
    assertThat(in.problems()).isEmpty();
  }

  @Test
  void requiredIsEnforcedWithAnErrorNamingTheInput() {
    Inputs in = inputs(Map.of("INPUT_DATABASE_URL", ""));
    in.string("database url");
    assertThatThrownBy(in::check)
        .isInstanceOf(InputError.class)
        .hasMessageContaining("Input 'database url' is required")
        .hasMessageContaining("with:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "false", "False", "FALSE"})
  void yamlCoreBooleans(String v) {
    Inputs in = inputs(Map.of("INPUT_FLAG", v));
    assertThat(in.bool("flag")).isEqualTo(v.equalsIgnoreCase("true"));
    assertThat(in.problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "on", "1", "tRUE", "y", "off"})
  void yaml11BooleansAreRefused(String v) {
    Inputs in = inputs(Map.of("INPUT_FLAG", v));
    in.bool("flag");
    assertThat(in.problems())
        .singleElement()
        .asString()
        .contains("Input 'flag' is '" + v + "', not a boolean");
  }

  @Test
  void durations() {
    assertThat(Inputs.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Inputs.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Inputs.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Inputs.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Inputs.parseDuration("5")).isNull();
    assertThat(Inputs.parseDuration("5x")).isNull();
    assertThat(Inputs.parseDuration("m5")).isNull();
    assertThat(Inputs.parseDuration("")).isNull();
  }

  @Test
  void aDurationTooLongToHoldSaturatesAndIsReportedWithTheRange() {
    assertThat(Inputs.parseDuration("99999999999999999999h"))
        .isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    assertThat(Inputs.parseDuration("999999999h1ms"))
        .isEqualTo(Duration.ofHours(999_999_999).plusMillis(1));
    Inputs in = inputs(Map.of("INPUT_WAIT-FOR", "999999999h"));
    assertThat(in.duration("wait-for")).isNull();
    assertThat(in.problems())
        .singleElement()
        .asString()
        .contains("Input 'wait-for' is 999999999h, outside 0s..5d");
  }

  @Test
  void integersEnumsListsAndUrlsReportEveryProblemAtOnce() {
    Inputs in =
        inputs(
            Map.of(
                "INPUT_COUNT",
                "11",
                "INPUT_MODE",
                "fast",
                "INPUT_ENDPOINT",
                "example.com/x",
                "INPUT_WAIT-FOR",
                "soon"));
    in.integer("count", 1, 10);
    in.choice("mode", List.of("safe", "strict"));
    in.url("endpoint");
    in.duration("wait-for");
    assertThat(in.problems()).hasSize(4);
    assertThatThrownBy(in::check)
        .hasMessageStartingWith("4 inputs are invalid:")
        .hasMessageContaining("Input 'count' is 11, outside 1..10")
        .hasMessageContaining("Use one of: safe, strict")
        .hasMessageContaining("'example.com/x' does not start with http")
        .hasMessageContaining("Input 'wait-for' is 'soon'");
  }

  @Test
  void listsAreNewlineOrCommaSeparated() {
    Inputs in = inputs(Map.of("INPUT_TARGETS", "web, api\n\n  worker  \r\ncron,"));
    assertThat(in.list("targets")).containsExactly("web", "api", "worker", "cron");
    assertThat(in.lines("targets")).containsExactly("web, api", "worker", "cron,");
  }

  @Test
  void enumChoiceIsCaseInsensitive() {
    assertThat(inputs(Map.of("INPUT_MODE", "STRICT")).choice("mode", List.of("safe", "strict")))
        .isEqualTo("strict");
  }

  @Test
  void urlsKeepTheirParts() {
    URI u = inputs(Map.of("INPUT_ENDPOINT", "https://api.example.com:8443/v1?x=1")).url("endpoint");
    assertThat(u.getHost()).isEqualTo("api.example.com");
    assertThat(u.getPort()).isEqualTo(8443);
  }

  @Test
  void aBadUrlIsQuotedWithoutItsCredentials() {
    Inputs in = inputs(Map.of());
    in.parseUrl("endpoint", "https://monitor:pa ss-word@api.example.com/health");
    in.parseUrl("endpoint", "https://monitor:pa@ss@api.example.com/health?x=1");
    in.parseUrl("endpoint", "ftp://monitor:s3cr3t@api.example.com/health");
    assertThat(in.problems()).hasSize(3);
    assertThat(String.join("\n", in.problems()))
        .doesNotContain("pa ss")
        .doesNotContain("pa@ss")
        .doesNotContain("s3cr3t")
        .doesNotContain("monitor");
    assertThat(in.problems().getFirst())
        .contains("'https://***@api.example.com/health' is not a valid URL");
    assertThat(in.problems().get(1))
        .contains("'https://***@api.example.com/health?x=1' has no host");
  }

  @Test
  void credentialsAreCutFromUrlsForMessages() {
    assertThat(Inputs.withoutCredentials("postgres://u:p/w@ss@db:5432/shop?sslmode=require"))
        .isEqualTo("postgres://***@db:5432/shop?sslmode=require");
    assertThat(Inputs.withoutCredentials("https://example.com/a?email=a@b.c"))
        .isEqualTo("https://example.com/a?email=a@b.c");
    assertThat(Inputs.withoutCredentials("u:p@host")).isEqualTo("***@host");
  }

  @Test
  void secretsAreMaskedWhenRead() {
    Secret s = inputs(Map.of("INPUT_TOKEN", " tok-123456 ")).secret("token");
    assertThat(s.reveal()).isEqualTo("tok-123456");
    assertThat(s.toString()).isEqualTo("***");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("::add-mask::tok-123456");
  }
}
