package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Masker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Off the runner annotations are lines a person reads; on it they stay the runner's workflow
 * commands.
 */
class AnnotationTextTest {
  private static final String ESC = "\u001b[";

  private static StepDefinition failing(StepFailure failure) {
    return new StepDefinition(
        "demo",
        "A demo step.",
        List.of(
            InputDef.required("url", "A URL."), InputDef.optional("token", "A token.").asSecret()),
        List.of(OutputDef.of("result", "The result.")),
        kit ->
            in -> {
              kit.outputs().set("result", "started");
              kit.annotations()
                  .add(
                      Annotation.warning("slow answer from " + in.string("url"))
                          .withTitle("latency")
                          .at("web/health.ts", 12, null, 5, null));
              throw failure;
            });
  }

  private static String run(boolean terminal, Map<String, String> env, String... args) {
    var out = new ByteArrayOutputStream();
    Launcher launcher =
        new Launcher(
                List.of(
                    failing(
                        new StepFailure(
                            "the server refused token xoxb-1234-s3cr3t",
                            "Check the token xoxb-1234-s3cr3t in\nyour secrets."))),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.SYSTEM,
                Launcher.randomDelimiters())
            .withTerminal(terminal);
    int code = launcher.run(args, env);
    assertThat(code).isEqualTo(1);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onTheCommandLineAnErrorIsAnErrorLineAndAHintLine() {
    String printed =
        run(false, Map.of(), "demo", "--url", "http://a", "--token", "xoxb-1234-s3cr3t");
    assertThat(printed)
        .contains(
            "error: demo failed: the server refused token ***\nhint: Check the token *** in\n  your secrets.\n")
        .contains("warning: latency: slow answer from http://a\n  at web/health.ts:12:5\n")
        .contains("result=started")
        .doesNotContain("::error")
        .doesNotContain("::warning")
        .doesNotContain("%0A")
        .doesNotContain("s3cr3t")
        .doesNotContain(ESC);
    assertThat(printed.indexOf("error: demo failed"))
        .as("errors first")
        .isLessThan(printed.indexOf("warning: latency"));
  }

  @Test
  void colourOnlyOnATerminalAndNotWithNoColor() {
    String coloured = run(true, Map.of(), "demo", "--url", "http://a");
    assertThat(coloured)
        .contains(
            ESC
                + "31;1merror:"
                + ESC
                + "0m "
                + ESC
                + "1mdemo failed"
                + ESC
                + "0m: the server refused")
        .contains(ESC + "32;1mhint:")
        .contains(ESC + "33;1mwarning:");
    assertThat(run(true, Map.of("NO_COLOR", "1"), "demo", "--url", "http://a"))
        .doesNotContain(ESC)
        .contains("error: demo failed: ");
    assertThat(run(true, Map.of("TERM", "dumb"), "demo", "--url", "http://a")).doesNotContain(ESC);
  }

  @Test
  void onTheRunnerNothingChanges() {
    String printed =
        run(
            true,
            Map.of("GITHUB_ACTIONS", "true"),
            "demo",
            "--url",
            "http://a",
            "--token",
            "xoxb-1234-s3cr3t");
    assertThat(printed)
        .contains(
            "::error title=demo failed::the server refused token ***%0ACheck the token *** in%0Ayour secrets.")
        .contains(
            "::warning file=web/health.ts,line=12,col=5,title=latency::slow answer from http://a")
        .doesNotContain("hint:")
        .doesNotContain(ESC);
    assertThat(printed.lines().filter(l -> !l.startsWith("::add-mask::")))
        .noneMatch(l -> l.contains("s3cr3t"));
  }

  @Test
  void aUsageErrorIsReadableOffTheRunnerToo() {
    var out = new ByteArrayOutputStream();
    var launcher =
        new Launcher(
                List.of(failing(new StepFailure("x", null))),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.SYSTEM,
                Launcher.randomDelimiters())
            .withTerminal(false);
    assertThat(launcher.run(new String[] {"no-such-step"}, Map.of())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("error: flo-actions: ")
        .doesNotContain("::error");
    out.reset();
    assertThat(launcher.run(new String[] {"no-such-step"}, Map.of("GITHUB_ACTIONS", "true")))
        .isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("::error title=flo-actions::");
  }

  @Test
  void aHintThatIsNotTheMessagesEndIsNotSplitOff() {
    Annotation a =
        new Annotation(
            Annotation.Level.NOTICE, "one\ntwo", null, null, null, null, null, null, 0, "three");
    assertThat(a.toText(new Masker(null), false)).isEqualTo("notice: one\n  two");
    assertThat(Annotation.error(new StepFailure("broke", " ")).toText(new Masker(null), false))
        .isEqualTo("error: broke");
  }

  @Test
  void offTheRunnerGroupsDebugLinesAndFencedTextArePlain() {
    StepDefinition def =
        new StepDefinition(
            "demo",
            "A demo step.",
            List.of(),
            List.of(),
            kit ->
                in -> {
                  kit.log().group("Plan");
                  kit.log().info("GET http://a");
                  kit.log().endGroup();
                  kit.log().untrusted("::error::from the provider's log");
                  kit.log().debug("details");
                });
    for (boolean onRunner : new boolean[] {false, true}) {
      var out = new ByteArrayOutputStream();
      Map<String, String> env =
          onRunner
              ? Map.of("GITHUB_ACTIONS", "true", "RUNNER_DEBUG", "1")
              : Map.of("RUNNER_DEBUG", "1");
      assertThat(
              new Launcher(
                      List.of(def),
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      Clock.SYSTEM,
                      Launcher.randomDelimiters())
                  .run(new String[] {"demo"}, env))
          .isZero();
      String printed = out.toString(StandardCharsets.UTF_8);
      if (onRunner) {
        assertThat(printed)
            .contains("::group::Plan\nGET http://a\n::endgroup::\n::stop-commands::")
            .contains("::debug::details");
      } else {
        assertThat(printed)
            .isEqualTo(
                "--- Plan ---\nGET http://a\n::error::from the provider's log\ndebug: details\n");
      }
    }
  }

  @Test
  void anUnexpectedErrorSaysHowToGetTheStackTraceWhereItRuns() {
    StepDefinition def =
        new StepDefinition(
            "demo",
            "A demo step.",
            List.of(),
            List.of(),
            kit ->
                in -> {
                  throw new IllegalStateException("boom");
                });
    var out = new ByteArrayOutputStream();
    Launcher launcher =
        new Launcher(
                List.of(def),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.SYSTEM,
                Launcher.randomDelimiters())
            .withTerminal(false);
    assertThat(launcher.run(new String[] {"demo"}, Map.of())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "error: demo failed: Unexpected error: IllegalStateException: boom\nhint: Re-run with RUNNER_DEBUG=1 in the environment");
    out.reset();
    assertThat(launcher.run(new String[] {"demo"}, Map.of("GITHUB_ACTIONS", "true"))).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "::error title=demo failed::Unexpected error: IllegalStateException: boom%0ARe-run with debug logging (secret ACTIONS_STEP_DEBUG=true)");
  }
}
