package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.render.RenderClient.DeployQuery;
import dev.flo.actions.provider.render.RenderDeploy;
import dev.flo.actions.provider.render.RenderDeployWatch;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.provider.render.RenderService;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.step.common.ProviderAdvice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Render rollback ({@code POST /services/{id}/rollback}, spec op {@code rollback-deploy}): restores
 * the last deploy that was live before the failed one, never a deploy that failed. Render answers
 * with a new deploy whose trigger is {@code rollback}; a live one that ships the target means the
 * rollback is done, so a second run changes nothing.
 */
final class RenderRollback implements RollbackProvider<RenderRollback.Restore> {
  /** Enough history to reach the last good deploy after a run of failures. */
  static final int HISTORY = 100;

  private static final String PROVIDER = "render";

  private final RenderClient render;
  private final String serviceId;
  private final String apiUrl;
  private final Clock clock;
  private final Log log;

  /**
   * {@code POST /services/{id}/rollback} to {@code targetDeployId}, then following the rollback
   * deploy until live.
   *
   * @param service the service as read while planning: its URL and deploy pages
   */
  record Restore(String apiUrl, String serviceId, String targetDeployId, RenderService service)
      implements RollbackPlan.Restore {
    @Override
    public List<String> calls() {
      return List.of(
          "POST "
              + apiUrl
              + "/services/"
              + serviceId
              + "/rollback {deployId="
              + targetDeployId
              + "}",
          "GET the rollback deploy until live");
    }
  }

  RenderRollback(RenderClient render, String serviceId, String apiUrl, Clock clock, Log log) {
    this.render = render;
    this.serviceId = serviceId;
    this.apiUrl = apiUrl;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public RollbackPlan<Restore> plan(RollbackRequest request)
      throws StepFailure, IOException, InterruptedException {
    try {
      RenderService service = render.service(serviceId);
      List<RenderDeploy> deploys = render.deploys(serviceId, DeployQuery.recent(HISTORY));
      Optional<RenderDeploy> live = deploys.stream().filter(RenderDeploy::isLive).findFirst();
      RenderDeploy failed =
          request.failedDeployId() != null
              ? find(deploys, request.failedDeployId(), RollbackInputs.DEPLOY_ID.name())
              : live.orElse(null);
      RenderDeploy target =
          request.toPrevious()
              ? previous(deploys, failed, live)
              : find(deploys, request.to(), RollbackInputs.TO.name());
      if (!target.succeeded()) {
        throw new StepFailure(
            "Deploy "
                + target.id()
                + " never went live (status "
                + target.status()
                + "); Render can only roll back to a deploy that was live.",
            "Give `to:` a deploy that was live (deploy-backend's `previous-deploy-id` output), or `to: previous`.");
      }
      if (failed != null && target.id().equals(failed.id())) {
        throw new StepFailure(
            "Deploy "
                + target.id()
                + " is the deploy being rolled back; it cannot also be the target.",
            "Give `to:` an earlier deploy, or `to: previous`.");
      }
      List<String> warnings = new ArrayList<>();
      if (service.autoDeploy()) {
        warnings.add(
            "Render autodeploy is on for "
                + service.name()
                + ": the next push to its branch deploys again and can undo this rollback."
                + " Turn autodeploy off in the service's settings until the fix is merged, or revert the bad commit.");
      }
      Optional<RenderDeploy> restoring = live.filter(l -> restores(l, target));
      if (restoring.isPresent()) {
        RenderDeploy l = restoring.get();
        String why =
            l.id().equals(target.id())
                ? "Deploy "
                    + target.id()
                    + " ("
                    + target.shipped()
                    + ") is already live: nothing to roll back."
                : "Rollback deploy "
                    + l.id()
                    + " of "
                    + target.id()
                    + " ("
                    + target.shipped()
                    + ") is already live: nothing more to do.";
        String liveRollback = l.id().equals(target.id()) ? null : l.id();
        return RollbackPlan.alreadyRolledBack(
            PROVIDER,
            failed == null ? null : failed.id(),
            target.commitId(),
            liveRollback,
            why,
            new RollbackResult(target.id(), liveRollback, "live", service.url()),
            warnings);
      }
      if (failed != null && !failed.isLive()) {
        String now =
            live.map(l -> l.id() + " (" + l.shipped() + ", " + l.trigger() + ")").orElse("none");
        throw new StepFailure(
            "Render is not serving "
                + failed.id()
                + " (status "
                + failed.status()
                + "); the live deploy is "
                + now
                + ". Rolling back would replace a deploy this run did not make.",
            "To restore "
                + target.id()
                + " anyway, run with `to: "
                + target.id()
                + "` and without `deploy-id`.");
      }
      String why =
          failed == null
              ? "No deploy is live; restoring " + target.id() + " (" + target.shipped() + ")."
              : "Deploy "
                  + failed.id()
                  + " ("
                  + failed.shipped()
                  + ") is live; restoring "
                  + target.id()
                  + " ("
                  + target.shipped()
                  + "), the last deploy live before it.";
      return RollbackPlan.rollBack(
          PROVIDER,
          failed == null ? null : failed.id(),
          target.id(),
          target.commitId(),
          why,
          new Restore(apiUrl, serviceId, target.id(), service),
          warnings);
    } catch (RenderException e) {
      throw ProviderAdvice.failure(e);
    }
  }

  @Override
  public RollbackResult execute(RollbackPlan<Restore> plan, RollbackRequest request)
      throws StepFailure, InterruptedException {
    RollbackResult already = plan.already();
    if (already != null) {
      return already;
    }
    RenderService service =
        Objects.requireNonNull(plan.restore(), "a plan to roll back has a restore").service();
    String url = service.url();
    try {
      RenderDeploy rollback = render.rollback(serviceId, plan.targetDeployId());
      log.info(
          "Render started rollback deploy %s (restoring %s).",
          rollback.id(), plan.targetDeployId());
      RenderDeploy end =
          new RenderDeployWatch(render, clock, log).follow(serviceId, rollback, request.timeout());
      if (end.failed()) {
        throw new StepFailure(
            "Rollback deploy "
                + end.id()
                + " to "
                + plan.targetDeployId()
                + " ended "
                + end.status()
                + (plan.failedDeployId() == null
                    ? "."
                    : "; " + plan.failedDeployId() + " may still be live."),
            "Open "
                + service.deployLink(end.id())
                + " to see why, then roll back from the Render dashboard or run this step with another `to:`.");
      }
      if (end.inProgress()) {
        throw new StepFailure(
            "Rollback deploy "
                + end.id()
                + " is still "
                + end.status()
                + " after "
                + request.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                + ".",
            "It keeps running on Render: watch "
                + service.deployLink(end.id())
                + ". Re-running this step waits for nothing new: it finds the rollback once it is live.");
      }
      return new RollbackResult(plan.targetDeployId(), end.id(), end.status(), url);
    } catch (RenderException e) {
      throw ProviderAdvice.failure(e);
    } catch (IOException e) {
      throw RollbackProvider.unreachable("Render", e);
    }
  }

  /**
   * The last deploy live before {@code failed}: the newest one created before it that succeeded.
   * When the live deploy is already a rollback, the deploy it restored (so a second run finds the
   * same target).
   */
  private static RenderDeploy previous(
      List<RenderDeploy> deploys, @Nullable RenderDeploy failed, Optional<RenderDeploy> live)
      throws StepFailure {
    if (failed == null) {
      throw new StepFailure(
          "Render shows no live deploy for this service, so there is nothing to roll back from.",
          "Give `to:` the deploy to restore.");
    }
    RenderDeploy from = failed;
    if (live.isPresent()
        && live.get().id().equals(failed.id())
        && "rollback".equals(failed.trigger())) {
      // Already a rollback: its target is the newest earlier deploy that ships the same code and
      // was not itself a rollback.
      return deploys.stream()
          .filter(
              d ->
                  before(d, from)
                      && d.succeeded()
                      && !"rollback".equals(d.trigger())
                      && d.ships(from.commitId(), from.imageRef()))
          .findFirst()
          .orElse(failed);
    }
    return deploys.stream()
        .filter(d -> before(d, from) && d.succeeded())
        .findFirst()
        .orElseThrow(
            () ->
                new StepFailure(
                    "No deploy before "
                        + from.id()
                        + " was ever live among the last "
                        + HISTORY
                        + ", so there is nothing to roll back to.",
                    "Give `to:` the deploy to restore, from the service's deploys in the Render dashboard."));
  }

  /**
   * Whether {@code live} is {@code target} itself, or a later rollback deploy that ships the same
   * code.
   */
  private static boolean restores(RenderDeploy live, RenderDeploy target) {
    if (live.id().equals(target.id())) {
      return true;
    }
    return "rollback".equals(live.trigger())
        && before(target, live)
        && live.ships(target.commitId(), target.imageRef());
  }

  private static boolean before(RenderDeploy a, RenderDeploy b) {
    return !a.id().equals(b.id())
        && a.createdAt() != null
        && b.createdAt() != null
        && a.createdAt().isBefore(b.createdAt());
  }

  private RenderDeploy find(List<RenderDeploy> deploys, String id, String input)
      throws IOException, InterruptedException, StepFailure {
    Optional<RenderDeploy> d = deploys.stream().filter(x -> x.id().equals(id)).findFirst();
    if (d.isPresent()) {
      return d.get();
    }
    try {
      return render.deploy(serviceId, id);
    } catch (RenderException e) {
      if (e.status() == 404) {
        throw new StepFailure(
            "Input '" + input + "' is '" + id + "', which is not a deploy of " + serviceId + ".",
            "Give a deploy id (dep-…) of this service, from deploy-backend's outputs or the Render dashboard.");
      }
      throw ProviderAdvice.failure(e);
    }
  }
}
