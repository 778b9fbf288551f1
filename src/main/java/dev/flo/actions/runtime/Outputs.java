package dev.flo.actions.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A step's outputs. They are written to {@code GITHUB_OUTPUT} by the launcher when the step ends,
 * whether it succeeded or failed, with every declared output present (its declared initial value,
 * else {@code ""}, when the step never set it).
 */
public final class Outputs {
  private final StepDefinition step;
  private final Map<String, String> values = new LinkedHashMap<>();

  public Outputs(StepDefinition step) {
    this.step = step;
  }

  /** Sets a declared output; the launcher writes it when the step ends. */
  public synchronized <T> void set(Output<T> output, @Nullable T value) {
    if (step.typedOutput(output.name()).isEmpty()) {
      throw new IllegalArgumentException("step " + step.name() + " declares no " + output);
    }
    values.put(output.name(), output.format(value));
  }

  public synchronized @Nullable String get(Output<?> output) {
    return values.get(output.name());
  }

  public synchronized void set(String name, Object value) {
    if (!step.declaresOutput(name)) {
      throw new IllegalArgumentException(
          "step " + step.name() + " declares no output '" + name + "'");
    }
    values.put(name, value == null ? "" : String.valueOf(value));
  }

  public synchronized @Nullable String get(String name) {
    return values.get(name);
  }

  /** Every declared output in declaration order, unset ones as {@code ""}. */
  public synchronized Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>();
    step.outputs()
        .forEach(
            o ->
                all.put(
                    o.name(),
                    values.getOrDefault(
                        o.name(), step.typedOutput(o.name()).map(Output::initialText).orElse(""))));
    return all;
  }
}
