package dev.flo.actions.runtime;

import java.util.Objects;
import java.util.function.Function;
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
  private final String initial;

  private Output(OutputDef def, Function<? super T, String> format, String initial) {
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
    return new Output<>(def, format, format.apply(Objects.requireNonNull(value)));
  }

  /** The text written for {@code value}; null writes {@code ""}. */
  public String format(@Nullable T value) {
    return value == null ? "" : format.apply(value);
  }

  /** The text written when the step never set it. */
  public String initialText() {
    return initial;
  }

  @Override
  public String toString() {
    return "Output[" + def.name() + "]";
  }

  /** A declaration whose type is still to be chosen. */
  public record Named(OutputDef def) {
    public Output<String> text() {
      return new Output<>(def, s -> s, "");
    }

    public Output<Boolean> bool() {
      return new Output<>(def, String::valueOf, "");
    }

    public Output<Long> number() {
      return new Output<>(def, String::valueOf, "");
    }

    public Output<Integer> integer() {
      return new Output<>(def, String::valueOf, "");
    }

    /**
     * Any value written by a formatter of the step's choosing (a list joined by commas, a URL...).
     */
    public <T> Output<T> as(Function<? super T, String> format) {
      return new Output<>(def, format, "");
    }
  }
}
