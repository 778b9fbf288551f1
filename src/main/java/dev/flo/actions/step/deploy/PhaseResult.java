package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.StepFailure;
import java.time.Duration;
import java.util.Map;

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
    StepFailure failure,
    boolean cancelled,
    Duration start,
    Duration end,
    String summary) {

  boolean ok() {
    return failure == null;
  }

  /** An output, or null when the step left it empty. */
  String output(String name) {
    String v = outputs.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  Duration duration() {
    return end.minus(start);
  }
}
