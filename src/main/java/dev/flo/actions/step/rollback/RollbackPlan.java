package dev.flo.actions.step.rollback;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decision, made before any change: roll back, or nothing to do because the target already
 * serves (which makes a second run harmless). It is data: what the dry run prints ({@link
 * #calls()}) is the {@link Restore} a real run executes, and nothing is carried from planning to
 * execution outside it.
 *
 * @param failedDeployId the deploy rolled away from, or null
 * @param targetDeployId the deploy to restore
 * @param targetCommit the commit the target ships, or null for an image
 * @param liveRollbackId when the rollback happened already, the rollback deploy that serves now
 * @param restore what a real run does, for {@link Action#ROLL_BACK}; null when there is nothing to
 *     do
 * @param already the outcome as it stands, for {@link Action#ALREADY_ROLLED_BACK}; null otherwise
 * @param warnings things the user should know (autodeploy can undo a rollback)
 * @param <R> the provider's restore action
 */
public record RollbackPlan<R extends RollbackPlan.Restore>(
    Action action,
    String provider,
    @Nullable String failedDeployId,
    String targetDeployId,
    @Nullable String targetCommit,
    @Nullable String liveRollbackId,
    String why,
    @Nullable R restore,
    @Nullable RollbackResult already,
    List<String> warnings) {

  /** What the step will do. */
  public enum Action {
    ROLL_BACK,
    ALREADY_ROLLED_BACK
  }

  /**
   * A provider's rollback as data: what it restores and what it needs to, and the calls it makes.
   */
  public interface Restore {
    /** The mutating calls, for the dry run and the summary. */
    List<String> calls();
  }

  public RollbackPlan {
    warnings = List.copyOf(warnings);
    if ((action == Action.ROLL_BACK) != (restore != null)
        || (action == Action.ALREADY_ROLLED_BACK) != (already != null)) {
      throw new IllegalArgumentException(
          action + " plan with restore=" + restore + ", already=" + already);
    }
  }

  /** To restore: what a real run executes. */
  public static <R extends Restore> RollbackPlan<R> rollBack(
      String provider,
      @Nullable String failedDeployId,
      String targetDeployId,
      @Nullable String targetCommit,
      String why,
      R restore,
      List<String> warnings) {
    return new RollbackPlan<>(
        Action.ROLL_BACK,
        provider,
        failedDeployId,
        targetDeployId,
        targetCommit,
        null,
        why,
        restore,
        null,
        warnings);
  }

  /** Nothing to do: the target serves already, as {@code already} says. */
  public static <R extends Restore> RollbackPlan<R> alreadyRolledBack(
      String provider,
      @Nullable String failedDeployId,
      @Nullable String targetCommit,
      @Nullable String liveRollbackId,
      String why,
      RollbackResult already,
      List<String> warnings) {
    return new RollbackPlan<>(
        Action.ALREADY_ROLLED_BACK,
        provider,
        failedDeployId,
        already.rolledBackTo(),
        targetCommit,
        liveRollbackId,
        why,
        null,
        already,
        warnings);
  }

  /** The mutating calls a real run makes: none when there is nothing to do. */
  public List<String> calls() {
    return restore == null ? List.of() : restore.calls();
  }
}
