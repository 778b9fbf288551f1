package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepSummary;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.HttpException;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.step.compose.ComposeRun;
import dev.flo.actions.step.deploybackend.DeployBackendInputs.Provider;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.step.common.GitHubDeployment;

/** Deploys the backend (Render, Railway, or a deploy hook), waits for it to go live, and records a GitHub deployment. */
public final class DeployBackendStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "deploy-backend",
          "Deploy the backend to Render, Railway or Docker Compose hosts over SSH (or through a deploy hook), wait until it is live, and record a GitHub deployment.",
          DeployBackendInputs.DEFS,
          List.of(
              OutputDef.of("deploy-id", "The provider's deploy id (compose: the `image-tag` deployed)."),
              OutputDef.of("status", "The deploy's last status (Render: live, deactivated, build_failed, …; Railway: SUCCESS, FAILED, …; hook: triggered; compose: healthy, unchanged, failed or dry-run)."),
              OutputDef.of("previous-deploy-id", "The deploy that was live before this one: the natural rollback target."),
              OutputDef.of("url", "The service URL (`environment-url`, else the provider's URL for the service)."),
              OutputDef.of("github-deployment-id", "The GitHub deployment created for this deploy, if any.")),
          kit -> new DeployBackendStep(kit.log(), kit.masker(), kit.outputs(), kit.summary(), kit.annotations(), kit.clock(), kit.http(), kit.github()));

  /** The budget for what follows a timeout: cancelling the deploy, the GitHub deployment's last status. */
  static final Duration WRAP_UP = Duration.ofSeconds(5);

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary markdown;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;
  private final GitHubContext github;

  public DeployBackendStep(Log log, Masker masker, Outputs outputs, StepSummary markdown, Annotations annotations, Clock clock, Http http, GitHubContext github) {
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
    DeployBackendInputs in = DeployBackendInputs.read(inputs, github);
    DeployPlan plan = DeployPlan.of(in);
    if (in.provider() == Provider.COMPOSE) {
      new ComposeDeployer(new ComposeRun(log, markdown, clock, github), outputs).deploy(in, githubDeployment(in, Deadline.after(clock, plan.timeout())), githubRef(in));
      return;
    }
    DeploySummary summary = new DeploySummary(markdown, plan);
    // `timeout` bounds the whole step: every call, retry and poll ends by it. What a timeout promises (cancel the
    // deploy, set the GitHub deployment's status) then gets a short budget of its own.
    Deadline deadline = Deadline.after(clock, plan.timeout());
    Http bounded = http.within(deadline.plus(Deadline.LAST_CALL));
    RenderDeployer render =
        in.provider() == Provider.RENDER
            ? new RenderDeployer(new RenderClient(plan.apiUrl(), in.token(), bounded, masker), () -> new RenderClient(plan.apiUrl(), in.token(), wrapUp(), masker), clock, log)
            : null;
    RailwayDeployer railway =
        in.provider() == Provider.RAILWAY
            ? new RailwayDeployer(new RailwayClient(plan.apiUrl(), in.token(), bounded, clock, log), () -> new RailwayClient(plan.apiUrl(), in.token(), wrapUp(), clock, log), clock, log)
            : null;
    if (in.dryRun()) {
      dryRun(plan, render, railway, summary);
      return;
    }
    GitHubDeployment record = githubDeployment(in, deadline);
    String description = "Deploy " + plan.shipped() + " to " + providerName(plan) + (plan.serviceId() == null ? "" : " " + plan.serviceId());
    Long githubId = record.start(githubRef(in), plan.environment(), target(plan), description, "Deploying " + plan.shipped());
    outputs.set("github-deployment-id", githubId);
    DeployOutcome outcome;
    try {
      outcome = switch (in.provider()) {
        case RENDER -> render.deploy(plan, render.look(plan), deadline, this::setOutputs);
        case RAILWAY -> railway.deploy(plan, railway.look(plan), deadline, this::setOutputs);
        case HOOK -> new HookDeployer(bounded, masker).deploy(in.hookUrl(), plan.environmentUrl());
        case COMPOSE -> throw new IllegalStateException("compose is deployed by ComposeDeployer");
      };
    } catch (RenderException | RailwayException | StepFailure | IOException e) {
      StepFailure f = failure(plan, e);
      // Redacted before GitHub cuts it to 140 characters: a status description is as public as the log.
      record.finish(DeploymentState.FAILURE, masker.redact(f.getMessage()), null);
      summary.error(f.getMessage(), f.hint());
      throw f;
    } catch (InterruptedException | RuntimeException e) {
      // Not a deploy outcome, but the GitHub deployment must not stay in_progress forever.
      record.finish(DeploymentState.ERROR, "flo-actions stopped before the deploy's outcome was known (" + e.getClass().getSimpleName() + "); check the provider's dashboard.", null);
      throw e;
    }
    setOutputs(outcome);
    outputs.set("status", outcome.status());
    record.finish(outcome.ok() ? DeploymentState.SUCCESS : DeploymentState.FAILURE, describe(outcome), outcome.ok() ? outcome.url() : null);
    summary.outcome(outcome, githubId);
    if (outcome.result() == Result.SUPERSEDED) {
      annotations.add(Annotation.notice("Render deploy " + outcome.deployId() + " went live and was already replaced by a newer deploy (status deactivated)."));
    }
    if (!outcome.ok()) {
      StepFailure f = failure(plan, outcome);
      summary.caution(f.getMessage(), f.hint());
      throw f;
    }
  }

  private GitHubDeployment githubDeployment(DeployBackendInputs in, Deadline deadline) {
    return GitHubDeployment.of(in.githubDeployment(), in.githubToken(), DEFINITION.name(), github, annotations, clock, log, http, deadline);
  }

  /** The commit the GitHub deployment names: the one deployed, else the workflow's. */
  String githubRef(DeployBackendInputs in) {
    return in.commit() != null ? in.commit() : github.sha();
  }

  /** What a re-run's GitHub deployment is matched by: the provider and the service. */
  static String target(DeployPlan plan) {
    return plan.provider().name().toLowerCase(java.util.Locale.ROOT) + ":" + (plan.serviceId() == null ? "hook" : plan.serviceId());
  }

  /** A client for the work a timeout promises, with {@link #WRAP_UP} of its own from now. */
  private Http wrapUp() {
    return http.within(Deadline.after(clock, WRAP_UP));
  }

  private void setOutputs(DeployOutcome o) {
    outputs.set("deploy-id", o.deployId());
    outputs.set("status", o.status());
    outputs.set("previous-deploy-id", o.previousDeployId());
    outputs.set("url", o.url());
  }

  private void dryRun(DeployPlan plan, RenderDeployer render, RailwayDeployer railway, DeploySummary summary) throws Exception {
    log.info("Dry run: nothing will be deployed. The plan:");
    plan.calls().forEach(c -> log.info("  - " + c));
    String note = null;
    try {
      if (render != null) {
        RenderDeployer.Situation now = render.look(plan);
        note = now.existing().isPresent()
            ? "Deploy " + now.existing().get().id() + " of " + plan.shipped() + " is already " + now.existing().get().status() + ": a real run would follow it, not deploy again."
            : "A real run would trigger a new deploy of " + plan.shipped() + "; live now: " + now.live().map(d -> d.id() + " (" + d.shipped() + ")").orElse("none") + ".";
        now.live().ifPresent(d -> outputs.set("previous-deploy-id", d.id()));
      } else if (railway != null) {
        var recent = railway.look(plan);
        var existing = RailwayDeployer.existing(plan, recent);
        note = existing.isPresent()
            ? "Deployment " + existing.get().id() + " of " + plan.shipped() + " is already " + existing.get().status() + ": a real run would follow it, not deploy again."
            : "A real run would start a new deployment of " + plan.shipped() + ".";
        recent.stream().filter(d -> d.succeeded()).findFirst().ifPresent(d -> outputs.set("previous-deploy-id", d.id()));
      }
    } catch (RenderException | RailwayException | IOException e) {
      throw failure(plan, e);
    }
    if (note != null) {
      log.info(note);
    }
    outputs.set("status", "dry-run");
    summary.dryRun(note);
  }

  /** One place that turns every provider's errors into the user's terms. */
  private static StepFailure failure(DeployPlan plan, Exception e) {
    return switch (e) {
      case StepFailure f -> f;
      case RenderException r -> new StepFailure(r.getMessage(), r.advice(), r);
      case RailwayException r -> new StepFailure(r.getMessage(), r.advice(), r);
      case HttpException h when h.kind() == HttpException.Kind.DEADLINE -> new StepFailure(
          h.getMessage() + ".",
          "Raise `timeout` (it bounds the whole step, every call and poll included). Re-running is safe: it follows a deploy that already started instead of starting another.",
          h);
      // No answer at all after every retry: a network problem or a wrong URL, not a deploy outcome.
      default -> new StepFailure(
          "Could not reach " + (plan.provider() == Provider.HOOK ? "the deploy hook" : providerName(plan) + " at " + plan.apiUrl()) + ": " + e.getMessage(),
          (plan.provider() == Provider.HOOK ? "Check the `hook-url` secret and the runner's network. " : "Check `api-url` and the runner's network. ")
              + "Re-running is safe: it follows a deploy that already started instead of starting another.",
          e);
    };
  }

  private static String providerName(DeployPlan plan) {
    return switch (plan.provider()) {
      case RENDER -> "Render";
      case RAILWAY -> "Railway";
      case HOOK -> "the deploy hook";
      case COMPOSE -> "Docker Compose";
    };
  }

  private static String describe(DeployOutcome o) {
    return switch (o.result()) {
      case LIVE -> "Live: " + o.deployId();
      case SUPERSEDED -> "Went live, then replaced by a newer deploy: " + o.deployId();
      case TRIGGERED -> "Triggered" + (o.deployId() == null ? "" : " " + o.deployId()) + "; not followed until live";
      case FAILED -> "Failed (" + o.status() + "): " + o.deployId();
      case TIMED_OUT -> "Timed out (" + o.status() + "): " + o.deployId();
    };
  }

  private static StepFailure failure(DeployPlan plan, DeployOutcome o) {
    String link = o.link() == null ? "" : " Deploy log: " + o.link();
    String what = providerName(plan) + (plan.provider() == Provider.RAILWAY ? " deployment " : " deploy ") + o.deployId() + " of " + o.shipped();
    String timeout = DurationText.exact(plan.timeout());
    if (o.result() == Result.TIMED_OUT) {
      String message = plan.cancelOnTimeout()
          ? what + " did not finish within " + timeout + " and was cancelled (cancel-on-timeout); last status " + o.status() + "."
          : what + " is still " + o.status() + " after " + timeout + ".";
      String fix = plan.cancelOnTimeout()
          ? "Raise `timeout` if deploys of this service take longer; the cancelled deploy changed nothing, so re-running deploys again."
          : "Raise `timeout`, or set `cancel-on-timeout: true`. Re-running this step follows the same deploy instead of deploying again.";
      return new StepFailure(message, fix + link);
    }
    String kept = o.previousDeployId() == null ? "" : " " + providerName(plan) + " keeps the previous deploy (" + o.previousDeployId() + ") live when a deploy fails.";
    return new StepFailure(what + " ended " + o.status() + "." + kept, "Read the deploy log to see why." + link);
  }
}
