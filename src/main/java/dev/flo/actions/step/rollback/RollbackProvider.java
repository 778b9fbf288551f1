package dev.flo.actions.step.rollback;

import dev.flo.actions.runtime.StepFailure;

/**
 * One host's way to roll back. {@link #plan} only reads (dry-run stops after it); {@link #execute} acts. A
 * provider turns its own API errors into {@link StepFailure}s that name the input to fix.
 */
public interface RollbackProvider {
  /** Finds what is live, what failed and the deploy to restore, and decides whether anything must be done. */
  RollbackPlan plan(RollbackRequest request) throws StepFailure, InterruptedException;

  /** Rolls back as planned and waits until the restored deploy serves, or fails. */
  RollbackResult execute(RollbackPlan plan, RollbackRequest request) throws StepFailure, InterruptedException;
}
