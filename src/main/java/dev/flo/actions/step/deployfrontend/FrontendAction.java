package dev.flo.actions.step.deployfrontend;

import java.time.Duration;

/**
 * One thing a frontend deploy does, as data: {@link DeployFrontendPlan#actions()} lists them in
 * order, the dry run prints them ({@link #describe()}), and a real run executes that same list, one
 * action after the other (printing each as it starts), so the printed plan and the run cannot
 * disagree.
 */
sealed interface FrontendAction {
  /** The call as the dry run, the summary and the real run print it. */
  String describe();

  /** Read the project's production deployment: the rollback target. */
  record ReadProduction(String projectId) implements FrontendAction {
    @Override
    public String describe() {
      return "GET /v9/projects/"
          + projectId
          + ": the production deployment before this one (for rollback).";
    }
  }

  /** Create the GitHub deployment and mark it in progress. */
  record StartGitHubDeployment(String environment) implements FrontendAction {
    @Override
    public String describe() {
      return "GitHub deployment to environment `" + environment + "`: in_progress.";
    }
  }

  /** Create the Vercel deployment listing every file's hash. */
  record CreateDeployment(int files) implements FrontendAction {
    @Override
    public String describe() {
      return "POST /v13/deployments?skipAutoDetectionConfirmation=1&forceNew=1 listing every file ("
          + files
          + ").";
    }
  }

  /**
   * When Vercel answered {@code missing_files}: upload only those, then create again; at most
   * {@code rounds} times. Nothing to do when Vercel has every content.
   */
  record UploadMissingFiles(int distinct, int rounds) implements FrontendAction {
    @Override
    public String describe() {
      return "If Vercel answers missing_files, POST /v2/files for only those (of "
          + distinct
          + " distinct contents), then POST /v13/deployments again (at most "
          + rounds
          + " rounds).";
    }
  }

  /**
   * Poll until READY with its domains assigned; on timeout (or, for production, losing track of it)
   * keep it from going live unverified ({@link UnverifiedDeploymentGuard}).
   */
  record AwaitReady(Duration timeout, boolean production) implements FrontendAction {
    @Override
    public String describe() {
      return "GET /v13/deployments/{id} until READY with its domains assigned, for at most "
          + timeout.toSeconds()
          + "s; on timeout, PATCH /v12/deployments/{id}/cancel"
          + (production
              ? ", or, if it turned READY, roll production back to the deployment before."
              : ".");
    }
  }

  /** Point one extra domain at the deployment, once it is READY. */
  record AssignAlias(String alias) implements FrontendAction {
    @Override
    public String describe() {
      return "POST /v2/deployments/{id}/aliases for " + alias + ".";
    }
  }

  /** Give the GitHub deployment its final status. */
  record FinishGitHubDeployment(String environment) implements FrontendAction {
    @Override
    public String describe() {
      return "GitHub deployment to environment `"
          + environment
          + "`: success or failure with the deployment URL.";
    }
  }

  /** Comment the URL on the pull request (one comment, updated on later pushes). */
  record CommentOnPullRequest(int number) implements FrontendAction {
    @Override
    public String describe() {
      return "Comment the preview URL on pull request #"
          + number
          + " (or update our earlier comment).";
    }
  }
}
