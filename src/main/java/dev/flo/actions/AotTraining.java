package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Launcher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run for the image's AOT cache (JEP 483/514/515): one JVM that walks the launcher's real code paths
 * (help, every step's help, every step's dry-run through input checking, annotations, outputs and the summary) so
 * the classes a step loads are already parsed and linked when a container starts. Run by the Dockerfile as
 * {@code java -XX:AOTCacheOutput=... -cp flo-actions.jar dev.flo.actions.AotTraining}: the same class path as
 * {@code -jar}, so the cache applies to every step. Offline on purpose: a build has no network.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("flo-aot-training");
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Launcher launcher = new Launcher(Steps.ALL, sink, Clock.SYSTEM, Launcher.randomDelimiters());
    Map<String, String> env = runnerEnv(dir);
    int runs = 0;
    launcher.run(new String[] {"--help"}, env);
    launcher.run(new String[] {"no-such-step"}, env);
    runs += 2;
    for (var step : Steps.ALL) {
      launcher.run(new String[] {step.name(), "--help"}, env);
      // No inputs: every required input is reported missing, the way a misconfigured workflow fails.
      launcher.run(new String[] {step.name(), "--dry-run"}, env);
      runs += 2;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.out.println("AOT training: " + runs + " launcher runs over " + Steps.ALL.size() + " steps");
  }

  /** The file commands and context variables the runner gives a container step, in a scratch folder. */
  private static Map<String, String> runnerEnv(Path dir) throws IOException {
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("CI", "true");
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("set_output")).toString());
    env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("step_summary")).toString());
    env.put("GITHUB_REPOSITORY", "acme/shop");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_API_URL", "https://api.github.com");
    env.put("GITHUB_RUN_ID", "1");
    env.put("GITHUB_SHA", "0000000000000000000000000000000000000000");
    return env;
  }
}
