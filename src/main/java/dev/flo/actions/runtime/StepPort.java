package dev.flo.actions.runtime;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Oidc;
import dev.flo.actions.runtime.runner.RunnerFiles;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a step gets from the launcher, and nothing more: the channels it reports on (log, summary,
 * annotations, outputs), the masker, the clock, the HTTP client, the workspace, the run's GitHub
 * facts, and the environment variables it declared ({@link StepDefinition#env()}). It never sees
 * the environment map itself, which holds every {@code INPUT_*} secret and the runner's tokens.
 */
public final class StepPort {
  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;
  private final GitHubContext github;
  private final Workspace workspace;
  private final Map<String, String> facts;
  private final Set<String> declaredNames;
  private final Supplier<Oidc> oidc;
  private final Supplier<RunnerFiles> runnerFiles;
  private final Nested nested;

  /** The environment, only for a step that declared an {@link EnvFact#listedIn} fact; else null. */
  private final @Nullable Map<String, String> listable;

  /** Runs another step in this JVM: what the {@code deploy} step composes. */
  @FunctionalInterface
  public interface Nested {
    /**
     * Runs {@code step} with {@code stepInputs} (by the step's own input names) over the given
     * channels, through the same input reading as the launcher; throws what the step throws.
     */
    void run(
        StepDefinition step,
        Map<String, String> stepInputs,
        Outputs outputs,
        StepSummary summary,
        Annotations annotations)
        throws Exception;
  }

  StepPort(Toolkit kit, List<EnvFact> declared, Nested nested) {
    this.log = kit.log();
    this.masker = kit.masker();
    this.outputs = kit.outputs();
    this.summary = kit.summary();
    this.annotations = kit.annotations();
    this.clock = kit.clock();
    this.http = kit.http();
    this.github = kit.github();
    this.workspace = kit.workspace();
    Map<String, String> f = new HashMap<>();
    for (EnvFact e : declared) {
      String v = kit.env().get(e.name());
      if (v != null) {
        f.put(e.name(), v);
      }
    }
    this.facts = Map.copyOf(f);
    this.declaredNames =
        declared.stream().map(EnvFact::name).collect(Collectors.toUnmodifiableSet());
    this.oidc = kit::oidc;
    this.runnerFiles = kit::runnerFiles;
    this.nested = nested;
    this.listable = declared.stream().anyMatch(EnvFact::listed) ? kit.env() : null;
  }

  public Log log() {
    return log;
  }

  public Masker masker() {
    return masker;
  }

  public Outputs outputs() {
    return outputs;
  }

  public StepSummary summary() {
    return summary;
  }

  public Annotations annotations() {
    return annotations;
  }

  public Clock clock() {
    return clock;
  }

  public Http http() {
    return http;
  }

  public GitHubContext github() {
    return github;
  }

  public Workspace workspace() {
    return workspace;
  }

  /** GitHub's OIDC token service for this job (its URL and request token stay inside). */
  public Oidc oidc() {
    return oidc.get();
  }

  /** {@code GITHUB_ENV} and {@code GITHUB_STATE}. */
  public RunnerFiles runnerFiles() {
    return runnerFiles.get();
  }

  /**
   * The value of a declared environment variable, or null when unset; an undeclared one is a bug.
   */
  public @Nullable String env(EnvFact fact) {
    if (!declared(fact)) {
      throw new IllegalArgumentException(
          "the step reads " + fact.name() + " without declaring it in its StepDefinition");
    }
    String v = facts.get(fact.name());
    return v == null || v.isEmpty() ? null : v;
  }

  /**
   * The value of a variable the user listed in the input of a declared {@link EnvFact#listedIn}
   * fact, or null when it is unset or an {@code INPUT_*} or {@code ACTIONS_*} variable (the inputs'
   * secrets and the runner's tokens are never listable).
   */
  public @Nullable String listedEnv(EnvFact listed, String name) {
    if (!listed.listed() || !declared(listed) || listable == null) {
      throw new IllegalArgumentException(
          "the step reads variables listed in "
              + listed.name()
              + " without declaring it in its StepDefinition");
    }
    if (name.startsWith("INPUT_") || name.startsWith("ACTIONS_")) {
      return null;
    }
    return listable.get(name);
  }

  /** Runs another step in this JVM (see {@link Nested}). */
  public void runNested(
      StepDefinition step,
      Map<String, String> stepInputs,
      Outputs outputs,
      StepSummary summary,
      Annotations annotations)
      throws Exception {
    nested.run(step, stepInputs, outputs, summary, annotations);
  }

  private boolean declared(EnvFact fact) {
    return declaredNames.contains(fact.name());
  }

  @Override
  public String toString() {
    return "StepPort[workspace=" + workspace + ", env=" + facts.keySet() + "]";
  }
}
