package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.github.GitHubDeploymentException;
import dev.flo.actions.provider.github.GitHubDeployments;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Toolkit;
import dev.flo.actions.step.deploybackend.DeployBackendInputs.Provider;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.util.List;
import org.kohsuke.github.GHDeploymentState;

/** Deploys the backend (Render, or a deploy hook), waits for it to go live, and records a GitHub deployment. */
public final class DeployBackendStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "deploy-backend",
          "Deploy the backend to Render (or through a deploy hook), wait until it is live, and record a GitHub deployment.",
          DeployBackendInputs.DEFS,
          List.of(
              OutputDef.of("deploy-id", "The provider's deploy id."),
              OutputDef.of("status", "The deploy's last status (Render: live, deactivated, build_failed, …; hook: triggered)."),
              OutputDef.of("previous-deploy-id", "The deploy that was live before this one: the natural rollback target."),
              OutputDef.of("url", "The service URL (`environment-url`, else Render's service URL)."),
              OutputDef.of("github-deployment-id", "The GitHub deployment created for this deploy, if any.")),
          DeployBackendStep::new);

  private final Toolkit kit;

  public DeployBackendStep(Toolkit kit) {
    this.kit = kit;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    DeployBackendInputs in = DeployBackendInputs.read(inputs, kit.github());
    DeployPlan plan = DeployPlan.of(in);
    DeploySummary summary = new DeploySummary(kit.summary(), plan);
    RenderDeployer render =
        in.provider() == Provider.RENDER ? new RenderDeployer(new RenderClient(plan.apiUrl(), in.token(), kit.http()), kit.clock(), kit.log()) : null;
    if (in.dryRun()) {
      dryRun(plan, render, summary);
      return;
    }
    Long githubId = startGitHubDeployment(in, plan);
    DeployOutcome outcome;
    try {
      if (render != null) {
        outcome = render.deploy(plan, render.look(plan), this::setOutputs);
      } else {
        outcome = new HookDeployer(kit.http(), kit.masker()).deploy(in.hookUrl(), plan.environmentUrl());
      }
    } catch (RenderException e) {
      finishGitHubDeployment(in, githubId, GHDeploymentState.FAILURE, "Render: " + e.getMessage(), null);
      summary.error(e.getMessage(), e.advice());
      throw new StepFailure(e.getMessage(), e.advice(), e);
    } catch (StepFailure | IOException e) {
      StepFailure f = e instanceof StepFailure sf ? sf : unreachable(plan, (IOException) e);
      finishGitHubDeployment(in, githubId, GHDeploymentState.FAILURE, f.getMessage(), null);
      summary.error(f.getMessage(), f.hint());
      throw f;
    }
    setOutputs(outcome);
    kit.outputs().set("status", outcome.status());
    finishGitHubDeployment(
        in, githubId, outcome.ok() ? GHDeploymentState.SUCCESS : GHDeploymentState.FAILURE, describe(outcome), outcome.ok() ? outcome.url() : null);
    summary.outcome(outcome, githubId);
    if (outcome.result() == Result.SUPERSEDED) {
      kit.annotations().add(Annotation.notice("Render deploy " + outcome.deployId() + " went live and was already replaced by a newer deploy (status deactivated)."));
    }
    if (!outcome.ok()) {
      StepFailure f = failure(plan, outcome);
      summary.caution(f.getMessage(), f.hint());
      throw f;
    }
  }

  private void setOutputs(DeployOutcome o) {
    kit.outputs().set("deploy-id", o.deployId());
    kit.outputs().set("status", o.status());
    kit.outputs().set("previous-deploy-id", o.previousDeployId());
    kit.outputs().set("url", o.url());
  }

  private void dryRun(DeployPlan plan, RenderDeployer render, DeploySummary summary) throws Exception {
    kit.log().info("Dry run: nothing will be deployed. The plan:");
    plan.calls().forEach(c -> kit.log().info("  - " + c));
    String note = null;
    if (render != null) {
      try {
        RenderDeployer.Situation now = render.look(plan);
        note = now.existing().isPresent()
            ? "Deploy " + now.existing().get().id() + " of " + plan.shipped() + " is already " + now.existing().get().status() + ": a real run would follow it, not deploy again."
            : "A real run would trigger a new deploy of " + plan.shipped() + "; live now: " + now.live().map(d -> d.id() + " (" + d.shipped() + ")").orElse("none") + ".";
        now.live().ifPresent(d -> kit.outputs().set("previous-deploy-id", d.id()));
        kit.log().info(note);
      } catch (RenderException e) {
        throw new StepFailure("Dry run: " + e.getMessage(), e.advice(), e);
      } catch (IOException e) {
        throw unreachable(plan, e);
      }
    }
    kit.outputs().set("status", "dry-run");
    summary.dryRun(note);
  }

  private Long startGitHubDeployment(DeployBackendInputs in, DeployPlan plan) throws InterruptedException {
    if (!in.githubDeployment()) {
      return null;
    }
    String ref = in.commit() != null ? in.commit() : kit.github().sha();
    try {
      GitHubDeployments gh = gitHub(in);
      long id = gh.create(ref, plan.environment(), "Deploy " + plan.shipped() + " to " + providerName(plan));
      kit.outputs().set("github-deployment-id", id);
      gh.status(id, GHDeploymentState.IN_PROGRESS, "Deploying " + plan.shipped(), null, kit.github().runUrl());
      return id;
    } catch (GitHubDeploymentException e) {
      warnGitHub(e);
      return null;
    }
  }

  private void finishGitHubDeployment(DeployBackendInputs in, Long id, GHDeploymentState state, String description, String url)
      throws InterruptedException {
    if (id == null) {
      return;
    }
    try {
      gitHub(in).status(id, state, description, url, kit.github().runUrl());
    } catch (GitHubDeploymentException e) {
      warnGitHub(e);
    }
  }

  /** A missing GitHub permission must not stop a deploy: it is a warning with the fix. */
  private void warnGitHub(GitHubDeploymentException e) {
    kit.annotations().add(Annotation.warning(e.getMessage() + "\n" + e.hint()).withTitle("GitHub deployment not recorded"));
  }

  private GitHubDeployments gitHub(DeployBackendInputs in) throws GitHubDeploymentException {
    return GitHubDeployments.connect(kit.github().apiUrl(), in.githubToken(), kit.github().repository(), kit.clock(), kit.log(), kit.http());
  }

  /** No answer at all after every retry: a network problem or a wrong URL, not a deploy outcome. */
  private static StepFailure unreachable(DeployPlan plan, IOException e) {
    String where = plan.provider() == Provider.RENDER ? "Render at " + plan.apiUrl() : "the deploy hook";
    return new StepFailure(
        "Could not reach " + where + ": " + e.getMessage(),
        (plan.provider() == Provider.RENDER ? "Check `api-url` and the runner's network. " : "Check the `hook-url` secret and the runner's network. ")
            + "Re-running is safe: it follows a deploy that already started instead of starting another.",
        e);
  }

  private static String providerName(DeployPlan plan) {
    return plan.provider() == Provider.RENDER ? "Render " + plan.serviceId() : "the deploy hook";
  }

  private static String describe(DeployOutcome o) {
    return switch (o.result()) {
      case LIVE -> "Live: " + o.deployId();
      case SUPERSEDED -> "Went live, then replaced by a newer deploy: " + o.deployId();
      case TRIGGERED -> "Triggered" + (o.deployId() == null ? "" : ": " + o.deployId());
      case FAILED -> "Failed (" + o.status() + "): " + o.deployId();
      case TIMED_OUT -> "Timed out (" + o.status() + "): " + o.deployId();
    };
  }

  private static StepFailure failure(DeployPlan plan, DeployOutcome o) {
    String link = o.link() == null ? "" : " Deploy log: " + o.link();
    if (o.result() == Result.TIMED_OUT) {
      String what = "canceled".equals(o.status())
          ? "Render deploy " + o.deployId() + " of " + o.shipped() + " did not finish within " + plan.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " and was cancelled (cancel-on-timeout)."
          : "Render deploy " + o.deployId() + " of " + o.shipped() + " is still " + o.status() + " after " + plan.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ".";
      return new StepFailure(what, "Raise `timeout`, or set `cancel-on-timeout: true`. Re-running this step follows the same deploy instead of deploying again." + link);
    }
    String kept = o.previousDeployId() == null ? "" : " Render keeps the previous deploy (" + o.previousDeployId() + ") live when a deploy fails.";
    return new StepFailure("Render deploy " + o.deployId() + " of " + o.shipped() + " ended " + o.status() + "." + kept, "Read the deploy log to see why." + link);
  }
}
