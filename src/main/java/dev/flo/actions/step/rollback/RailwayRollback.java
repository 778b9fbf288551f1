package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.railway.RailwayDeployment;
import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.step.common.ProviderAdvice;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Railway rollback ({@code deploymentRollback(id)}, where {@code id} is the deployment to restore):
 * only to a deployment Railway marks {@code canRollback}. Railway answers with a Boolean, so the
 * new deployment is found by listing; a live deployment that ships the target's commit and is newer
 * than the failed one means the rollback happened already.
 */
final class RailwayRollback implements RollbackProvider<RailwayRollback.Restore> {
  static final int HISTORY = 50;
  private static final String PROVIDER = "railway";
  static final Duration FIRST_POLL = Duration.ofSeconds(5);
  static final Duration MAX_POLL = Duration.ofSeconds(20);

  private final RailwayClient railway;
  private final String serviceId;
  private final String environmentId;
  private final Clock clock;
  private final Log log;

  /**
   * {@code deploymentRollback(id)} to {@code targetDeployId}; Railway answers with a Boolean, so
   * the new deployment is the one not among {@code known}, the deployments seen while planning.
   */
  record Restore(String targetDeployId, Set<String> known) implements RollbackPlan.Restore {
    Restore {
      known = Set.copyOf(known);
    }

    @Override
    public List<String> calls() {
      return List.of(
          "Railway mutation deploymentRollback(id=" + targetDeployId + ")",
          "Railway query deployments until the new deployment is SUCCESS");
    }
  }

  RailwayRollback(
      RailwayClient railway, String serviceId, String environmentId, Clock clock, Log log) {
    this.railway = railway;
    this.serviceId = serviceId;
    this.environmentId = environmentId;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public RollbackPlan<Restore> plan(RollbackRequest request)
      throws StepFailure, IOException, InterruptedException {
    try {
      List<RailwayDeployment> before = railway.deployments(serviceId, environmentId, HISTORY);
      Optional<RailwayDeployment> live =
          before.stream().filter(RailwayDeployment::isLive).findFirst();
      RailwayDeployment failed =
          request.failedDeployId() != null
              ? find(before, request.failedDeployId(), RollbackInputs.DEPLOY_ID.name())
              : live.orElse(null);
      RailwayDeployment target;
      if (request.toPrevious()) {
        if (failed == null) {
          throw new StepFailure(
              "Railway shows no live deployment of this service, so there is nothing to roll back from.",
              "Give `to:` the deployment to restore.");
        }
        // Railway does not mark a rollback's deployment as such: a live deployment that ships the
        // code of an
        // earlier one is taken as that earlier one restored, so a second `to: previous` does not go
        // further back.
        Optional<RailwayDeployment> restored =
            before.stream()
                .filter(
                    d ->
                        request.failedDeployId() == null
                            && older(d, failed)
                            && d.canRollback()
                            && failed.commitHash() != null
                            && d.ships(failed.commitHash()))
                .findFirst();
        if (restored.isPresent()) {
          return already(
              null,
              restored.get(),
              failed.id(),
              "Live deployment "
                  + failed.id()
                  + " ships the code of earlier deployment "
                  + restored.get().id()
                  + ": taken as a rollback that already happened.");
        }
        target =
            before.stream()
                .filter(d -> older(d, failed) && (d.canRollback() || d.isLive()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new StepFailure(
                            "No deployment before "
                                + failed.id()
                                + " can be rolled back to among the last "
                                + HISTORY
                                + ".",
                            "Give `to:` the deployment to restore."));
      } else {
        target = find(before, request.to(), RollbackInputs.TO.name());
      }
      Optional<RailwayDeployment> serving =
          live.filter(
              l ->
                  l.id().equals(target.id())
                      || (failed != null
                          && older(failed, l)
                          && l.commitHash() != null
                          && l.ships(target.commitHash())));
      if (serving.isPresent()) {
        String rollbackId = serving.get().id().equals(target.id()) ? null : serving.get().id();
        return already(
            failed,
            target,
            rollbackId,
            "Railway already serves "
                + target.id()
                + "'s code ("
                + serving.get().id()
                + "): nothing to roll back.");
      }
      if (!target.canRollback()) {
        throw new StepFailure(
            "Railway cannot roll back to deployment "
                + target.id()
                + " (status "
                + target.status()
                + ", canRollback false); only a deployment that ran can be restored.",
            "Give `to:` a deployment that went live, such as deploy-backend's `previous-deploy-id`, or `to: previous`.");
      }
      if (failed == null || !failed.isLive()) {
        throw new StepFailure(
            "Railway is not serving "
                + (failed == null
                    ? "any deployment"
                    : failed.id() + " (status " + failed.status() + ")")
                + "; rolling back would replace a deployment this run did not make.",
            "To restore "
                + target.id()
                + " anyway, run with `to: "
                + target.id()
                + "` and without `deploy-id`.");
      }
      return RollbackPlan.rollBack(
          PROVIDER,
          failed.id(),
          target.id(),
          target.commitHash(),
          "Deployment "
              + failed.id()
              + " is live; restoring "
              + target.id()
              + ", the last deployment that ran before it.",
          new Restore(
              target.id(), before.stream().map(RailwayDeployment::id).collect(Collectors.toSet())),
          List.of());
    } catch (RailwayException e) {
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
    try {
      Set<String> known =
          Objects.requireNonNull(plan.restore(), "a plan to roll back has a restore").known();
      railway.rollback(plan.targetDeployId());
      // The same schedule as deploy-backend's: one last poll lands on the deadline.
      PollSchedule schedule =
          new PollSchedule(clock, request.timeout(), FIRST_POLL, MAX_POLL)
              .reporting(log, "Railway's rollback deployment to " + plan.targetDeployId());
      RailwayDeployment restore = newDeployment(known);
      while ((restore == null || restore.inProgress()) && schedule.awaitNext()) {
        restore = restore == null ? newDeployment(known) : railway.deployment(restore.id());
        schedule.saw(
            restore == null
                ? "not created yet"
                : restore.id()
                    + " "
                    + (restore.status() == null ? "has no status yet" : restore.status()));
      }
      if (restore == null || restore.inProgress()) {
        throw new StepFailure(
            "Railway accepted the rollback to "
                + plan.targetDeployId()
                + " but "
                + (restore == null
                    ? "no new deployment appeared"
                    : "deployment " + restore.id() + " is still " + restore.status())
                + " after "
                + DurationText.exact(request.timeout())
                + ".",
            "Watch the service in Railway's dashboard; re-running this step does not roll back twice.");
      }
      if (restore.failed()) {
        throw new StepFailure(
            "Railway's rollback deployment "
                + restore.id()
                + " ended "
                + restore.status()
                + (plan.failedDeployId() == null
                    ? "."
                    : "; " + plan.failedDeployId() + " may still be live."),
            "Open the service in Railway's dashboard to see why.");
      }
      log.info("Railway rollback deployment %s is %s.", restore.id(), restore.status());
      return new RollbackResult(
          plan.targetDeployId(), restore.id(), restore.status(), restore.url());
    } catch (RailwayException e) {
      throw ProviderAdvice.failure(e);
    } catch (IOException e) {
      throw RollbackProvider.unreachable("Railway", e);
    }
  }

  /** The deployment the rollback made: the newest one that was not there before it. */
  private @Nullable RailwayDeployment newDeployment(Set<String> known)
      throws IOException, InterruptedException, RailwayException {
    return railway.deployments(serviceId, environmentId, 10).stream()
        .filter(d -> !known.contains(d.id()))
        .findFirst()
        .orElse(null);
  }

  private RailwayDeployment find(List<RailwayDeployment> before, String id, String input)
      throws IOException, InterruptedException, StepFailure {
    Optional<RailwayDeployment> d = before.stream().filter(x -> x.id().equals(id)).findFirst();
    if (d.isPresent()) {
      return d.get();
    }
    try {
      return railway.deployment(id);
    } catch (RailwayException e) {
      throw new StepFailure(
          "Input '"
              + input
              + "' is '"
              + id
              + "', which Railway does not know ("
              + e.getMessage()
              + ").",
          "Give a deployment id of this service, from deploy-backend's outputs or Railway's dashboard.");
    }
  }

  private static boolean older(RailwayDeployment a, RailwayDeployment b) {
    return !a.id().equals(b.id())
        && a.createdAt() != null
        && b.createdAt() != null
        && a.createdAt().isBefore(b.createdAt());
  }

  private static RollbackPlan<Restore> already(
      @Nullable RailwayDeployment failed,
      RailwayDeployment target,
      @Nullable String liveRollback,
      String why) {
    return RollbackPlan.alreadyRolledBack(
        PROVIDER,
        failed == null ? null : failed.id(),
        target.commitHash(),
        liveRollback,
        why,
        new RollbackResult(target.id(), liveRollback, "SUCCESS", null),
        List.of());
  }
}
