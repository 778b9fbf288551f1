package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.cli.CommandLine;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  @TempDir Path tmp;

  private static StepDefinition step(Step body) {
    return new StepDefinition(
        "demo",
        "A demo step.",
        List.of(
            InputDef.required("url", "A URL."),
            InputDef.optional("token", "A token.").asSecret(),
            InputDef.withDefault("interval", "How often.", "5s")),
        List.of(
            OutputDef.of("result", "The result."),
            OutputDef.of("never-set", "Not set by the step.")),
        kit ->
            inputs -> {
              kit.outputs().set("result", "started");
              body.run(inputs);
              kit.outputs().set("result", "done");
            });
  }

  @Test
  void secretIsMaskedBeforeAnythingElseIsPrinted() throws Exception {
    var result =
        new StepHarness(step(in -> {}), tmp)
            .input("url", "http://x")
            .input("token", "s3cr3t-value")
            .run();
    assertThat(result.lines().getFirst()).isEqualTo("::add-mask::s3cr3t-value");
    assertThat(result.exitCode()).isZero();
    assertThat(result.outputs()).containsEntry("result", "done").containsEntry("never-set", "");
  }

  @Test
  void onTheCommandLineTheSecretIsPrintedNowhere() {
    var out = new java.io.ByteArrayOutputStream();
    Step echoes =
        in -> {
          throw new StepFailure(
              "the server refused token " + in.secret("token").reveal(), "Check the token.");
        };
    var launcher =
        new Launcher(
            List.of(step(echoes)),
            new java.io.PrintStream(out, true),
            Clock.SYSTEM,
            Launcher.randomDelimiters());
    int code =
        launcher.run(
            new String[] {"demo", "--url", "http://a", "--token", "xoxb-1234-s3cr3t"},
            java.util.Map.of("PATH", "/usr/bin"));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .doesNotContain("s3cr3t")
        .doesNotContain("add-mask")
        .contains("the server refused token ***");
  }

  @Test
  void recordsHoldingTheEnvironmentDoNotPrintIt() throws Exception {
    var env = java.util.Map.of("ACTIONS_RUNTIME_TOKEN", "runtime-tok-987", "PATH", "/usr/bin");
    CommandLine cli =
        CommandLine.parse(
            new String[] {"demo", "--url", "http://a", "--token", "xoxb-1234-s3cr3t"},
            env,
            List.of(step(in -> {})));
    assertThat(cli.env()).containsEntry("INPUT_TOKEN", "xoxb-1234-s3cr3t");
    Toolkit kit =
        new Toolkit(cli.env(), null, null, null, null, null, Clock.SYSTEM, null, null, null);
    assertThat(cli + " " + kit)
        .doesNotContain("s3cr3t")
        .doesNotContain("runtime-tok-987")
        .contains("demo");
  }

  @Test
  void aMissingOutputFileStillLeavesTheRealReasonAndTheSummary() throws Exception {
    Path summary = java.nio.file.Files.createFile(tmp.resolve("summary.md"));
    Path gone = tmp.resolve("deleted-by-an-earlier-step");
    var out = new java.io.ByteArrayOutputStream();
    StepDefinition def =
        new StepDefinition(
            "demo",
            "A demo step.",
            List.of(),
            List.of(OutputDef.of("result", "The result.")),
            kit ->
                in -> {
                  kit.outputs().set("result", "half-done");
                  kit.summary().heading(2, "demo: failed halfway");
                  throw new StepFailure("the deploy was rejected", "Fix the build.");
                });
    int code =
        new Launcher(
                List.of(def),
                new java.io.PrintStream(out, true),
                Clock.SYSTEM,
                Launcher.randomDelimiters())
            .run(
                new String[] {"demo"},
                java.util.Map.of(
                    "GITHUB_ACTIONS",
                    "true",
                    "GITHUB_OUTPUT",
                    gone.toString(),
                    "GITHUB_STEP_SUMMARY",
                    summary.toString()));
    String printed = out.toString();
    assertThat(code).isEqualTo(1);
    assertThat(printed)
        .contains("::error title=demo failed::the deploy was rejected")
        .contains("result=half-done");
    assertThat(printed)
        .contains("GITHUB_OUTPUT names " + gone + ", which does not exist")
        .contains("check that no earlier step deletes or moves it");
    assertThat(java.nio.file.Files.readString(summary)).contains("demo: failed halfway");
  }

  @Test
  void missingRequiredInputFailsWithOneAnnotationNamingIt() throws Exception {
    var result =
        new StepHarness(
                step(
                    in -> {
                      in.string("url");
                      in.duration("interval");
                      in.check();
                    }),
                tmp)
            .input("interval", "5x")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error")).hasSize(1);
    assertThat(result.annotations("error").getFirst())
        .contains("Input 'url' is required")
        .contains("Input 'interval' is '5x'");
    assertThat(result.stdout()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.outputs()).containsEntry("result", "started");
  }

  @Test
  void unexpectedExceptionGivesOneLineOfCauseWithoutStackTrace() throws Exception {
    var result =
        new StepHarness(
                step(
                    in -> {
                      throw new IllegalStateException("boom\nsecond line");
                    }),
                tmp)
            .input("url", "http://x")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("IllegalStateException: boom")
        .doesNotContain("second line");
    assertThat(result.stdout()).doesNotContain("\tat ");
  }

  @Test
  void stackTraceOnlyWithRunnerDebug() throws Exception {
    var result =
        new StepHarness(
                step(
                    in -> {
                      throw new IllegalStateException("boom");
                    }),
                tmp)
            .input("url", "http://x")
            .env("RUNNER_DEBUG", "1")
            .run();
    assertThat(result.stdout()).contains("::debug::java.lang.IllegalStateException: boom%0A");
  }

  @Test
  void commandLineFlagsBecomeInputs() {
    var out = new java.io.ByteArrayOutputStream();
    var launcher =
        new Launcher(
            List.of(step(in -> {})),
            new java.io.PrintStream(out, true),
            Clock.SYSTEM,
            Launcher.randomDelimiters());
    int code =
        launcher.run(new String[] {"demo", "--url", "http://a", "--dry-run"}, java.util.Map.of());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("result=done");
  }

  @Test
  void unknownFlagIsRejectedWithTheValidInputs() {
    var out = new java.io.ByteArrayOutputStream();
    var launcher =
        new Launcher(
            List.of(step(in -> {})),
            new java.io.PrintStream(out, true),
            Clock.SYSTEM,
            Launcher.randomDelimiters());
    int code = launcher.run(new String[] {"demo", "--urll", "x"}, java.util.Map.of());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("no input '--urll'")
        .contains("url, token, interval, dry-run");
  }

  @Test
  void anOutOfMemoryErrorInAnotherThreadStillEndsTheStepWithOutputsAndOneAnnotation()
      throws Exception {
    Step wedged =
        in -> {
          Thread worker =
              new Thread(
                  () -> {
                    throw new OutOfMemoryError("Java heap space");
                  },
                  "HttpClient-1-Worker-0");
          worker.start();
          // The step waits on the dead worker's result, as it would on an HTTP exchange.
          new java.util.concurrent.CountDownLatch(1).await();
        };
    var result = new StepHarness(step(wedged), tmp).input("url", "http://x").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("result", "started");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("fatal error: OutOfMemoryError (Java heap space) in thread HttpClient-1-Worker-0")
        .doesNotContain("interrupted");
  }

  @Test
  void aCancelInterruptsTheStepLetsItWindDownAndStillWritesItsOutputs() throws Exception {
    var hook = new java.util.concurrent.atomic.AtomicReference<Thread>();
    var waiting = new java.util.concurrent.CountDownLatch(1);
    var def =
        new StepDefinition(
            "waits",
            "Waits.",
            List.of(),
            List.of(OutputDef.of("state", "Where it got.")),
            kit ->
                inputs -> {
                  kit.outputs().set("state", "waiting");
                  waiting.countDown();
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    kit.outputs().set("state", "wound down");
                    throw new StepFailure(
                        "Stopped waiting: the job was cancelled; rolled back.", null);
                  }
                });
    Path outputFile = java.nio.file.Files.createFile(tmp.resolve("output"));
    var out = new java.io.ByteArrayOutputStream();
    var launcher =
        new Launcher(
                List.of(def),
                new java.io.PrintStream(out, true),
                Clock.SYSTEM,
                Launcher.randomDelimiters())
            .withShutdownHooks(hook::set, t -> {});
    var code = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread runner =
        Thread.ofPlatform()
            .start(
                () ->
                    code.set(
                        launcher.run(
                            new String[] {"waits"},
                            java.util.Map.of("GITHUB_OUTPUT", outputFile.toString()))));
    waiting.await();

    long start = System.nanoTime();
    // What the JVM does on the runner's SIGINT/SIGTERM: run the shutdown hook (here, on this
    // thread: as a Runnable).
    Runnable shutdownHook = hook.get();
    shutdownHook.run();
    runner.join(java.time.Duration.ofSeconds(5));

    assertThat((System.nanoTime() - start) / 1_000_000)
        .isLessThan(Launcher.CANCEL_GRACE.toMillis());
    assertThat(code.get()).isEqualTo(1);
    assertThat(java.nio.file.Files.readString(outputFile)).contains("wound down");
    assertThat(out.toString()).contains("Stopped waiting: the job was cancelled");
  }
}
