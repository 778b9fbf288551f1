package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.StepFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one phase ended.
 *
 * @param outputs the step's outputs (every declared one, {@code ""} when unset), whether it
 *     succeeded or not
 * @param failure why it failed, in deploy's input names, or null when it succeeded
 * @param start when it started, from the pipeline's start
 */
record PhaseResult(
    String label,
    Map<String, String> outputs,
    @Nullable StepFailure failure,
    boolean cancelled,
    Duration start,
    Duration end,
    String summary) {

  boolean ok() {
    return failure == null;
  }

  /** What went wrong, for a phase that is not {@link #ok()}. */
  String failureMessage() {
    return String.valueOf(
        Objects.requireNonNull(failure, "a phase that is not ok has a failure").getMessage());
  }

  /** An output, or null when the step left it empty. */
  @Nullable String output(String name) {
    String v = outputs.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  Duration duration() {
    return end.minus(start);
  }
}
