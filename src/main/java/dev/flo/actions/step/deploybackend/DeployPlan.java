package dev.flo.actions.step.deploybackend;

import dev.flo.actions.step.common.DeployProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code deploy-backend} will do, decided from the inputs before any call: {@link #actions()},
 * which dry-run prints.
 */
public record DeployPlan(
    DeployProvider provider,
    @Nullable String serviceId,
    @Nullable String environmentId,
    @Nullable String commit,
    @Nullable String image,
    boolean clearCache,
    boolean waitForLive,
    Duration timeout,
    boolean cancelOnTimeout,
    String apiUrl,
    boolean githubDeployment,
    String environment,
    @Nullable String environmentUrl) {

  static DeployPlan of(DeployBackendInputs in) {
    return new DeployPlan(
        in.provider(),
        in.serviceId(),
        in.environmentId(),
        in.commit(),
        in.image(),
        in.clearCache(),
        in.waitForLive(),
        in.timeout(),
        in.cancelOnTimeout(),
        in.apiUrl(),
        in.githubDeployment(),
        in.environment(),
        in.environmentUrl());
  }

  /** What is shipped, for messages: the commit or the image. */
  public String shipped() {
    return image != null
        ? image
        : commit == null
            ? "the hook's default"
            : commit.substring(0, Math.min(12, commit.length()));
  }

  /**
   * What a deploy does, in order, as data: the dry run prints it and a real run does what it says.
   */
  public List<DeployAction> actions() {
    List<DeployAction> actions = new ArrayList<>();
    if (githubDeployment) {
      actions.add(new DeployAction.StartGitHubDeployment(shipped(), environment));
    }
    if (provider == DeployProvider.HOOK) {
      actions.add(new DeployAction.CallHook());
    } else if (provider != DeployProvider.COMPOSE) {
      // compose's rollout plans itself, host by host (ComposeRun).
      actions.add(new DeployAction.LookUp(provider, serviceId, environmentId, shipped()));
      actions.add(
          provider == DeployProvider.RAILWAY
              ? new DeployAction.TriggerRailway(apiUrl, serviceId, environmentId, commit)
              : new DeployAction.TriggerRender(apiUrl, serviceId, commit, image, clearCache));
      if (waitForLive) {
        actions.add(new DeployAction.Follow(provider, timeout, cancelOnTimeout));
      }
    }
    if (githubDeployment) {
      actions.add(new DeployAction.FinishGitHubDeployment());
    }
    return List.copyOf(actions);
  }

  /** The plan's action of {@code type}, if it has one. */
  <A extends DeployAction> Optional<A> action(Class<A> type) {
    return actions().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The plan as the dry run prints it. */
  public List<String> calls() {
    return actions().stream().map(DeployAction::describe).toList();
  }
}
