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

/**
 * Runs a step through the real {@link Launcher} as the runner would: {@code INPUT_*} variables, real
 * {@code GITHUB_OUTPUT} and {@code GITHUB_STEP_SUMMARY} files in a temp dir, stdout captured. The outputs are
 * read back with the runner's own parsing rules.
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
    int code = new Launcher(List.of(step), out, clock, Launcher.randomDelimiters()).run(new String[] {step.name()}, e);
    return new Result(
        code,
        RunnerFileCommands.parse(Files.readString(output, StandardCharsets.UTF_8)),
        Files.readString(summary, StandardCharsets.UTF_8),
        bytes.toString(StandardCharsets.UTF_8));
  }

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
      return stdout.lines().filter(l -> l.startsWith("::" + level + " ") || l.startsWith("::" + level + "::")).toList();
    }
  }
}
