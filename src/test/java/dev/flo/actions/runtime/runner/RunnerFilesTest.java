package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.testing.RunnerFileCommands;
import dev.flo.actions.testing.StepHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerFilesTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Masker masker = new Masker(new PrintStream(new ByteArrayOutputStream()));
  private final Log log =
      new Log(new PrintStream(printed, true, StandardCharsets.UTF_8), masker, false, () -> "t");

  @Test
  void exportVariableAndSaveStateReachTheirFilesThroughTheToolkit() throws Exception {
    Path env = Files.createFile(tmp.resolve("set_env_1"));
    Path state = Files.createFile(tmp.resolve("save_state_1"));
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(),
            List.of(),
            kit ->
                in -> {
                  kit.runnerFiles().exportVariable("DEPLOY_URL", "https://shop-abc.vercel.app");
                  kit.runnerFiles().exportVariable("NOTES", "line one\nline=two\n");
                  kit.runnerFiles().saveState("lock-id", "42");
                });
    var result =
        new StepHarness(def, tmp)
            .env("GITHUB_ENV", env.toString())
            .env("GITHUB_STATE", state.toString())
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(RunnerFileCommands.parse(Files.readString(env)))
        .containsExactly(
            Map.entry("DEPLOY_URL", "https://shop-abc.vercel.app"),
            Map.entry("NOTES", "line one\nline=two\n"));
    assertThat(RunnerFileCommands.parse(Files.readString(state)))
        .containsExactly(Map.entry("lock-id", "42"));
  }

  @Test
  void envStateAndOutputsAreRedactedLikeTheLog() throws Exception {
    Path env = Files.createFile(tmp.resolve("set_env_1"));
    Path state = Files.createFile(tmp.resolve("save_state_1"));
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(InputDef.required("token", "T.").asSecret()),
            List.of(OutputDef.of("reason", "R.")),
            kit ->
                in -> {
                  // A server that echoes the bare token of a Bearer header, and its base64 inside a
                  // longer text.
                  kit.runnerFiles().exportVariable("LAST_ERROR", "denied rk_live_9f8e7d6c5b4a");
                  kit.runnerFiles()
                      .saveState(
                          "page",
                          "<p>"
                              + java.util.Base64.getEncoder()
                                  .encodeToString("x:rk_live_9f8e7d6c5b4a".getBytes())
                              + "</p>");
                  kit.outputs().set("reason", "HTTP 401: token rk_live_9f8e7d6c5b4a is revoked");
                });
    var result =
        new StepHarness(def, tmp)
            .input("token", "Bearer rk_live_9f8e7d6c5b4a")
            .env("GITHUB_ENV", env.toString())
            .env("GITHUB_STATE", state.toString())
            .run();
    assertThat(RunnerFileCommands.parse(Files.readString(env)))
        .containsExactly(Map.entry("LAST_ERROR", "denied ***"));
    assertThat(RunnerFileCommands.parse(Files.readString(state)))
        .containsExactly(Map.entry("page", "<p>eDpy***==</p>"));
    assertThat(result.output("reason")).isEqualTo("HTTP 401: token *** is revoked");
  }

  @Test
  void missingVariableInsideActionsOrMissingFileFailsLoudly() {
    RunnerFiles inActions =
        new RunnerFiles(Map.of("GITHUB_ACTIONS", "true"), Launcher.randomDelimiters(), log, masker);
    assertThatThrownBy(() -> inActions.exportVariable("A", "b"))
        .hasMessage("Unable to find environment variable for file command GITHUB_ENV");
    RunnerFiles gone =
        new RunnerFiles(
            Map.of("GITHUB_STATE", tmp.resolve("nope").toString()),
            Launcher.randomDelimiters(),
            log,
            masker);
    assertThatThrownBy(() -> gone.saveState("A", "b"))
        .hasMessageStartingWith("Missing file at path:");
  }

  @Test
  void outsideActionsTheValuesArePrinted() {
    new RunnerFiles(Map.of(), Launcher.randomDelimiters(), log, masker)
        .exportVariable("REGION", "eu-west-1");
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("env: REGION=eu-west-1\n");
  }

  @Test
  void namesTheRunnerRefusesAreRefusedHere() {
    RunnerFiles files = new RunnerFiles(Map.of(), Launcher.randomDelimiters(), log, masker);
    assertThatThrownBy(() -> files.exportVariable("NODE_OPTIONS", "--x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> files.exportVariable("A=B", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutputHoldingTheDelimiterFailsTheStepWithoutAStackTrace() {
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(),
            List.of(OutputDef.of("out", "O."), OutputDef.of("other", "O.")),
            kit ->
                in -> {
                  kit.outputs().set("out", "x\nEOF\ninjected=1");
                  kit.outputs().set("other", "fine");
                });
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int code;
    try {
      Path output = Files.createFile(tmp.resolve("set_output_1"));
      code =
          new Launcher(
                  List.of(def),
                  new PrintStream(stdout, true, StandardCharsets.UTF_8),
                  Clock.SYSTEM,
                  () -> "EOF")
              .run(
                  new String[] {"s"},
                  Map.of("GITHUB_ACTIONS", "true", "GITHUB_OUTPUT", output.toString()));
      assertThat(RunnerFileCommands.parse(Files.readString(output)))
          .doesNotContainKey("injected")
          .containsEntry("other", "fine");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(code).isEqualTo(1);
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("::error title=s::")
        .contains("contains the delimiter")
        .doesNotContain("\tat ");
  }
}
