package dev.flo.actions.runtime;

import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One input of a step, declared once as a typed constant: its name, description, default, whether
 * it is required or secret, and how its text becomes a value. {@code action.yml}, {@code --help},
 * the step pages and the {@code deploy} step's prefixed inputs are generated from it; the launcher
 * reads and checks every declared input before the step runs, and the step takes the value with
 * {@link Inputs#get(Input)}. A misspelt name cannot compile, and a default is read by the same
 * reader as a value the user typed, so no step repeats it.
 *
 * <pre>{@code
 * static final Input<Duration> TIMEOUT = Input.named("timeout", "Overall deadline.").duration().byDefault("5m");
 * }</pre>
 *
 * @param <T> the value's type; {@link Inputs#get(Input)} returns null for an optional input that is
 *     unset
 */
public final class Input<T> {
  /**
   * Turns an input's text into its value, recording problems on {@code in}; null when unset or
   * unreadable.
   */
  @FunctionalInterface
  public interface Reader<T> {
    @Nullable T read(Inputs in, String name);
  }

  private final InputDef def;
  private final Reader<T> reader;

  private Input(InputDef def, Reader<T> reader) {
    this.def = def;
    this.reader = reader;
  }

  /**
   * Starts a declaration; pick the type next ({@link Named#text()}, {@link Named#duration()}...).
   */
  public static Named named(String name, String description) {
    return new Named(new InputDef(name, description, null, false, false));
  }

  /** The untyped declaration: what {@code action.yml} and {@code --help} show. */
  public InputDef def() {
    return def;
  }

  public String name() {
    return def.name();
  }

  /**
   * The default when the user leaves it unset, read like any value (an expression such as {@code
   * ${{ github.token }}} is the runner's).
   */
  public Input<T> byDefault(String value) {
    return new Input<>(
        new InputDef(
            def.name(), def.description(), Objects.requireNonNull(value), false, def.secret()),
        reader);
  }

  /** The step cannot run without it: unset is an input error before the step starts. */
  public Input<T> required() {
    return new Input<>(
        new InputDef(def.name(), def.description(), def.defaultValue(), true, def.secret()),
        reader);
  }

  /** Masked with {@code ::add-mask::} (in every encoded form) before anything is printed. */
  public Input<T> secret() {
    return new Input<>(def.asSecret(), reader);
  }

  /** Reads the value: what the launcher does once before the step runs. */
  @Nullable T read(Inputs in) {
    return reader.read(in, def.name());
  }

  @Override
  public String toString() {
    return "Input[" + def.name() + "]";
  }

  /** A declaration whose type is still to be chosen. */
  public record Named(InputDef def) {
    public <T> Input<T> reading(Reader<T> reader) {
      return new Input<>(def, reader);
    }

    /** Trimmed text; unset reads as null. */
    public Input<String> text() {
      return reading(Inputs::string);
    }

    /** A secret, masked the moment it is read. */
    public Input<Secret> secretText() {
      return new Input<Secret>(def.asSecret(), Inputs::secret);
    }

    /** YAML 1.2 core booleans, as {@code getBooleanInput}; unset reads as false. */
    public Input<Boolean> bool() {
      return reading(Inputs::bool);
    }

    public Input<Integer> integer(int min, int max) {
      return reading((in, n) -> in.integer(n, min, max));
    }

    /** {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h30m}, up to {@link Inputs#MAX_DURATION}. */
    public Input<Duration> duration() {
      return reading(Inputs::duration);
    }

    public Input<Duration> duration(Duration min, Duration max) {
      return reading((in, n) -> in.duration(n, min, max));
    }

    /** One of the given spellings, case-insensitive; reads as the spelling given here. */
    public Input<String> oneOf(String... allowed) {
      List<String> choices = List.of(allowed);
      return reading((in, n) -> in.choice(n, choices));
    }

    /**
     * One of an enum's constants, written lower-case with hyphens ({@code CANCEL_ON_TIMEOUT} is
     * {@code cancel-on-timeout}).
     */
    public <E extends Enum<E>> Input<E> choice(Class<E> type) {
      return reading((in, n) -> in.choice(n, type));
    }

    /** An absolute URL with one of {@code schemes} (http and https when none are given). */
    public Input<URI> url(String... schemes) {
      return reading((in, n) -> in.url(n, schemes));
    }

    /**
     * Lines as {@code getMultilineInput}: trimmed, empty ones dropped; unset reads as an empty
     * list.
     */
    public Input<List<String>> lines() {
      return reading(Inputs::lines);
    }

    /** A list given one per line or comma separated; unset reads as an empty list. */
    public Input<List<String>> list() {
      return reading(Inputs::list);
    }

    /** The {@code dry-run} input every step has. */
    static Input<Boolean> dryRun() {
      return new Named(
              new InputDef(
                  "dry-run",
                  "Show what the step would do, without changing anything.",
                  null,
                  false,
                  false))
          .bool()
          .byDefault("false");
    }
  }
}
