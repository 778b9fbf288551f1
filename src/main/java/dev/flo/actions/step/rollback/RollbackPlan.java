package dev.flo.actions.step.rollback;

import java.util.List;

/**
 * The decision, made before any change: roll back, or nothing to do because the target already serves (which
 * makes a second run harmless).
 *
 * @param failedDeployId the deploy rolled away from, or null
 * @param targetDeployId the deploy to restore
 * @param targetCommit the commit the target ships, or null for an image
 * @param liveRollbackId when the rollback happened already, the rollback deploy that serves now
 * @param calls the mutating calls a real run makes, for dry-run and the summary
 * @param warnings things the user should know (autodeploy can undo a rollback)
 */
public record RollbackPlan(
    Action action,
    String provider,
    String failedDeployId,
    String targetDeployId,
    String targetCommit,
    String liveRollbackId,
    String why,
    List<String> calls,
    List<String> warnings) {

  /** What the step will do. */
  public enum Action {
    ROLL_BACK,
    ALREADY_ROLLED_BACK
  }
}
