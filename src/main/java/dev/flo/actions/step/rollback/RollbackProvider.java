package dev.flo.actions.step.rollback;

import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.http.HttpException;
import java.io.IOException;

/**
 * One host's way to roll back. {@link #plan} only reads (dry-run stops after it); {@link #execute}
 * acts. A provider turns its own API errors into {@link StepFailure}s that name the input to fix;
 * no answer at all is thrown as it came ({@link #plan}), so the step can tell a dry run's unknown
 * from a real run's failure.
 */
public interface RollbackProvider<R extends RollbackPlan.Restore> {
  /**
   * Finds what is live, what failed and the deploy to restore, and decides whether anything must be
   * done.
   */
  RollbackPlan<R> plan(RollbackRequest request)
      throws StepFailure, IOException, InterruptedException;

  /**
   * Runs the plan's {@link RollbackPlan#restore()} and waits until the restored deploy serves, or
   * fails.
   */
  RollbackResult execute(RollbackPlan<R> plan, RollbackRequest request)
      throws StepFailure, InterruptedException;

  /**
   * No usable answer from {@code host}: the step's timeout ran out (raise it), or the API could not
   * be reached.
   */
  static StepFailure unreachable(String host, IOException e) {
    if (e instanceof HttpException h && h.kind() == HttpException.Kind.DEADLINE) {
      return new StepFailure(
          host + " did not answer before the rollback's `timeout` ran out: " + e.getMessage() + ".",
          "Raise `timeout` (it bounds every call and poll of the rollback), then re-run.",
          e);
    }
    return new StepFailure(
        "Could not reach " + host + ": " + e.getMessage(), "Check `api-url`, then re-run.", e);
  }
}
