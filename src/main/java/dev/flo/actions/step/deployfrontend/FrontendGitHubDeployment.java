package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.github.DeploymentMarker;
import dev.flo.actions.provider.github.TrackedDeployment;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Log;
import org.kohsuke.github.GHDeploymentState;

/**
 * The GitHub deployment of one Vercel deployment, kept as deploy-backend keeps its own: {@code in_progress} before
 * the upload, then {@code success} or {@code failure} with the deployment URL; a GitHub refusal is a warning.
 */
final class FrontendGitHubDeployment {
  private final DeployFrontendInputs in;
  private final GitHubContext github;
  private final Log log;
  private final TrackedDeployment tracked;

  FrontendGitHubDeployment(DeployFrontendInputs in, GitHubContext github, Annotations annotations, Clock clock, Log log, Http http) {
    this.in = in;
    this.github = github;
    this.log = log;
    this.tracked = in.githubDeployment()
        ? new TrackedDeployment(github.apiUrl(), in.githubToken(), github.repository(), github.runUrl(), clock, log, http,
            e -> annotations.add(Annotation.warning(e.getMessage() + "\n" + e.hint()).withTitle("GitHub deployment not recorded")))
        : null;
  }

  /** Returns the GitHub deployment's id, or null when off, refused, or without a commit to name. */
  Long start(String sha, String description) throws InterruptedException {
    if (tracked == null) {
      return null;
    }
    if (sha == null || github.repository() == null) {
      log.info("No commit or repository in the GitHub context: no GitHub deployment recorded.");
      return null;
    }
    // A retried step or a re-run of the workflow reuses the deployment this run made for the same project.
    return tracked.start(sha, in.environment(), description, description, DeploymentMarker.of("deploy-frontend", "vercel:" + in.projectId(), github.runId(), github.runAttempt()));
  }

  void finish(GHDeploymentState state, String description, String environmentUrl) throws InterruptedException {
    if (tracked != null) {
      tracked.finish(state, description, environmentUrl);
    }
  }
}
