package dev.flo.actions.runtime;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One output of a step, declared once as a typed constant. The step sets it with {@link
 * Outputs#set(Output, Object)}; the launcher writes every declared output when the step ends,
 * whether it succeeded or failed, with the value set, else the declared {@link #initially(Object)
 * initial value}, else {@code ""}.
 *
 * @param <T> the value's type
 */
public final class Output<T> {
  private final OutputDef def;
  private final Function<? super T, String> format;
  private final Supplier<String> initial;

  private Output(OutputDef def, Function<? super T, String> format, Supplier<String> initial) {
    this.def = def;
    this.format = format;
    this.initial = initial;
  }

  public static Named named(String name, String description) {
    return new Named(new OutputDef(name, description));
  }

  public OutputDef def() {
    return def;
  }

  public String name() {
    return def.name();
  }

  /**
   * What the output reads when the step ends before setting it (a bad input, a crash): {@code
   * healthy} is {@code false} until proven, never an empty string an {@code if:} could misread.
   */
  public Output<T> initially(T value) {
    T v = Objects.requireNonNull(value);
    // Formatted when the step ends, not when its class loads: every step's outputs are declared at
    // start-up, and a JSON initial value would build the JSON mapper for a step that never uses it.
    return new Output<>(def, format, () -> format.apply(v));
  }

  /** The text written for {@code value}; null writes {@code ""}. */
  public String format(@Nullable T value) {
    return value == null ? "" : format.apply(value);
  }

  /** The text written when the step never set it. */
  public String initialText() {
    return initial.get();
  }

  @Override
  public String toString() {
    return "Output[" + def.name() + "]";
  }

  /** A declaration whose type is still to be chosen. */
  public record Named(OutputDef def) {
    public Output<String> text() {
      return new Output<>(def, s -> s, NONE);
    }

    public Output<Boolean> bool() {
      return new Output<>(def, String::valueOf, NONE);
    }

    public Output<Long> number() {
      return new Output<>(def, String::valueOf, NONE);
    }

    public Output<Integer> integer() {
      return new Output<>(def, String::valueOf, NONE);
    }

    /**
     * Any value written by a formatter of the step's choosing (a list joined by commas, a URL...).
     */
    public <T> Output<T> as(Function<? super T, String> format) {
      return new Output<>(def, format, NONE);
    }
  }

  private static final Supplier<String> NONE = () -> "";
}
