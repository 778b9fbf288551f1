package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed step contract: declared once, read and checked by the launcher before the step runs.
 */
class StepContractTest {
  @TempDir Path tmp;

  static final Input<Duration> TIMEOUT =
      Input.named("timeout", "Overall deadline.").duration().byDefault("5m");
  static final Input<Duration> INTERVAL =
      Input.named("interval", "Between checks.").duration().byDefault("5s");
  static final Input<Integer> RETRIES =
      Input.named("retries", "How often.").integer(0, 10).byDefault("3");
  static final Input<Secret> TOKEN = Input.named("token", "A token.").secretText().required();
  static final Output<Boolean> HEALTHY =
      Output.named("healthy", "Whether it is.").bool().initially(false);
  static final Output<Integer> TRIES = Output.named("tries", "Tries made.").integer();
  static final EnvFact REGION = EnvFact.of("AWS_REGION", "The region.");

  record Settings(Duration timeout, Duration interval, int retries, Secret token, boolean dryRun) {}

  private final AtomicInteger runs = new AtomicInteger();

  private StepDefinition step(TypedStep.Reader<Settings> reader) {
    return StepDefinition.named("demo", "A demo.")
        .inputs(TIMEOUT, INTERVAL, RETRIES, TOKEN)
        .outputs(HEALTHY, TRIES)
        .env(REGION)
        .reads(reader)
        .create(
            port ->
                in -> {
                  runs.incrementAndGet();
                  port.outputs().set(TRIES, in.retries());
                  port.log().info("region=%s timeout=%s", port.env(REGION), in.timeout());
                  port.outputs().set(HEALTHY, true);
                });
  }

  private static Settings read(Inputs in, StepPort port) {
    Duration timeout = in.get(TIMEOUT);
    Duration interval = in.get(INTERVAL);
    if (timeout != null && interval != null && timeout.compareTo(interval) < 0) {
      in.problem(TIMEOUT, "is shorter than " + INTERVAL.name(), "Make it longer.");
    }
    return in.hasProblems()
        ? null
        : new Settings(timeout, interval, in.get(RETRIES), in.get(TOKEN), in.dryRun());
  }

  @Test
  void defaultsAreReadByTheInputsOwnReaderAndTheStepGetsTypedValues() throws Exception {
    var result =
        new StepHarness(step(StepContractTest::read), tmp)
            .input("token", "t0k3n-value")
            .env("AWS_REGION", "eu-west-1")
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(runs).hasValue(1);
    assertThat(result.outputs()).containsEntry("tries", "3").containsEntry("healthy", "true");
    assertThat(result.stdout()).contains("region=eu-west-1 timeout=PT5M");
  }

  @Test
  void everyProblemEachInputsAndBetweenInputsIsReportedAtOnceAndTheStepNeverRuns()
      throws Exception {
    var result =
        new StepHarness(step(StepContractTest::read), tmp)
            .input("retries", "eleven")
            .input("timeout", "1s")
            .input("dry-run", "yes")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(runs).hasValue(0);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'token' is required")
        .contains("Input 'retries' is 'eleven', not a whole number")
        .contains("Input 'dry-run' is 'yes', not a boolean")
        .contains("Input 'timeout' is shorter than interval");
    // Outputs are written also when the step never ran: the declared initial value, else "".
    assertThat(result.outputs()).containsEntry("healthy", "false").containsEntry("tries", "");
  }

  @Test
  void aDefaultThatDoesNotReadIsCaughtWithoutAnyValueSet() {
    Input<Duration> broken = Input.named("wait", "W.").duration().byDefault("5 minutes");
    StepDefinition def =
        StepDefinition.named("d", "D.")
            .inputs(broken)
            .reads((in, port) -> in.get(broken))
            .create(port -> in -> {});
    Inputs in =
        new Inputs(
            def,
            java.util.Map.of(),
            new Masker(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
    in.readDeclared();
    assertThat(in.problems())
        .singleElement()
        .asString()
        .contains("Input 'wait' is '5 minutes', not a duration");
  }

  @Test
  void readingAnUndeclaredInputOrSettingAnUndeclaredOutputIsABugNotAValue() {
    StepDefinition def =
        StepDefinition.named("d", "D.")
            .inputs(TIMEOUT)
            .outputs(HEALTHY)
            .reads((in, port) -> in.get(TIMEOUT))
            .create(port -> in -> {});
    Inputs in =
        new Inputs(
            def,
            java.util.Map.of(),
            new Masker(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
    assertThatThrownBy(() -> in.get(INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval");
    Outputs out = new Outputs(def);
    assertThatThrownBy(() -> out.set(TRIES, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tries");
  }

  @Test
  void aStepSeesOnlyTheEnvironmentItDeclared() throws Exception {
    EnvFact undeclared = EnvFact.of("ACTIONS_RUNTIME_TOKEN", "The runner's token.");
    StepDefinition def =
        StepDefinition.named("d", "D.")
            .env(REGION)
            .reads((in, port) -> port)
            .create(port -> in -> port.log().info("token=%s", port.env(undeclared)));
    var result = new StepHarness(def, tmp).env("ACTIONS_RUNTIME_TOKEN", "runtime-tok-987").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).doesNotContain("runtime-tok-987").contains("without declaring it");
  }

  @Test
  void variablesListedInAnInputAreReadableButNeverTheInputsOrTheRunnersTokens() throws Exception {
    Input<List<String>> names = Input.named("names", "Variables to show.").list();
    EnvFact listed = EnvFact.listedIn(names, "The variables listed in names.");
    StepDefinition def =
        StepDefinition.named("d", "D.")
            .inputs(names)
            .env(listed)
            .reads((in, port) -> in.get(names))
            .create(
                port ->
                    in -> in.forEach(n -> port.log().info("%s=%s", n, port.listedEnv(listed, n))));
    var result =
        new StepHarness(def, tmp)
            .env("DEPLOYER", "ops")
            .env("ACTIONS_RUNTIME_TOKEN", "runtime-tok-987")
            .input("names", "DEPLOYER, ACTIONS_RUNTIME_TOKEN, INPUT_NAMES, UNSET")
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .contains("DEPLOYER=ops")
        .contains("ACTIONS_RUNTIME_TOKEN=null")
        .contains("INPUT_NAMES=null")
        .contains("UNSET=null")
        .doesNotContain("runtime-tok-987");

    StepDefinition undeclared =
        StepDefinition.named("u", "U.")
            .inputs(names)
            .reads((in, port) -> port)
            .create(port -> in -> port.listedEnv(listed, "DEPLOYER"));
    assertThat(new StepHarness(undeclared, tmp).env("DEPLOYER", "ops").run().stdout())
        .contains("without declaring it");
  }

  @Test
  void metadataComesFromTheTypedDeclarationsWithDryRunLast() {
    StepDefinition def = step(StepContractTest::read);
    assertThat(def.inputs())
        .extracting(InputDef::name)
        .containsExactly("timeout", "interval", "retries", "token", "dry-run");
    assertThat(def.input("token").orElseThrow().secret()).isTrue();
    assertThat(def.input("token").orElseThrow().required()).isTrue();
    assertThat(def.input("timeout").orElseThrow().defaultValue()).isEqualTo("5m");
    assertThat(def.outputs()).extracting(OutputDef::name).containsExactly("healthy", "tries");
    assertThat(List.copyOf(def.env())).containsExactly(REGION);
  }
}
