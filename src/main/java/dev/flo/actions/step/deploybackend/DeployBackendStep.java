package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.DeployProvider;
import dev.flo.actions.step.common.GitHubDeployment;
import dev.flo.actions.step.common.ProviderAdvice;
import dev.flo.actions.step.compose.ComposeRun;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Deploys the backend (Render, Railway, or a deploy hook), waits for it to go live, and records a
 * GitHub deployment.
 */
public final class DeployBackendStep implements TypedStep<DeployBackendInputs> {
  static final Output<String> DEPLOY_ID =
      Output.named("deploy-id", "The provider's deploy id (compose: the `image-tag` deployed).")
          .text();
  static final Output<String> STATUS =
      Output.named(
              "status",
              "The deploy's last status (Render: live, deactivated, build_failed, …; Railway: SUCCESS, FAILED, …; hook: triggered; compose: healthy, unchanged, failed or dry-run).")
          .text();
  static final Output<String> PREVIOUS_DEPLOY_ID =
      Output.named(
              "previous-deploy-id",
              "The deploy that was live before this one: the natural rollback target.")
          .text();
  static final Output<String> URL =
      Output.named(
              "url",
              "The service URL (`environment-url`, else the provider's URL for the service).")
          .text();
  static final Output<Long> GITHUB_DEPLOYMENT_ID =
      Output.named("github-deployment-id", "The GitHub deployment created for this deploy, if any.")
          .number();

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "deploy-backend",
              "Deploy the backend to Render, Railway or Docker Compose hosts over SSH (or through a deploy hook), wait until it is live, and record a GitHub deployment.")
          .inputs(DeployBackendInputs.ALL)
          .outputs(DEPLOY_ID, STATUS, PREVIOUS_DEPLOY_ID, URL, GITHUB_DEPLOYMENT_ID)
          .reads(DeployBackendInputs::read)
          .create(DeployBackendStep::new);

  /**
   * The budget for what follows a timeout: cancelling the deploy, the GitHub deployment's last
   * status.
   */
  static final Duration WRAP_UP = Duration.ofSeconds(5);

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary markdown;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;
  private final GitHubContext github;

  DeployBackendStep(StepPort port) {
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
  public void run(DeployBackendInputs in) throws Exception {
    DeployPlan plan = DeployPlan.of(in);
    if (in.provider() == DeployProvider.COMPOSE) {
      new ComposeDeployer(new ComposeRun(log, markdown, clock, github), outputs)
          .deploy(
              in, githubDeployment(in, plan, Deadline.after(clock, plan.timeout())), githubRef(in));
      return;
    }
    DeploySummary summary = new DeploySummary(markdown, plan);
    // `timeout` bounds the whole step: every call, retry and poll ends by it. What a timeout
    // promises (cancel the
    // deploy, set the GitHub deployment's status) then gets a short budget of its own.
    Deadline deadline = Deadline.after(clock, plan.timeout());
    Http bounded = http.within(deadline.plus(Deadline.LAST_CALL));
    if (in.dryRun()) {
      // A dry run looks with a short deadline: no answer is a warning and an unknown, a refusal is
      // the error.
      dryRun(plan, deployer(in, DryRunLook.client(http)), summary);
      return;
    }
    BackendDeployer deployer = deployer(in, bounded);
    GitHubDeployment record = githubDeployment(in, plan, deadline);
    String description =
        "Deploy "
            + plan.shipped()
            + " to "
            + providerName(plan)
            + (plan.serviceId() == null ? "" : " " + plan.serviceId());
    Long githubId =
        record.start(
            githubRef(in),
            plan.environment(),
            target(plan),
            description,
            "Deploying " + plan.shipped());
    outputs.set(GITHUB_DEPLOYMENT_ID, githubId);
    DeployOutcome outcome;
    try {
      outcome = deployer.deploy(plan, deadline, this::setOutputs);
    } catch (RenderException | RailwayException | StepFailure | IOException e) {
      StepFailure f = failure(plan, e);
      // Redacted before GitHub cuts it to 140 characters: a status description is as public as the
      // log.
      String message = String.valueOf(f.getMessage());
      record.finish(DeploymentState.FAILURE, masker.redact(message), null);
      summary.error(message, f.hint());
      throw f;
    } catch (InterruptedException | RuntimeException e) {
      // Not a deploy outcome, but the GitHub deployment must not stay in_progress forever.
      record.finish(
          DeploymentState.ERROR,
          "flo-actions stopped before the deploy's outcome was known ("
              + e.getClass().getSimpleName()
              + "); check the provider's dashboard.",
          null);
      throw e;
    }
    setOutputs(outcome);
    outputs.set(STATUS, outcome.status());
    record.finish(
        outcome.ok() ? DeploymentState.SUCCESS : DeploymentState.FAILURE,
        describe(outcome),
        outcome.ok() ? outcome.url() : null);
    summary.outcome(outcome, githubId);
    if (outcome.result() == Result.SUPERSEDED) {
      annotations.add(
          Annotation.notice(
              "Render deploy "
                  + outcome.deployId()
                  + " went live and was already replaced by a newer deploy (status deactivated)."));
    }
    if (!outcome.ok()) {
      StepFailure f = failure(plan, outcome);
      summary.caution(String.valueOf(f.getMessage()), f.hint());
      throw f;
    }
  }

  /**
   * The one place a provider is chosen: its deployer over {@code client}, with a fresh budget for a
   * timeout's wrap-up.
   */
  private BackendDeployer deployer(DeployBackendInputs in, Http client) {
    String api = in.apiUrl();
    return switch (in.provider()) {
      case RENDER ->
          new RenderDeployer(
              new RenderClient(api, token(in), client, masker),
              () -> new RenderClient(api, token(in), wrapUp(), masker),
              clock,
              log);
      case RAILWAY ->
          new RailwayDeployer(
              new RailwayClient(api, token(in), client, clock, log),
              () -> new RailwayClient(api, token(in), wrapUp(), clock, log),
              clock,
              log);
      case HOOK ->
          new HookDeployer(
              client,
              masker,
              Objects.requireNonNull(in.hookUrl(), "provider hook requires hook-url"));
      case COMPOSE, VERCEL ->
          throw new IllegalStateException(in.provider() + " has no API deployer");
    };
  }

  private static Secret token(DeployBackendInputs in) {
    return Objects.requireNonNull(in.token(), "render and railway require a token");
  }

  /** Recorded only when the plan says so ({@link DeployAction.StartGitHubDeployment}). */
  private GitHubDeployment githubDeployment(
      DeployBackendInputs in, DeployPlan plan, Deadline deadline) {
    boolean planned = plan.action(DeployAction.StartGitHubDeployment.class).isPresent();
    return GitHubDeployment.of(
        planned,
        in.githubToken(),
        DEFINITION.name(),
        github,
        annotations,
        clock,
        log,
        http,
        deadline);
  }

  /** The commit the GitHub deployment names: the one deployed, else the workflow's. */
  @Nullable String githubRef(DeployBackendInputs in) {
    return in.commit() != null ? in.commit() : github.sha();
  }

  /** What a re-run's GitHub deployment is matched by: the provider and the service. */
  static String target(DeployPlan plan) {
    return plan.provider().name().toLowerCase(java.util.Locale.ROOT)
        + ":"
        + (plan.serviceId() == null ? "hook" : plan.serviceId());
  }

  /** A client for the work a timeout promises, with {@link #WRAP_UP} of its own from now. */
  private Http wrapUp() {
    return http.within(Deadline.after(clock, WRAP_UP));
  }

  private void setOutputs(DeployOutcome o) {
    outputs.set(DEPLOY_ID, o.deployId());
    outputs.set(STATUS, o.status());
    outputs.set(PREVIOUS_DEPLOY_ID, o.previousDeployId());
    outputs.set(URL, o.url());
  }

  private void dryRun(DeployPlan plan, BackendDeployer deployer, DeploySummary summary)
      throws Exception {
    log.info("Dry run: nothing will be deployed. The plan:");
    plan.calls().forEach(c -> log.info("  - " + c));
    DryRunLook.Seen<BackendDeployer.Preview> seen;
    try {
      seen =
          DryRunLook.look(
              "the current deploys on " + providerName(plan),
              annotations,
              () -> deployer.preview(plan));
    } catch (RenderException | RailwayException | IOException e) {
      throw failure(plan, e);
    }
    String note =
        switch (seen) {
          case DryRunLook.Seen.Known<BackendDeployer.Preview> k -> {
            if (k.value().liveDeployId() != null) {
              outputs.set(PREVIOUS_DEPLOY_ID, k.value().liveDeployId());
            }
            yield k.value().note();
          }
          case DryRunLook.Seen.Unknown<BackendDeployer.Preview> u ->
              "Unknown: "
                  + providerName(plan)
                  + " did not answer ("
                  + u.why()
                  + "), so whether a deploy of "
                  + plan.shipped()
                  + " is already running or live is not known.";
        };
    if (note != null) {
      log.info(note);
    }
    outputs.set(STATUS, StepStatus.DRY_RUN.text());
    summary.dryRun(note);
  }

  /** One place that turns every provider's errors into the user's terms. */
  private static StepFailure failure(DeployPlan plan, Exception e) {
    return switch (e) {
      case StepFailure f -> f;
      case RenderException r -> ProviderAdvice.failure(r);
      case RailwayException r -> ProviderAdvice.failure(r);
      case HttpException h when h.kind() == HttpException.Kind.DEADLINE ->
          new StepFailure(
              h.getMessage() + ".",
              "Raise `timeout` (it bounds the whole step, every call and poll included). Re-running is safe: it follows a deploy that already started instead of starting another.",
              h);
      // No answer at all after every retry: a network problem or a wrong URL, not a deploy outcome.
      default ->
          new StepFailure(
              "Could not reach "
                  + (plan.provider() == DeployProvider.HOOK
                      ? "the deploy hook"
                      : providerName(plan) + " at " + plan.apiUrl())
                  + ": "
                  + e.getMessage(),
              (plan.provider() == DeployProvider.HOOK
                      ? "Check the `hook-url` secret and the runner's network. "
                      : "Check `api-url` and the runner's network. ")
                  + "Re-running is safe: it follows a deploy that already started instead of starting another.",
              e);
    };
  }

  private static String providerName(DeployPlan plan) {
    return plan.provider().displayName();
  }

  private static String describe(DeployOutcome o) {
    return switch (o.result()) {
      case LIVE -> "Live: " + o.deployId();
      case SUPERSEDED -> "Went live, then replaced by a newer deploy: " + o.deployId();
      case TRIGGERED ->
          "Triggered"
              + (o.deployId() == null ? "" : " " + o.deployId())
              + "; not followed until live";
      case FAILED -> "Failed (" + o.status() + "): " + o.deployId();
      case TIMED_OUT -> "Timed out (" + o.status() + "): " + o.deployId();
    };
  }

  private static StepFailure failure(DeployPlan plan, DeployOutcome o) {
    String link = o.link() == null ? "" : " Deploy log: " + o.link();
    String what =
        providerName(plan)
            + (plan.provider() == DeployProvider.RAILWAY ? " deployment " : " deploy ")
            + o.deployId()
            + " of "
            + o.shipped();
    String timeout = DurationText.exact(plan.timeout());
    if (o.result() == Result.TIMED_OUT) {
      String message =
          plan.cancelOnTimeout()
              ? what
                  + " did not finish within "
                  + timeout
                  + " and was cancelled (cancel-on-timeout); last status "
                  + o.status()
                  + "."
              : what + " is still " + o.status() + " after " + timeout + ".";
      String fix =
          plan.cancelOnTimeout()
              ? "Raise `timeout` if deploys of this service take longer; the cancelled deploy changed nothing, so re-running deploys again."
              : "Raise `timeout`, or set `cancel-on-timeout: true`. Re-running this step follows the same deploy instead of deploying again.";
      return new StepFailure(message, fix + link);
    }
    String kept =
        o.previousDeployId() == null
            ? ""
            : " "
                + providerName(plan)
                + " keeps the previous deploy ("
                + o.previousDeployId()
                + ") live when a deploy fails.";
    return new StepFailure(
        what + " ended " + o.status() + "." + kept, "Read the deploy log to see why." + link);
  }
}
