package dev.flo.actions.runtime;

/**
 * A pipeline step: reads its inputs, acts, and reports through the {@link Toolkit} it was built
 * with.
 */
@FunctionalInterface
public interface Step {
  /**
   * Runs the step. Throw {@link StepFailure} for an outcome the user must act on; anything else is
   * reported as an unexpected error.
   */
  void run(Inputs inputs) throws Exception;
}
