package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.github.GitHubDeploymentException;
import dev.flo.actions.provider.github.GitHubDeployments;
import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepSummary;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.provider.github.TrackedDeployment;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.step.compose.ComposeRun;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import dev.flo.actions.provider.github.DeploymentState;

/** Restores the last good deploy of the backend or frontend and marks the GitHub deployments accordingly. */
public final class RollbackStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "rollback",
          "Roll the backend or frontend back to the last deploy that was live before the failed one (Render, Railway, Docker Compose over SSH, Vercel), idempotently, and update GitHub deployments.",
          RollbackInputs.DEFS,
          List.of(
              OutputDef.of("rolled-back-to", "The deploy that was restored."),
              OutputDef.of("rollback-deploy-id", "The deploy the provider created to restore it (empty when the target was still live).")),
          kit -> new RollbackStep(kit.log(), kit.masker(), kit.outputs(), kit.summary(), kit.annotations(), kit.clock(), kit.http(), kit.github()));

  private final Log log;
  private final Outputs outputs;
  private final StepSummary markdown;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;
  private final Masker masker;
  private final GitHubContext github;

  public RollbackStep(Log log, Masker masker, Outputs outputs, StepSummary markdown, Annotations annotations, Clock clock, Http http, GitHubContext github) {
    this.log = log;
    this.masker = masker;
    this.outputs = outputs;
    this.markdown = markdown;
    this.annotations = annotations;
    this.clock = clock;
    this.http = http;
    this.github = github;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    RollbackInputs in = RollbackInputs.read(inputs);
    // `timeout` bounds every provider call, retry and poll; marking GitHub afterwards has a budget of its own.
    Http http = this.http.within(Deadline.after(clock, in.request().timeout()).plus(Deadline.LAST_CALL));
    if (in.provider() == RollbackInputs.Provider.COMPOSE) {
      new ComposeRollback(new ComposeRun(log, markdown, clock, github), outputs).rollBack(in);
      return;
    }
    RollbackProvider provider = switch (in.provider()) {
      case RENDER -> new RenderRollback(new RenderClient(in.apiUrl(), in.token(), http), in.serviceId(), in.apiUrl(), clock, log);
      case RAILWAY -> new RailwayRollback(new RailwayClient(in.apiUrl(), in.token(), http, clock, log), in.serviceId(), in.environmentId(), clock, log);
      case VERCEL -> new VercelRollback(new VercelClient(http, URI.create(in.apiUrl()), in.token(), in.teamId(), masker), in.projectId(), masker.redact(in.reason()), clock, log);
      case COMPOSE -> throw new IllegalStateException("compose is rolled back by ComposeRollback");
    };
    RollbackSummary summary = new RollbackSummary(markdown, in);
    RollbackPlan plan;
    try {
      plan = provider.plan(in.request());
    } catch (StepFailure f) {
      summary.failed(f);
      throw f;
    }
    outputs.set("rolled-back-to", plan.targetDeployId());
    outputs.set("rollback-deploy-id", plan.liveRollbackId());
    log.info(plan.why());
    plan.warnings().forEach(w -> annotations.add(Annotation.warning(w).withTitle("Rollback may be undone")));
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
    outputs.set("rollback-deploy-id", result.rollbackDeployId());
    String github = markGitHub(in, plan, result);
    summary.done(plan, result, github);
  }

  private List<String> githubCalls(RollbackInputs in, RollbackPlan plan) {
    if (in.githubToken() == null || in.githubDeploymentId() == null) {
      return List.of();
    }
    List<String> calls = new java.util.ArrayList<>();
    calls.add("POST GitHub deployment " + in.githubDeploymentId() + " status failure");
    if (plan.targetCommit() != null) {
      calls.add("POST status success on the GitHub deployment of " + plan.targetCommit() + " to `" + in.environment() + "` (created if none)");
    }
    return calls;
  }

  /**
   * Marks the failed deployment {@code failure} and the restored one {@code success}; problems become warnings.
   * Only when the failed deploy had a GitHub deployment: a rollback must not start recording deployments for a
   * workflow that never did.
   */
  private String markGitHub(RollbackInputs in, RollbackPlan plan, RollbackResult result) throws InterruptedException {
    if (in.githubToken() == null || in.githubDeploymentId() == null) {
      return null;
    }
    // Often an earlier step's failure-reason: redacted before GitHub's 140-character cut, as public as the log.
    String reason = in.reason() == null ? "" : ": " + masker.redact(in.reason());
    String url = in.environmentUrl() != null ? in.environmentUrl() : result.url();
    try {
      Http bounded = http.within(Deadline.after(clock, TrackedDeployment.FINISH_BUDGET));
      GitHubDeployments gh = GitHubDeployments.connect(github.apiUrl(), in.githubToken(), github.repository(), clock, log, bounded);
      gh.status(in.githubDeploymentId(), DeploymentState.FAILURE, "Rolled back to " + result.rolledBackTo() + reason, null, github.runUrl());
      if (plan.targetCommit() == null) {
        return "The restored deploy ships an image, not a commit: no GitHub deployment to mark.";
      }
      OptionalLong existing = gh.latest(plan.targetCommit(), in.environment());
      long id = existing.isPresent() ? existing.getAsLong() : gh.create(plan.targetCommit(), in.environment(), "Rollback to " + result.rolledBackTo());
      gh.status(id, DeploymentState.SUCCESS, "Restored by rollback" + reason, url, github.runUrl());
      return "GitHub deployment " + id + " of " + plan.targetCommit().substring(0, Math.min(12, plan.targetCommit().length())) + " marked success"
          + "; " + in.githubDeploymentId() + " marked failure.";
    } catch (GitHubDeploymentException e) {
      annotations.add(Annotation.warning(e.getMessage() + "\n" + e.hint()).withTitle("GitHub deployment not updated"));
      return e.getMessage();
    }
  }
}
