package dev.flo.actions.testing;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.StepDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a step through the real {@link Launcher} as the runner would: {@code INPUT_*} variables,
 * real {@code GITHUB_OUTPUT} and {@code GITHUB_STEP_SUMMARY} files in a temp dir, stdout captured.
 * The outputs are read back with the runner's own parsing rules.
 */
public final class StepHarness {
  private final StepDefinition step;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = new FakeClock();

  public StepHarness(StepDefinition step, Path tempDir) {
    this.step = step;
    this.dir = tempDir;
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", tempDir.toString());
    env.put("GITHUB_REPOSITORY", "acme/shop");
    env.put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
    env.put("GITHUB_RUN_ID", "42");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_API_URL", "https://api.github.com");
  }

  public StepHarness input(String name, String value) {
    env.put(InputDef.envName(name), value);
    return this;
  }

  public StepHarness env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Leaves a variable the harness sets by default unset, as a run outside a runner has it. */
  public StepHarness without(String name) {
    env.remove(name);
    return this;
  }

  public StepHarness clock(Clock c) {
    this.clock = c;
    return this;
  }

  public Result run() throws IOException {
    Path output = Files.createTempFile(dir, "set_output_", "");
    Path summary = Files.createTempFile(dir, "step_summary_", "");
    Map<String, String> e = new HashMap<>(env);
    e.put("GITHUB_OUTPUT", output.toString());
    e.put("GITHUB_STEP_SUMMARY", summary.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(List.of(step), out, clock, Launcher.randomDelimiters())
            .run(new String[] {step.name()}, e);
    return new Result(
        code,
        RunnerFileCommands.parse(Files.readString(output, StandardCharsets.UTF_8)),
        Files.readString(summary, StandardCharsets.UTF_8),
        bytes.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs the step as the runner does, in a JVM of its own ({@code java dev.flo.actions.Main <step>}
   * on the test classpath: the jar's code), and cancels it as the runner cancels a job once {@code
   * when} holds: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that (runtime-contract.md §1.2).
   * The step runs on the real clock.
   */
  public Cancelled runCancelled(
      java.util.function.BooleanSupplier when, java.time.Duration startWithin)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "set_output_", "");
    Path summary = Files.createTempFile(dir, "step_summary_", "");
    Path log = Files.createTempFile(dir, "step_log_", "");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.flo.actions.Main",
                step.name())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("GITHUB_OUTPUT", output.toString());
    pb.environment().put("GITHUB_STEP_SUMMARY", summary.toString());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + startWithin.toNanos();
      while (!when.getAsBoolean()) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(
              "the step "
                  + (p.isAlive()
                      ? "never reached the point of the cancel"
                      : "ended before the cancel")
                  + ":\n"
                  + Files.readString(log));
        }
        Thread.sleep(20);
      }
      long t0 = System.nanoTime();
      String endedBy = "SIGINT";
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      if (!p.waitFor(7500, TimeUnit.MILLISECONDS)) {
        endedBy = "SIGTERM";
        p.destroy();
        if (!p.waitFor(2500, TimeUnit.MILLISECONDS)) {
          endedBy = "SIGKILL";
          p.destroyForcibly().waitFor();
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Result r =
          new Result(
              p.exitValue(),
              RunnerFileCommands.parse(Files.readString(output, StandardCharsets.UTF_8)),
              Files.readString(summary, StandardCharsets.UTF_8),
              Files.readString(log, StandardCharsets.UTF_8));
      return new Cancelled(r, endedBy, ms);
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * A run the runner cancelled: what it left, which of the runner's signals ended it, and how long
   * after the first.
   */
  public record Cancelled(Result result, String endedBy, long millisToExit) {}

  /** What the runner would see after the step. */
  public record Result(int exitCode, Map<String, String> outputs, String summary, String stdout) {
    public String output(String name) {
      return outputs.get(name);
    }

    public List<String> lines() {
      return stdout.lines().toList();
    }

    /** The {@code ::error ...::} (or warning, notice) lines. */
    public List<String> annotations(String level) {
      return stdout
          .lines()
          .filter(l -> l.startsWith("::" + level + " ") || l.startsWith("::" + level + "::"))
          .toList();
    }
  }
}
