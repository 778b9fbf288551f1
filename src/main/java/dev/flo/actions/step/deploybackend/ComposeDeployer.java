package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.compose.HostReport;
import dev.flo.actions.provider.compose.HostReport.Outcome;
import dev.flo.actions.provider.compose.ReleaseChoice;
import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.step.common.GitHubDeployment;
import dev.flo.actions.step.compose.ComposeInputs;
import dev.flo.actions.step.compose.ComposeRun;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code provider: compose}: the release {@code image-tag} rolled out over the hosts, with a GitHub
 * deployment around it.
 */
final class ComposeDeployer {
  private final ComposeRun run;
  private final Outputs outputs;

  ComposeDeployer(ComposeRun run, Outputs outputs) {
    this.run = run;
    this.outputs = outputs;
  }

  /** Outputs are set before a failure is thrown, so `rollback` can use `previous-deploy-id`. */
  void deploy(DeployBackendInputs in, GitHubDeployment record, @Nullable String githubRef)
      throws StepFailure, InterruptedException {
    String tag = Objects.requireNonNull(in.imageTag(), "provider compose requires image-tag");
    ComposeInputs compose =
        Objects.requireNonNull(in.compose(), "provider compose reads its inputs");
    outputs.set(DeployBackendStep.DEPLOY_ID, tag);
    outputs.set(DeployBackendStep.URL, in.environmentUrl());
    Long githubId =
        in.dryRun()
            ? null
            : record.start(
                githubRef,
                in.environment(),
                "compose:hook",
                "Deploy " + tag + " to " + compose.hosts().size() + " Compose host(s)",
                "Deploying " + DeployPlan.of(in).shipped());
    outputs.set(DeployBackendStep.GITHUB_DEPLOYMENT_ID, githubId);
    List<HostReport> reports;
    try {
      reports =
          run.run(
              compose,
              in.timeout(),
              ReleaseChoice.deploy(tag),
              in.dryRun(),
              true,
              "Backend deploy of " + tag);
    } catch (StepFailure f) {
      outputs.set(DeployBackendStep.STATUS, StepStatus.FAILED.text());
      if (!in.dryRun()) {
        record.finish(DeploymentState.FAILURE, String.valueOf(f.getMessage()), null);
      }
      throw f;
    }
    // One id for the fleet: what served before on the first host that had anything.
    outputs.set(
        DeployBackendStep.PREVIOUS_DEPLOY_ID,
        reports.stream()
            .map(HostReport::before)
            .filter(Objects::nonNull)
            .filter(b -> !b.equals(tag))
            .findFirst()
            .orElse(null));
    StepFailure failed = ComposeRun.failure(reports, "The deploy of " + tag);
    StepStatus status =
        in.dryRun()
            ? StepStatus.DRY_RUN
            : failed != null
                ? StepStatus.FAILED
                : reports.stream().allMatch(r -> r.outcome() == Outcome.UNCHANGED)
                    ? StepStatus.UNCHANGED
                    : StepStatus.HEALTHY;
    outputs.set(DeployBackendStep.STATUS, status.text());
    if (failed != null) {
      // A dry run that cannot reach a host or read its project fails too: the real run would.
      if (!in.dryRun()) {
        record.finish(DeploymentState.FAILURE, String.valueOf(failed.getMessage()), null);
      }
      throw failed;
    }
    if (in.dryRun()) {
      return;
    }
    record.finish(
        DeploymentState.SUCCESS,
        "Healthy on " + reports.size() + " host(s): " + tag,
        in.environmentUrl());
  }
}
