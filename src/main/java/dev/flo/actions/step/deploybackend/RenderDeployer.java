package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.render.RenderClient.DeployQuery;
import dev.flo.actions.provider.render.RenderClient.DeployRequest;
import dev.flo.actions.provider.render.RenderDeploy;
import dev.flo.actions.provider.render.RenderDeployWatch;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.provider.render.RenderService;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Deploys to Render and follows the deploy to the end: reuses a deploy of the same commit that is
 * already running or live (a re-run never deploys twice), recovers the deploy of a 202 "Queued"
 * answer by listing, and polls until a terminal status or the timeout.
 */
final class RenderDeployer implements BackendDeployer {
  static final Duration FIRST_POLL = Duration.ofSeconds(5);

  /** How long a 202-queued deploy may take to show up in the list before we give up looking. */
  static final Duration FIND_QUEUED = Duration.ofSeconds(60);

  private final RenderClient render;
  private final Supplier<RenderClient> afterDeadline;
  private final Clock clock;
  private final Log log;

  /**
   * @param afterDeadline a client with a budget of its own, for the cancel that follows a timeout
   */
  RenderDeployer(RenderClient render, Supplier<RenderClient> afterDeadline, Clock clock, Log log) {
    this.render = render;
    this.afterDeadline = afterDeadline;
    this.clock = clock;
    this.log = log;
  }

  /**
   * What is there before we act: the service, its live deploy, and any deploy of our commit we
   * would reuse.
   */
  record Situation(
      RenderService service,
      Optional<RenderDeploy> live,
      Optional<RenderDeploy> existing,
      List<RenderDeploy> recent) {}

  Situation look(DeployPlan plan) throws IOException, InterruptedException, RenderException {
    RenderService service = render.service(serviceId(plan));
    List<RenderDeploy> recent = render.deploys(serviceId(plan), DeployQuery.recent(20));
    Optional<RenderDeploy> live = recent.stream().filter(RenderDeploy::isLive).findFirst();
    Optional<RenderDeploy> existing =
        recent.stream()
            .filter(d -> d.ships(plan.commit(), plan.image()) && (d.inProgress() || d.isLive()))
            .findFirst();
    return new Situation(service, live, existing, recent);
  }

  @Override
  public Preview preview(DeployPlan plan)
      throws IOException, InterruptedException, RenderException {
    Situation now = look(plan);
    String note =
        now.existing().isPresent()
            ? "Deploy "
                + now.existing().get().id()
                + " of "
                + plan.shipped()
                + " is already "
                + now.existing().get().status()
                + ": a real run would follow it, not deploy again."
            : "A real run would trigger a new deploy of "
                + plan.shipped()
                + "; live now: "
                + now.live().map(d -> d.id() + " (" + d.shipped() + ")").orElse("none")
                + ".";
    return new Preview(note, now.live().map(RenderDeploy::id).orElse(null));
  }

  @Override
  public DeployOutcome deploy(DeployPlan plan, Deadline deadline, Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, RenderException, StepFailure {
    return deploy(plan, look(plan), deadline, started);
  }

  /** Runs the deploy from what {@link #look} found. */
  private DeployOutcome deploy(
      DeployPlan plan, Situation now, Deadline deadline, Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, RenderException, StepFailure {
    RenderDeploy deploy;
    boolean reused = now.existing().isPresent();
    if (reused) {
      deploy = now.existing().get();
      log.info(
          "Render deploy %s of %s is already %s: following it instead of deploying again.",
          deploy.id(), deploy.shipped(), deploy.status());
    } else {
      Instant asked = clock.now();
      DeployAction.TriggerRender trigger =
          plan.action(DeployAction.TriggerRender.class).orElseThrow();
      deploy =
          render
              .triggerDeploy(
                  Objects.requireNonNull(
                      trigger.serviceId(), "provider render requires service-id"),
                  new DeployRequest(trigger.commit(), trigger.image(), trigger.clearCache()))
              .orElse(null);
      if (deploy == null) {
        log.info(
            "Render queued the deploy (HTTP 202, no deploy id in the answer); looking it up in the service's deploys.");
        deploy = findQueued(plan, now, asked);
      }
      log.info("Render deploy %s of %s: %s", deploy.id(), deploy.shipped(), deploy.status());
    }
    String previous = previous(now, deploy);
    String url = plan.environmentUrl() != null ? plan.environmentUrl() : now.service().url();
    String link = now.service().deployLink(deploy.id());
    started.accept(outcome(Result.TRIGGERED, deploy, previous, url, link, reused));
    Optional<DeployAction.Follow> follow = plan.action(DeployAction.Follow.class);
    if (follow.isEmpty()) {
      return outcome(
          deploy.succeeded() ? result(deploy) : Result.TRIGGERED,
          deploy,
          previous,
          url,
          link,
          reused);
    }
    deploy =
        new RenderDeployWatch(render, clock, log)
            .follow(serviceId(plan), deploy, deadline.remaining());
    if (deploy.inProgress()) {
      if (follow.get().cancelOnTimeout()) {
        log.info(
            "Deploy %s is still %s after %s: cancelling it (cancel-on-timeout).",
            deploy.id(), deploy.status(), DurationText.exact(follow.get().timeout()));
        deploy = afterDeadline.get().cancel(serviceId(plan), deploy.id());
      }
      return outcome(Result.TIMED_OUT, deploy, previous, url, link, reused);
    }
    return outcome(result(deploy), deploy, previous, url, link, reused);
  }

  /**
   * A 202 carries no id: our deploy is the new one of our commit that was not in the list before
   * the trigger.
   */
  private RenderDeploy findQueued(DeployPlan plan, Situation before, Instant asked)
      throws IOException, InterruptedException, RenderException, StepFailure {
    Set<String> known = before.recent().stream().map(RenderDeploy::id).collect(Collectors.toSet());
    // A minute of slack for clock skew between the runner and Render.
    DeployQuery query = new DeployQuery(List.of(), asked.minus(Duration.ofMinutes(1)), null, 20);
    PollSchedule schedule =
        new PollSchedule(clock, FIND_QUEUED, FIRST_POLL, FIRST_POLL)
            .reporting(
                log,
                "Looking for the queued deploy of " + plan.shipped() + " in the service's deploys");
    do {
      Optional<RenderDeploy> ours =
          render.deploys(serviceId(plan), query).stream()
              .filter(d -> !known.contains(d.id()) && d.ships(plan.commit(), plan.image()))
              .findFirst();
      if (ours.isPresent()) {
        return ours.get();
      }
      schedule.saw("not listed yet");
    } while (schedule.awaitNext());
    throw new StepFailure(
        "Render accepted the deploy of "
            + plan.shipped()
            + " (HTTP 202 Queued) but it did not appear in the service's deploys within "
            + DurationText.exact(FIND_QUEUED)
            + ".",
        "Check the service's deploys in the Render dashboard. Re-running this step follows that deploy instead of triggering another.");
  }

  /**
   * The deploy that was live before ours: the live one now, or, when ours is live already, the last
   * success before it.
   */
  private static String serviceId(DeployPlan plan) {
    return Objects.requireNonNull(plan.serviceId(), "provider render requires service-id");
  }

  private static @Nullable String previous(Situation now, RenderDeploy ours) {
    if (now.live().isPresent() && !now.live().get().id().equals(ours.id())) {
      return now.live().get().id();
    }
    return now.recent().stream()
        .filter(d -> !d.id().equals(ours.id()) && d.succeeded())
        .filter(
            d ->
                ours.createdAt() == null
                    || d.createdAt() == null
                    || d.createdAt().isBefore(ours.createdAt()))
        .findFirst()
        .map(RenderDeploy::id)
        .orElse(null);
  }

  private static Result result(RenderDeploy d) {
    return d.isLive() ? Result.LIVE : d.succeeded() ? Result.SUPERSEDED : Result.FAILED;
  }

  private static DeployOutcome outcome(
      Result r,
      RenderDeploy d,
      @Nullable String previous,
      @Nullable String url,
      @Nullable String link,
      boolean reused) {
    return new DeployOutcome(r, d.id(), d.status(), previous, url, link, d.shipped(), reused);
  }
}
