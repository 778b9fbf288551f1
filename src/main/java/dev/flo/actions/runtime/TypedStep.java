package dev.flo.actions.runtime;

import org.jspecify.annotations.Nullable;

/**
 * A step that runs on its inputs as one typed record, read and checked by the launcher before
 * {@link #run}: a step never starts with an input that did not read, and every problem (each
 * input's, then the ones between inputs) is reported at once.
 *
 * @param <I> the step's inputs record
 */
@FunctionalInterface
public interface TypedStep<I> {
  /**
   * Runs the step. Throw {@link StepFailure} for an outcome the user must act on; anything else is
   * reported as an unexpected error.
   */
  void run(I inputs) throws Exception;

  /**
   * Makes a step's inputs record from its inputs, read already: the checks between inputs go here.
   */
  @FunctionalInterface
  interface Reader<I> {
    /**
     * Records problems with {@link Inputs#problem}; the launcher reports them all and does not run
     * the step. With a problem recorded ({@link Inputs#hasProblems()}), return null rather than a
     * record of values that did not read.
     */
    @Nullable I read(Inputs in, StepPort port);
  }
}
