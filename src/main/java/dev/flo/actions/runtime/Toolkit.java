package dev.flo.actions.runtime;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Oidc;
import dev.flo.actions.runtime.runner.RunnerFiles;
import dev.flo.actions.runtime.runner.StepSummary;
import java.time.Duration;
import java.util.Map;

/**
 * What the launcher hands a step's factory: the runner's channels and the real clients. A step
 * takes the parts it needs into its constructor; it never reads the process environment or prints
 * on its own.
 *
 * @param env the process environment (with command-line flags applied as {@code INPUT_*})
 */
public record Toolkit(
    Map<String, String> env,
    Log log,
    Masker masker,
    Outputs outputs,
    StepSummary summary,
    Annotations annotations,
    Clock clock,
    Http http,
    GitHubContext github,
    Workspace workspace) {

  /**
   * Without {@code env}: it holds every {@code INPUT_*} secret and the runner's {@code ACTIONS_*}
   * tokens.
   */
  @Override
  public String toString() {
    return "Toolkit[" + env.size() + " environment variables, workspace=" + workspace + "]";
  }

  /**
   * GitHub's token service answers in milliseconds: 10 s an attempt, 30 s with retries, 64 KiB of
   * JSON.
   */
  public Oidc oidc() {
    Http bounded =
        http.withRequestTimeout(Duration.ofSeconds(10))
            .withPolicy(http.policy().withDeadline(Duration.ofSeconds(30)))
            .withBodyLimit(64 << 10);
    return new Oidc(env, bounded, masker);
  }

  /** The narrow view a step declared with {@link StepDefinition#named} gets: no environment map. */
  StepPort port(java.util.List<EnvFact> facts) {
    return new StepPort(this, facts, this::runNested);
  }

  /**
   * Runs {@code step} in this JVM with its own inputs and channels, everything else as this step
   * has it.
   */
  private void runNested(
      StepDefinition step,
      Map<String, String> stepInputs,
      Outputs outputs,
      StepSummary summary,
      Annotations annotations)
      throws Exception {
    Map<String, String> childEnv = new java.util.HashMap<>();
    env.forEach(
        (k, v) -> {
          if (!k.startsWith("INPUT_")) {
            childEnv.put(k, v);
          }
        });
    stepInputs.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            childEnv.put(InputDef.envName(k), v);
          }
        });
    Toolkit child =
        new Toolkit(
            Map.copyOf(childEnv),
            log,
            masker,
            outputs,
            summary,
            annotations,
            clock,
            http,
            github,
            workspace);
    child.start(step);
  }

  /**
   * Reads and checks every declared input, then runs the step: the one way a step starts, alone or
   * nested.
   */
  void start(StepDefinition step) throws Exception {
    Inputs inputs = new Inputs(step, env, masker);
    inputs.readDeclared();
    step.factory().apply(this).run(inputs);
  }

  /**
   * {@code GITHUB_ENV} and {@code GITHUB_STATE}: env for later steps, state for this action's post
   * step.
   */
  public RunnerFiles runnerFiles() {
    return new RunnerFiles(env, Launcher.randomDelimiters(), log, masker);
  }
}
