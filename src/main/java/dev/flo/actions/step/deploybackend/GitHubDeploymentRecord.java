package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.github.DeploymentMarker;
import dev.flo.actions.provider.github.TrackedDeployment;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Log;
import org.kohsuke.github.GHDeploymentState;

/**
 * The GitHub deployment of one backend deploy: created {@code in_progress} before the deploy, then
 * {@code success} or {@code failure}. A GitHub problem (most often a token without {@code deployments: write})
 * must not stop a deploy, so it becomes a warning with the fix.
 */
final class GitHubDeploymentRecord {
  private final DeployBackendInputs in;
  private final DeployPlan plan;
  private final GitHubContext github;
  private final TrackedDeployment tracked;

  GitHubDeploymentRecord(DeployBackendInputs in, DeployPlan plan, GitHubContext github, Annotations annotations, Clock clock, Log log, Http http, Deadline deadline) {
    this.in = in;
    this.plan = plan;
    this.github = github;
    this.tracked = new TrackedDeployment(github.apiUrl(), in.githubToken(), github.repository(), github.runUrl(), clock, log, http,
        e -> annotations.add(Annotation.warning(e.getMessage() + "\n" + e.hint()).withTitle("GitHub deployment not recorded"))).startingWithin(deadline);
  }

  /** Creates the deployment and marks it in progress; returns its id, or null when disabled or refused. */
  Long start(String description) throws InterruptedException {
    if (!in.githubDeployment()) {
      return null;
    }
    String ref = in.commit() != null ? in.commit() : github.sha();
    // A retried step or a re-run of the workflow reuses the deployment this run made for the same service.
    String target = plan.provider().name().toLowerCase(java.util.Locale.ROOT) + ":" + (plan.serviceId() == null ? "hook" : plan.serviceId());
    DeploymentMarker marker = DeploymentMarker.of("deploy-backend", target, github.runId(), github.runAttempt());
    return tracked.start(ref, plan.environment(), description, "Deploying " + plan.shipped(), marker);
  }

  void finish(GHDeploymentState state, String description, String environmentUrl) throws InterruptedException {
    tracked.finish(state, description, environmentUrl);
  }
}
