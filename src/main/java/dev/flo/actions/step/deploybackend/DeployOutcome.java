package dev.flo.actions.step.deploybackend;

import org.jspecify.annotations.Nullable;

/**
 * How a backend deploy ended, as far as this step could see.
 *
 * @param deployId the provider's deploy id, or null when a hook gave none
 * @param previousDeployId the deploy that was live before ours: the natural rollback target
 * @param link the provider's page for this deploy, or null
 * @param reused an existing deploy of the same commit was waited on instead of triggering a second
 *     one
 */
public record DeployOutcome(
    Result result,
    @Nullable String deployId,
    String status,
    @Nullable String previousDeployId,
    @Nullable String url,
    @Nullable String link,
    @Nullable String shipped,
    boolean reused) {

  /** The step's verdict. */
  public enum Result {
    /** Live now. */
    LIVE,
    /** Went live and was already replaced by a newer deploy. */
    SUPERSEDED,
    /** Triggered without waiting (a hook, or {@code wait: false}). */
    TRIGGERED,
    FAILED,
    TIMED_OUT
  }

  public boolean ok() {
    return result == Result.LIVE || result == Result.SUPERSEDED || result == Result.TRIGGERED;
  }
}
