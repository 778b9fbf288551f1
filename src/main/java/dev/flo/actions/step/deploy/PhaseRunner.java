package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.StepSummary;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one way deploy runs a composed step: in this JVM, through the step's own factory, with a
 * child context (its own inputs, outputs, summary and annotations) whose annotations are folded
 * into deploy's afterwards. The step never knows it is a phase.
 */
final class PhaseRunner {
  private final StepPort port;
  private final long startNanos;
  private final boolean groups;

  PhaseRunner(StepPort port, long startNanos) {
    this(port, startNanos, true);
  }

  private PhaseRunner(StepPort port, long startNanos, boolean groups) {
    this.port = port;
    this.startNanos = startNanos;
    this.groups = groups;
  }

  /**
   * For phases that run at the same time: the runner's log groups cannot interleave, so there are
   * none.
   */
  PhaseRunner ungrouped() {
    return new PhaseRunner(port, startNanos, false);
  }

  /**
   * Runs {@code phase}'s step with {@code stepInputs} (the step's own input names). Never throws
   * for the step's failure: it is in the result, with the step's input names turned back into
   * deploy's.
   *
   * @param label what the timeline calls this run, such as "backend deploy"
   */
  PhaseResult run(Phase phase, String label, Map<String, String> stepInputs) {
    Outputs outputs = new Outputs(phase.step());
    StepSummary summary = new StepSummary();
    Annotations annotations = new Annotations();
    Duration start = since();
    if (groups) {
      port.log().group(label);
    } else {
      port.log().info("%s: started", label);
    }
    @Nullable StepFailure failure = null;
    boolean cancelled = false;
    try {
      port.runNested(phase.step(), stepInputs, outputs, summary, annotations);
    } catch (StepFailure f) {
      failure =
          new StepFailure(
              String.valueOf(deployNames(phase, f.getMessage())), deployNames(phase, f.hint()), f);
    } catch (InterruptedException e) {
      cancelled = true;
      failure = new StepFailure(label + " was stopped: the job was cancelled.", null);
    } catch (Exception | Error e) {
      failure =
          new StepFailure(
              label
                  + " stopped on an unexpected error: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null
                      ? ""
                      : ": " + e.getMessage().lines().findFirst().orElse("")),
              "Re-run with debug logging (secret ACTIONS_STEP_DEBUG=true) and report it at https://github.com/flo-actions/flo-actions/issues.",
              e);
    } finally {
      if (groups) {
        port.log().endGroup();
      }
    }
    for (Annotation a : annotations.all()) {
      port.annotations()
          .add(
              new Annotation(
                  a.level(),
                  deployNames(phase, a.message()),
                  label + (a.title() == null ? "" : ": " + a.title()),
                  a.file(),
                  a.line(),
                  a.endLine(),
                  a.column(),
                  a.endColumn(),
                  a.rank()));
    }
    if (failure != null) {
      port.log().info("%s failed: %s", label, String.valueOf(failure.getMessage()));
    }
    return new PhaseResult(
        label,
        outputs.all(),
        failure,
        cancelled,
        start,
        since(),
        summary.isEmpty() ? "" : summary.render(port.masker()));
  }

  private Duration since() {
    return Duration.ofNanos(port.clock().nanoTime() - startNanos);
  }

  /**
   * A message of the step names its inputs as the step knows them ({@code 'token'}, {@code
   * `timeout`}); the user set them as deploy's ({@code backend-token}).
   */
  static @Nullable String deployNames(Phase phase, @Nullable String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (InputDef i : phase.step().inputs()) {
      String name = i.name();
      String shown = phase.stepInput(phase.prefix() + name) != null ? phase.prefix() + name : null;
      if (shown == null) {
        continue;
      }
      out =
          out.replace("'" + name + "'", "'" + shown + "'")
              .replace("`" + name + "`", "`" + shown + "`")
              .replace("`" + name + ":", "`" + shown + ":");
    }
    return out;
  }
}
