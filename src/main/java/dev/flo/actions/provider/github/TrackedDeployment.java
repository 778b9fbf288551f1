package dev.flo.actions.provider.github;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The GitHub deployment of one deploy: created {@code in_progress} before it, then given one final
 * status. A GitHub problem (most often a token without {@code deployments: write}) must not stop a
 * deploy, so it goes to {@code onProblem} (the step warns) instead of being thrown.
 */
public final class TrackedDeployment {
  private final String apiUrl;
  private final Secret token;
  private final @Nullable String repository;
  private final @Nullable String runUrl;
  private final Clock clock;
  private final Log log;
  private final Http http;
  private final Consumer<GitHubDeploymentException> onProblem;
  private @Nullable Deadline startDeadline;
  private @Nullable Long id;
  private boolean finished;

  public TrackedDeployment(
      String apiUrl,
      Secret token,
      @Nullable String repository,
      @Nullable String runUrl,
      Clock clock,
      Log log,
      Http http,
      Consumer<GitHubDeploymentException> onProblem) {
    this.apiUrl = apiUrl;
    this.token = token;
    this.repository = repository;
    this.runUrl = runUrl;
    this.clock = clock;
    this.log = log;
    this.http = http;
    this.onProblem = onProblem;
  }

  /**
   * Bounds {@link #start} by the step's deadline; {@link #finish} comes after it (a timed-out
   * deploy must still be marked), so it has {@link #FINISH_BUDGET} of its own from when it is
   * called.
   */
  public TrackedDeployment startingWithin(Deadline d) {
    this.startDeadline = d;
    return this;
  }

  /** The budget of the last status, which may be set after the step's deadline passed. */
  public static final Duration FINISH_BUDGET = Duration.ofSeconds(5);

  /**
   * Creates the deployment of {@code sha} and marks it in progress; returns its id, or null when
   * refused.
   */
  public @Nullable Long start(String sha, String environment, String description, String progress)
      throws InterruptedException {
    return start(sha, environment, description, progress, null);
  }

  /**
   * As {@link #start(String, String, String, String)}, but first looks for the deployment an
   * earlier attempt of this run made for the same commit, environment and {@code marker} (a retried
   * step, a re-run of the workflow) and reuses it, so the environment page lists one deployment per
   * release. A null marker always creates.
   */
  public @Nullable Long start(
      String sha,
      String environment,
      String description,
      String progress,
      @Nullable DeploymentMarker marker)
      throws InterruptedException {
    try {
      GitHubDeployments gh = client(startDeadline == null ? http : http.within(startDeadline));
      OptionalLong earlier =
          marker == null ? OptionalLong.empty() : gh.find(sha, environment, marker);
      if (earlier.isPresent() && marker != null) {
        id = earlier.getAsLong();
        log.info(
            "Reusing GitHub deployment %d, made for this commit and environment by an earlier attempt of run %s.",
            id, marker.runId());
      } else {
        id = gh.create(sha, environment, description, marker);
      }
      gh.status(id, DeploymentState.IN_PROGRESS, progress, null, runUrl);
    } catch (GitHubDeploymentException e) {
      onProblem.accept(e);
    }
    return id;
  }

  /** Sets the final status once (the run as {@code log_url}); later calls change nothing. */
  public void finish(DeploymentState state, String description, @Nullable String environmentUrl)
      throws InterruptedException {
    if (id == null || finished) {
      return;
    }
    finished = true;
    try {
      client(http.within(Deadline.after(clock, FINISH_BUDGET)))
          .status(id, state, description, environmentUrl, runUrl);
    } catch (GitHubDeploymentException e) {
      onProblem.accept(e);
    }
  }

  private GitHubDeployments client(Http bounded) throws GitHubDeploymentException {
    return GitHubDeployments.connect(
        apiUrl,
        token,
        java.util.Objects.requireNonNull(
            repository, "callers start a deployment only with a repository to name"),
        clock,
        log,
        bounded);
  }
}
