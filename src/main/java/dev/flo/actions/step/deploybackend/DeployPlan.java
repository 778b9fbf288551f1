package dev.flo.actions.step.deploybackend;

import dev.flo.actions.step.common.DeployProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What {@code deploy-backend} will do, decided from the inputs before any call; dry-run prints it. */
public record DeployPlan(
    DeployProvider provider,
    String serviceId,
    String environmentId,
    String commit,
    String image,
    boolean clearCache,
    boolean waitForLive,
    Duration timeout,
    boolean cancelOnTimeout,
    String apiUrl,
    boolean githubDeployment,
    String environment,
    String environmentUrl) {

  static DeployPlan of(DeployBackendInputs in) {
    return new DeployPlan(
        in.provider(), in.serviceId(), in.environmentId(), in.commit(), in.image(), in.clearCache(), in.waitForLive(), in.timeout(),
        in.cancelOnTimeout(), in.apiUrl(), in.githubDeployment(), in.environment(), in.environmentUrl());
  }

  /** What is shipped, for messages: the commit or the image. */
  public String shipped() {
    return image != null ? image : commit == null ? "the hook's default" : commit.substring(0, Math.min(12, commit.length()));
  }

  /** The calls in order, each with what it sends. */
  public List<String> calls() {
    List<String> calls = new ArrayList<>();
    if (githubDeployment) {
      calls.add("POST GitHub deployment of " + shipped() + " to environment `" + environment + "` (auto_merge=false, required_contexts=[]), status in_progress");
    }
    if (provider == DeployProvider.HOOK) {
      calls.add("POST the deploy-hook URL (no waiting: a hook reports nothing back)");
    } else if (provider == DeployProvider.RAILWAY) {
      calls.add("Railway query deployments of service " + serviceId + " in environment " + environmentId + " (any deployment of " + shipped() + " already running or live)");
      calls.add("Railway mutation serviceInstanceDeployV2(serviceId=" + serviceId + ", environmentId=" + environmentId + ", commitSha=" + commit + ") at " + apiUrl + ", unless one is running or live");
      if (waitForLive) {
        calls.add("Railway query deployment.status until SUCCESS or failed, for at most " + timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + (cancelOnTimeout ? ", then deploymentCancel" : ""));
      }
    } else {
      calls.add("GET Render service " + serviceId + " and its recent deploys (find the live deploy, and any deploy of " + shipped() + " already running or live)");
      String body = (image != null ? "imageUrl=" + image : "commitId=" + commit) + ", clearCache=" + (clearCache ? "clear" : "do_not_clear");
      calls.add("POST " + apiUrl + "/services/" + serviceId + "/deploys {" + body + "}, unless a deploy of it is already running or live");
      if (waitForLive) {
        calls.add("GET the deploy until live or failed, for at most " + timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + (cancelOnTimeout ? ", then POST cancel" : ""));
      }
    }
    if (githubDeployment) {
      calls.add("POST GitHub deployment status success or failure");
    }
    return calls;
  }
}
