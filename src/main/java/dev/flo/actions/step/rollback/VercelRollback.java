package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.provider.vercel.VercelDeployment;
import dev.flo.actions.provider.vercel.VercelException;
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
import org.jspecify.annotations.Nullable;

/**
 * Vercel instant rollback ({@code POST /v1/projects/{id}/rollback/{deploymentId}}): production
 * domains point at an earlier READY production deployment, nothing is rebuilt. Only READY
 * deployments are listed, so a failed build is never a target; a target that already serves
 * production means there is nothing to do, so a second run is a no-op.
 */
final class VercelRollback implements RollbackProvider<VercelRollback.Restore> {
  /** Enough production history to reach the last good deployment after a run of bad ones. */
  static final int HISTORY = 100;

  static final Duration POLL = Duration.ofSeconds(5);
  private static final String PROVIDER = "vercel";

  private final VercelClient vercel;
  private final String projectId;
  private final @Nullable String reason;
  private final Clock clock;
  private final Log log;

  /**
   * {@code POST /v1/projects/{id}/rollback/{target}}, then waiting until production serves {@code
   * target}.
   */
  record Restore(String projectId, VercelDeployment target, boolean withReason)
      implements RollbackPlan.Restore {
    @Override
    public List<String> calls() {
      return List.of(
          "POST /v1/projects/"
              + projectId
              + "/rollback/"
              + target.id()
              + (withReason ? "?description=…" : ""),
          "GET /v9/projects/" + projectId + " until production serves " + target.id());
    }
  }

  VercelRollback(
      VercelClient vercel, String projectId, @Nullable String reason, Clock clock, Log log) {
    this.vercel = vercel;
    this.projectId = projectId;
    this.reason = reason;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public RollbackPlan<Restore> plan(RollbackRequest request)
      throws StepFailure, IOException, InterruptedException {
    try {
      VercelDeployment current =
          vercel
              .currentProduction(projectId)
              .orElseThrow(
                  () ->
                      new StepFailure(
                          "Vercel project "
                              + projectId
                              + " has no production deployment, so there is nothing to roll back.",
                          "Check `project-id` and `team-id`."));
      List<VercelDeployment> ready = vercel.productionDeployments(projectId, HISTORY, false);
      VercelDeployment failed =
          request.failedDeployId() != null
              ? find(request.failedDeployId(), RollbackInputs.DEPLOY_ID.name())
              : current;
      VercelDeployment target;
      if (request.toPrevious()) {
        if (request.failedDeployId() == null
            && !ready.isEmpty()
            && !id(ready.getFirst()).equals(id(current))
            && older(current, ready.getFirst())) {
          // Production serves an older deployment than the newest READY one: an instant rollback
          // already happened.
          return already(
              ready.getFirst(),
              current,
              "Production already serves "
                  + current.id()
                  + ", older than the newest production deployment "
                  + ready.getFirst().id()
                  + ": a rollback already happened, nothing to do.");
        }
        target =
            ready.stream()
                .filter(d -> older(d, failed))
                .findFirst()
                .orElseThrow(
                    () ->
                        new StepFailure(
                            "No READY production deployment before "
                                + failed.id()
                                + " among the last "
                                + HISTORY
                                + ", so there is nothing to roll back to.",
                            "Give `to:` the deployment to restore (deploy-frontend's `previous-deployment-id`)."));
      } else {
        target = find(request.to(), RollbackInputs.TO.name());
      }
      if (id(target).equals(id(current))) {
        return already(
            id(failed).equals(id(current)) ? null : failed,
            target,
            "Production already serves " + target.id() + ": nothing to roll back.");
      }
      if (!id(current).equals(id(failed))) {
        throw new StepFailure(
            "Production serves "
                + current.id()
                + ", not "
                + failed.id()
                + "; rolling back would replace a deployment this run did not make.",
            "To restore "
                + target.id()
                + " anyway, run with `to: "
                + target.id()
                + "` and without `deploy-id`.");
      }
      if (!target.isReady() || !"production".equals(target.target()) || !candidate(id(target))) {
        throw new StepFailure(
            "Vercel cannot roll production back to "
                + target.id()
                + " (state "
                + target.readyState()
                + ", target "
                + target.target()
                + "): it is not a rollback candidate.",
            "Give `to:` an earlier READY production deployment (deploy-frontend's `previous-deployment-id`), or `to: previous`. Hobby projects can only go back one deployment.");
      }
      return RollbackPlan.rollBack(
          PROVIDER,
          id(failed),
          id(target),
          target.commitSha(),
          "Production serves "
              + failed.id()
              + "; pointing it back at "
              + target.id()
              + ", the last READY production deployment before it.",
          new Restore(projectId, target, reason != null),
          List.of());
    } catch (VercelException e) {
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
    VercelDeployment target =
        Objects.requireNonNull(plan.restore(), "a plan to roll back has a restore").target();
    String targetId = id(target);
    try {
      // No description is the same as an empty one: the call sends none.
      vercel.rollback(projectId, targetId, Objects.requireNonNullElse(reason, ""));
      log.info(
          "Vercel accepted the rollback of %s to %s; waiting until production serves it.",
          projectId, targetId);
      // A Vercel rollback only re-points the production alias: a steady poll every 5 s, the last
      // one on the deadline.
      PollSchedule schedule =
          new PollSchedule(clock, request.timeout(), POLL, POLL)
              .reporting(log, "Production of " + projectId + " to serve " + targetId);
      Optional<VercelDeployment> serving = vercel.currentProduction(projectId);
      while (serving.map(d -> !targetId.equals(d.id())).orElse(true)) {
        schedule.saw("serves " + serving.map(VercelDeployment::id).orElse("nothing"));
        if (!schedule.awaitNext()) {
          throw new StepFailure(
              "Vercel accepted the rollback to "
                  + targetId
                  + ", but production still serves "
                  + serving.map(VercelDeployment::id).orElse("nothing")
                  + " after "
                  + DurationText.exact(request.timeout())
                  + ".",
              "Check the project's Deployments page in Vercel; re-running this step does not roll back twice.");
        }
        serving = vercel.currentProduction(projectId);
      }
      log.info("Production of %s serves %s.", projectId, targetId);
      return new RollbackResult(targetId, null, "READY", target.httpsUrl());
    } catch (VercelException e) {
      throw ProviderAdvice.failure(e);
    } catch (IOException e) {
      throw new StepFailure(
          "Could not reach Vercel: "
              + e.getMessage()
              + "; the rollback may or may not have been accepted.",
          "Check the project in Vercel, then re-run: a rollback that happened is not repeated.",
          e);
    }
  }

  private VercelDeployment find(String id, String input)
      throws IOException, InterruptedException, StepFailure {
    try {
      return vercel.getDeployment(id);
    } catch (VercelException e) {
      if (e.status() == 404) {
        throw new StepFailure(
            "Input '" + input + "' is '" + id + "', which Vercel does not know.",
            "Give a deployment id (dpl_...) of this project, from deploy-frontend's outputs or Vercel's dashboard.");
      }
      throw e;
    }
  }

  private boolean candidate(String id) throws IOException, InterruptedException {
    return vercel.productionDeployments(projectId, HISTORY, true).stream()
        .anyMatch(d -> id.equals(d.id()) && !Boolean.FALSE.equals(d.rollbackCandidate()));
  }

  private static boolean older(VercelDeployment a, VercelDeployment b) {
    return !Objects.equals(a.id(), b.id()) && a.createdAt() < b.createdAt();
  }

  /**
   * Vercel names every deployment it answers with ({@code id}, or {@code uid} in lists); one
   * without is not Vercel's answer.
   */
  private static String id(VercelDeployment d) throws StepFailure {
    String id = d.id();
    if (id == null) {
      throw new StepFailure(
          "Vercel answered with a deployment that has no id: nothing can be rolled back to it.",
          "Check `api-url` (it must be Vercel's API), then run the rollback again.");
    }
    return id;
  }

  private static RollbackPlan<Restore> already(
      @Nullable VercelDeployment failed, VercelDeployment target, String why) throws StepFailure {
    return RollbackPlan.alreadyRolledBack(
        PROVIDER,
        failed == null ? null : failed.id(),
        target.commitSha(),
        null,
        why,
        new RollbackResult(id(target), null, target.readyState(), target.httpsUrl()),
        List.of());
  }
}
