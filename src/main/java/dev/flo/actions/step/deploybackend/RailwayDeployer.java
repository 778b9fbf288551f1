package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.railway.RailwayDeployment;
import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Deploys to Railway with {@code serviceInstanceDeployV2} (which returns the deployment id) and
 * polls {@code deployment.status}; like Render, a deployment of the same commit that is running or
 * live is followed instead of starting another.
 */
final class RailwayDeployer implements BackendDeployer {
  static final Duration FIRST_POLL = Duration.ofSeconds(5);
  static final Duration MAX_POLL = Duration.ofSeconds(20);

  private final RailwayClient railway;
  private final Supplier<RailwayClient> afterDeadline;
  private final Clock clock;
  private final Log log;

  /**
   * @param afterDeadline a client with a budget of its own, for the cancel that follows a timeout
   */
  RailwayDeployer(
      RailwayClient railway, Supplier<RailwayClient> afterDeadline, Clock clock, Log log) {
    this.railway = railway;
    this.afterDeadline = afterDeadline;
    this.clock = clock;
    this.log = log;
  }

  /** The recent deployments, for dry-run and for the decision to reuse one. */
  List<RailwayDeployment> look(DeployPlan plan)
      throws IOException, InterruptedException, RailwayException {
    return railway.deployments(
        Objects.requireNonNull(plan.serviceId(), "provider railway requires service-id"),
        Objects.requireNonNull(plan.environmentId(), "provider railway requires environment-id"),
        20);
  }

  /**
   * A deployment of the plan's commit that is running or live: followed instead of deploying again.
   */
  static Optional<RailwayDeployment> existing(DeployPlan plan, List<RailwayDeployment> recent) {
    return recent.stream().filter(d -> d.ships(plan.commit()) && !d.failed()).findFirst();
  }

  @Override
  public Preview preview(DeployPlan plan)
      throws IOException, InterruptedException, RailwayException {
    List<RailwayDeployment> recent = look(plan);
    Optional<RailwayDeployment> existing = existing(plan, recent);
    String note =
        existing.isPresent()
            ? "Deployment "
                + existing.get().id()
                + " of "
                + plan.shipped()
                + " is already "
                + existing.get().status()
                + ": a real run would follow it, not deploy again."
            : "A real run would start a new deployment of " + plan.shipped() + ".";
    return new Preview(
        note,
        recent.stream()
            .filter(RailwayDeployment::succeeded)
            .findFirst()
            .map(RailwayDeployment::id)
            .orElse(null));
  }

  @Override
  public DeployOutcome deploy(DeployPlan plan, Deadline deadline, Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, RailwayException {
    return deploy(plan, look(plan), deadline, started);
  }

  DeployOutcome deploy(
      DeployPlan plan,
      List<RailwayDeployment> recent,
      Deadline deadline,
      Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, RailwayException {
    Optional<RailwayDeployment> existing = existing(plan, recent);
    RailwayDeployment d;
    if (existing.isPresent()) {
      d = existing.get();
      log.info(
          "Railway deployment %s of %s is already %s: following it instead of deploying again.",
          d.id(), plan.shipped(), d.status());
    } else {
      DeployAction.TriggerRailway trigger =
          plan.action(DeployAction.TriggerRailway.class).orElseThrow();
      String id =
          railway.deploy(
              Objects.requireNonNull(trigger.serviceId(), "provider railway requires service-id"),
              Objects.requireNonNull(
                  trigger.environmentId(), "provider railway requires environment-id"),
              trigger.commit());
      d = railway.deployment(id);
      log.info(
          "Railway deployment %s of %s: %s",
          d.id(), plan.shipped(), d.status() == null ? "no status yet" : d.status());
    }
    RailwayDeployment ours = d;
    String previous =
        recent.stream()
            .filter(x -> !x.id().equals(ours.id()) && x.succeeded())
            .filter(
                x ->
                    ours.createdAt() == null
                        || x.createdAt() == null
                        || x.createdAt().isBefore(ours.createdAt()))
            .findFirst()
            .map(RailwayDeployment::id)
            .orElse(null);
    String url = plan.environmentUrl();
    started.accept(outcome(Result.TRIGGERED, d, previous, url, existing.isPresent()));
    Optional<DeployAction.Follow> follow = plan.action(DeployAction.Follow.class);
    if (follow.isEmpty()) {
      return outcome(
          d.succeeded() ? Result.LIVE : Result.TRIGGERED, d, previous, url, existing.isPresent());
    }
    PollSchedule schedule =
        new PollSchedule(clock, deadline.remaining(), FIRST_POLL, MAX_POLL)
            .reporting(log, "Railway deployment " + d.id());
    while (d.inProgress() && schedule.awaitNext()) {
      try {
        d = railway.deployment(d.id());
      } catch (HttpException e) {
        if (e.kind() != HttpException.Kind.DEADLINE) {
          throw e;
        }
        log.info(
            "Railway deployment %s: the timeout ran out while polling (%s)",
            d.id(), String.valueOf(e.getMessage()));
        break;
      }
      // A deployment without a status (Railway has not set one yet) is still pending: keep polling
      // to the deadline.
      schedule.saw(d.status() == null ? "no status yet" : d.status());
    }
    if (d.inProgress()) {
      if (follow.get().cancelOnTimeout()) {
        log.info(
            "Deployment %s is still %s after %s: cancelling it (cancel-on-timeout).",
            d.id(), d.status(), DurationText.exact(follow.get().timeout()));
        RailwayClient wrapUp = afterDeadline.get();
        wrapUp.cancel(d.id());
        d = wrapUp.deployment(d.id());
      }
      return outcome(Result.TIMED_OUT, d, previous, url, existing.isPresent());
    }
    return outcome(
        d.succeeded() ? Result.LIVE : Result.FAILED, d, previous, url, existing.isPresent());
  }

  private static DeployOutcome outcome(
      Result r,
      RailwayDeployment d,
      @Nullable String previous,
      @Nullable String url,
      boolean reused) {
    // A deployment Railway has not given a status yet is reported as UNKNOWN (the summary and
    // outputs need a value).
    return new DeployOutcome(
        r,
        d.id(),
        d.status() == null ? "UNKNOWN" : d.status(),
        previous,
        url != null ? url : d.url(),
        null,
        d.commitHash() == null
            ? null
            : d.commitHash().substring(0, Math.min(12, d.commitHash().length())),
        reused);
  }
}
