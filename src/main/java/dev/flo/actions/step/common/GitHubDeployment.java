package dev.flo.actions.step.common;

import dev.flo.actions.provider.github.DeploymentMarker;
import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.provider.github.TrackedDeployment;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The GitHub deployment of one deploy, the same for {@code deploy-backend} and {@code
 * deploy-frontend}: created {@code in_progress} before the deploy, then given one final status. A
 * GitHub problem (most often a token without {@code deployments: write}) must not stop a deploy, so
 * it becomes a warning with the fix. A retried step or a re-run of the workflow reuses the
 * deployment this run made for the same target.
 */
public final class GitHubDeployment {
  private final GitHubContext github;
  private final Log log;
  private final String step;
  private final @Nullable TrackedDeployment tracked;

  private GitHubDeployment(
      GitHubContext github, Log log, String step, @Nullable TrackedDeployment tracked) {
    this.github = github;
    this.log = log;
    this.step = step;
    this.tracked = tracked;
  }

  /**
   * @param enabled whether to record one (the step's {@code github-deployment}); when false nothing
   *     is recorded
   * @param step the step that deploys, for the marker that lets a re-run find its deployment
   * @param startWithin bounds the creation by the step's deadline, or null for the client's own
   */
  public static GitHubDeployment of(
      boolean enabled,
      @Nullable Secret token,
      String step,
      GitHubContext github,
      Annotations annotations,
      Clock clock,
      Log log,
      Http http,
      @Nullable Deadline startWithin) {
    if (!enabled) {
      return new GitHubDeployment(github, log, step, null);
    }
    TrackedDeployment tracked =
        new TrackedDeployment(
            github.apiUrl(),
            Objects.requireNonNull(token, "githubDeployment() is true only with a token"),
            github.repository(),
            github.runUrl(),
            clock,
            log,
            http,
            e ->
                annotations.add(
                    Annotation.warning(e.getMessage() + "\n" + e.hint())
                        .withTitle("GitHub deployment not recorded")));
    return new GitHubDeployment(
        github, log, step, startWithin == null ? tracked : tracked.startingWithin(startWithin));
  }

  /**
   * Creates the deployment of {@code sha} to {@code environment} and marks it in progress; returns
   * its id, or null when off, refused, or without a commit or repository to name.
   *
   * @param target what is deployed to, such as {@code render:srv-1} or {@code vercel:prj_1}
   */
  public @Nullable Long start(
      @Nullable String sha, String environment, String target, String description, String progress)
      throws InterruptedException {
    if (tracked == null) {
      return null;
    }
    if (sha == null || github.repository() == null) {
      log.info("No commit or repository in the GitHub context: no GitHub deployment recorded.");
      return null;
    }
    return tracked.start(
        sha,
        environment,
        description,
        progress,
        DeploymentMarker.of(step, target, github.runId(), github.runAttempt()));
  }

  /**
   * Sets the final status once; later calls, and calls when nothing was started, change nothing.
   */
  public void finish(DeploymentState state, String description, @Nullable String environmentUrl)
      throws InterruptedException {
    if (tracked != null) {
      tracked.finish(state, description, environmentUrl);
    }
  }
}
