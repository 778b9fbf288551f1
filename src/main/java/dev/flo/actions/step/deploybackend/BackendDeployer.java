package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.StepFailure;
import java.io.IOException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One provider's way to deploy the backend, chosen once from {@code provider} (as {@code rollback}
 * chooses its {@code RollbackProvider}). {@link #preview} only reads (a dry run stops after it);
 * {@link #deploy} acts.
 */
interface BackendDeployer {
  /**
   * What a dry run says: what a real run would do given the current state, and the deploy live now
   * (or null).
   */
  record Preview(@Nullable String note, @Nullable String liveDeployId) {}

  /** Reads the current state; changes nothing. */
  Preview preview(DeployPlan plan)
      throws IOException, InterruptedException, RenderException, RailwayException;

  /**
   * Deploys and, when the plan says so, follows the deploy until live or the deadline. {@code
   * started} receives the deploy as soon as its id is known, so outputs are set even if waiting is
   * interrupted.
   */
  DeployOutcome deploy(DeployPlan plan, Deadline deadline, Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, RenderException, RailwayException, StepFailure;
}
