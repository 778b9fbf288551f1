package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.provider.github.GitHubDeploymentException;
import dev.flo.actions.provider.github.GitHubDeployments;
import dev.flo.actions.provider.github.TrackedDeployment;
import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.DeployProvider;
import dev.flo.actions.step.compose.ComposeRun;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Restores the last good deploy of the backend or frontend and marks the GitHub deployments
 * accordingly.
 */
public final class RollbackStep implements TypedStep<RollbackInputs> {
  static final Output<String> ROLLED_BACK_TO =
      Output.named("rolled-back-to", "The deploy that was restored.").text();
  static final Output<String> ROLLBACK_DEPLOY_ID =
      Output.named(
              "rollback-deploy-id",
              "The deploy the provider created to restore it (empty when the target was still live).")
          .text();

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "rollback",
              "Roll the backend or frontend back to the last deploy that was live before the failed one (Render, Railway, Docker Compose over SSH, Vercel), idempotently, and update GitHub deployments.")
          .inputs(RollbackInputs.ALL)
          .outputs(ROLLED_BACK_TO, ROLLBACK_DEPLOY_ID)
          .reads(RollbackInputs::read)
          .create(RollbackStep::new);

  private final Log log;
  private final Outputs outputs;
  private final StepSummary markdown;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;
  private final Masker masker;
  private final GitHubContext github;

  RollbackStep(StepPort port) {
    this.log = port.log();
    this.masker = port.masker();
    this.outputs = port.outputs();
    this.markdown = port.summary();
    this.annotations = port.annotations();
    this.clock = port.clock();
    this.http = port.http();
    this.github = port.github();
  }

  @Override
  public void run(RollbackInputs in) throws Exception {
    // `timeout` bounds every provider call, retry and poll; marking GitHub afterwards has a budget
    // of its own.
    Http http =
        this.http.within(Deadline.after(clock, in.request().timeout()).plus(Deadline.LAST_CALL));
    if (in.provider() == DeployProvider.COMPOSE) {
      new ComposeRollback(new ComposeRun(log, markdown, clock, github), outputs).rollBack(in);
      return;
    }
    // A dry run looks with a short deadline: no answer is a warning and an unknown, a refusal is
    // the error.
    rollBack(in, provider(in, in.dryRun() ? DryRunLook.client(this.http) : http));
  }

  private <R extends RollbackPlan.Restore> void rollBack(
      RollbackInputs in, RollbackProvider<R> provider) throws Exception {
    RollbackSummary summary = new RollbackSummary(markdown, in);
    RollbackPlan<R> plan;
    try {
      DryRunLook.Seen<RollbackPlan<R>> seen =
          in.dryRun()
              ? DryRunLook.look(
                  "the current deploys on " + in.provider().displayName(),
                  annotations,
                  () -> provider.plan(in.request()))
              : new DryRunLook.Seen.Known<>(provider.plan(in.request()));
      if (seen instanceof DryRunLook.Seen.Unknown<RollbackPlan<R>> unknown) {
        log.info(
            "Dry run: nothing will change; %s did not answer, so what a real run would restore is unknown.",
            in.provider().displayName());
        summary.unknown(in.provider().displayName(), unknown.why());
        return;
      }
      plan = ((DryRunLook.Seen.Known<RollbackPlan<R>>) seen).value();
    } catch (StepFailure f) {
      summary.failed(f);
      throw f;
    } catch (IOException e) {
      StepFailure f = RollbackProvider.unreachable(in.provider().displayName(), e);
      summary.failed(f);
      throw f;
    }
    outputs.set(ROLLED_BACK_TO, plan.targetDeployId());
    outputs.set(ROLLBACK_DEPLOY_ID, plan.liveRollbackId());
    log.info(plan.why());
    plan.warnings()
        .forEach(w -> annotations.add(Annotation.warning(w).withTitle("Rollback may be undone")));
    if (in.dryRun()) {
      log.info("Dry run: nothing will change. A real run would make these calls:");
      plan.calls().forEach(c -> log.info("  - " + c));
      summary.dryRun(plan, githubCalls(in, plan));
      return;
    }
    RollbackResult result;
    try {
      result = provider.execute(plan, in.request());
    } catch (StepFailure f) {
      summary.failed(f);
      throw f;
    }
    outputs.set(ROLLBACK_DEPLOY_ID, result.rollbackDeployId());
    String github = markGitHub(in, plan, result);
    summary.done(plan, result, github);
  }

  /** The one place a provider is chosen: its rollback over {@code client}. */
  private RollbackProvider<?> provider(RollbackInputs in, Http client) {
    // RollbackInputs.read reports a missing token, service-id, environment-id or project-id.
    return switch (in.provider()) {
      case RENDER ->
          new RenderRollback(
              new RenderClient(in.apiUrl(), token(in), client),
              Objects.requireNonNull(in.serviceId(), "render requires service-id"),
              in.apiUrl(),
              clock,
              log);
      case RAILWAY ->
          new RailwayRollback(
              new RailwayClient(in.apiUrl(), token(in), client, clock, log),
              Objects.requireNonNull(in.serviceId(), "railway requires service-id"),
              Objects.requireNonNull(in.environmentId(), "railway requires environment-id"),
              clock,
              log);
      case VERCEL ->
          new VercelRollback(
              new VercelClient(
                  client,
                  URI.create(in.apiUrl()),
                  token(in),
                  Objects.requireNonNullElse(in.teamId(), ""),
                  masker),
              Objects.requireNonNull(in.projectId(), "vercel requires project-id"),
              in.reason() == null ? null : masker.redact(in.reason()),
              clock,
              log);
      case COMPOSE, HOOK ->
          throw new IllegalStateException(in.provider() + " is not rolled back through an API");
    };
  }

  /** The repository of the GitHub deployments; null when GITHUB_REPOSITORY is unset or empty. */
  private @Nullable String repository() {
    String repository = github.repository();
    return repository == null || repository.isBlank() ? null : repository;
  }

  private static Secret token(RollbackInputs in) {
    return Objects.requireNonNull(in.token(), "render, railway and vercel require a token");
  }

  private List<String> githubCalls(RollbackInputs in, RollbackPlan<?> plan) {
    if (in.githubToken() == null || in.githubDeploymentId() == null || repository() == null) {
      return List.of();
    }
    List<String> calls = new java.util.ArrayList<>();
    calls.add("POST GitHub deployment " + in.githubDeploymentId() + " status failure");
    String commit = plan.targetCommit();
    if (commit != null) {
      calls.add(
          "POST status success on the GitHub deployment of "
              + commit
              + " to `"
              + in.environment()
              + "` (created if none)");
    }
    return calls;
  }

  /**
   * Marks the failed deployment {@code failure} and the restored one {@code success}; problems
   * become warnings. Only when the failed deploy had a GitHub deployment: a rollback must not start
   * recording deployments for a workflow that never did.
   */
  private @Nullable String markGitHub(
      RollbackInputs in, RollbackPlan<?> plan, RollbackResult result) throws InterruptedException {
    Secret token = in.githubToken();
    Long failedDeployment = in.githubDeploymentId();
    if (token == null || failedDeployment == null) {
      return null;
    }
    String repository = repository();
    if (repository == null) {
      log.info("No repository in the GitHub context: no GitHub deployment marked.");
      return "No repository in the GitHub context (GITHUB_REPOSITORY): deployment "
          + failedDeployment
          + " not marked.";
    }
    // Often an earlier step's failure-reason: redacted before GitHub's 140-character cut, as public
    // as the log.
    String reason = in.reason() == null ? "" : ": " + masker.redact(in.reason());
    @Nullable String url = in.environmentUrl() != null ? in.environmentUrl() : result.url();
    try {
      Http bounded = http.within(Deadline.after(clock, TrackedDeployment.FINISH_BUDGET));
      GitHubDeployments gh =
          GitHubDeployments.connect(github.apiUrl(), token, repository, clock, log, bounded);
      gh.status(
          failedDeployment,
          DeploymentState.FAILURE,
          "Rolled back to " + result.rolledBackTo() + reason,
          null,
          github.runUrl());
      String commit = plan.targetCommit();
      if (commit == null) {
        return "The restored deploy ships an image, not a commit: no GitHub deployment to mark.";
      }
      OptionalLong existing = gh.latest(commit, in.environment());
      long id =
          existing.isPresent()
              ? existing.getAsLong()
              : gh.create(commit, in.environment(), "Rollback to " + result.rolledBackTo());
      gh.status(id, DeploymentState.SUCCESS, "Restored by rollback" + reason, url, github.runUrl());
      return "GitHub deployment "
          + id
          + " of "
          + commit.substring(0, Math.min(12, commit.length()))
          + " marked success"
          + "; "
          + failedDeployment
          + " marked failure.";
    } catch (GitHubDeploymentException e) {
      annotations.add(
          Annotation.warning(e.getMessage() + "\n" + e.hint())
              .withTitle("GitHub deployment not updated"));
      return e.getMessage();
    }
  }
}
