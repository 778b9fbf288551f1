package dev.flo.actions.step.deploybackend;

import dev.flo.actions.step.common.DeployProvider;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One thing a backend deploy does, as data: {@link DeployPlan#actions()} lists them, the dry run
 * prints them ({@link #describe()}), and a real run does what they say (the trigger sends the
 * request recorded here, the wait is taken only when the plan holds a {@link Follow}), so the
 * printed plan and the run cannot disagree.
 */
sealed interface DeployAction {
  /** The call as the dry run and the summary print it. */
  String describe();

  /** Create the GitHub deployment (or reuse this run's) and mark it in progress. */
  record StartGitHubDeployment(String shipped, String environment) implements DeployAction {
    @Override
    public String describe() {
      return "POST GitHub deployment of "
          + shipped
          + " to environment `"
          + environment
          + "` (auto_merge=false, required_contexts=[]), status in_progress";
    }
  }

  /** POST the deploy-hook URL: starts a deploy, reports nothing back. */
  record CallHook() implements DeployAction {
    @Override
    public String describe() {
      return "POST the deploy-hook URL (no waiting: a hook reports nothing back)";
    }
  }

  /**
   * Read the service and its recent deploys: the live one, and one of ours already running or live.
   */
  record LookUp(
      DeployProvider provider,
      @Nullable String serviceId,
      @Nullable String environmentId,
      String shipped)
      implements DeployAction {
    @Override
    public String describe() {
      return provider == DeployProvider.RAILWAY
          ? "Railway query deployments of service "
              + serviceId
              + " in environment "
              + environmentId
              + " (any deployment of "
              + shipped
              + " already running or live)"
          : "GET Render service "
              + serviceId
              + " and its recent deploys (find the live deploy, and any deploy of "
              + shipped
              + " already running or live)";
    }
  }

  /**
   * Render: {@code POST /services/{id}/deploys}, unless a deploy of it is already running or live.
   */
  record TriggerRender(
      String apiUrl,
      @Nullable String serviceId,
      @Nullable String commit,
      @Nullable String image,
      boolean clearCache)
      implements DeployAction {
    @Override
    public String describe() {
      String body =
          (image != null ? "imageUrl=" + image : "commitId=" + commit)
              + ", clearCache="
              + (clearCache ? "clear" : "do_not_clear");
      return "POST "
          + apiUrl
          + "/services/"
          + serviceId
          + "/deploys {"
          + body
          + "}, unless a deploy of it is already running or live";
    }
  }

  /**
   * Railway: {@code serviceInstanceDeployV2}, unless a deployment of it is already running or live.
   */
  record TriggerRailway(
      String apiUrl,
      @Nullable String serviceId,
      @Nullable String environmentId,
      @Nullable String commit)
      implements DeployAction {
    @Override
    public String describe() {
      return "Railway mutation serviceInstanceDeployV2(serviceId="
          + serviceId
          + ", environmentId="
          + environmentId
          + ", commitSha="
          + commit
          + ") at "
          + apiUrl
          + ", unless one is running or live";
    }
  }

  /**
   * Poll the deploy until it is live or failed, for at most {@code timeout}; then cancel it when
   * asked.
   */
  record Follow(DeployProvider provider, Duration timeout, boolean cancelOnTimeout)
      implements DeployAction {
    @Override
    public String describe() {
      String limit = ", for at most " + timeout.toString().substring(2).toLowerCase(Locale.ROOT);
      return provider == DeployProvider.RAILWAY
          ? "Railway query deployment.status until SUCCESS or failed"
              + limit
              + (cancelOnTimeout ? ", then deploymentCancel" : "")
          : "GET the deploy until live or failed"
              + limit
              + (cancelOnTimeout ? ", then POST cancel" : "");
    }
  }

  /** Give the GitHub deployment its final status. */
  record FinishGitHubDeployment() implements DeployAction {
    @Override
    public String describe() {
      return "POST GitHub deployment status success or failure";
    }
  }
}
