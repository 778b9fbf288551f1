package dev.flo.actions.runtime;

import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Typed readers over a step's inputs with the runner's semantics (runtime-contract.md §1.5, toolkit
 * {@code core.ts}): {@code INPUT_<NAME>}, trimmed, {@code ""} means unset, then the declared
 * default. Problems are collected, not thrown one by one: a step reads every input, then calls
 * {@link #check()} to report all of them.
 */
public final class Inputs {
  private static final List<String> TRUE = List.of("true", "True", "TRUE");
  private static final List<String> FALSE = List.of("false", "False", "FALSE");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");

  /**
   * The longest duration any input takes: a self-hosted runner keeps a job at most 5 days
   * (https://docs.github.com/en/actions/reference/limits), so a longer wait can only be a typo.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(5);

  /**
   * Stands for a duration too long to hold: {@link #parseDuration} saturates to it instead of
   * overflowing.
   */
  private static final Duration OVERFLOW = Duration.ofMillis(Long.MAX_VALUE);

  /** Ports a URL may name (RFC 6335 §6: 0 is reserved, 65535 is the largest). */
  private static final int MAX_PORT = 65_535;

  private static final Pattern PORT = Pattern.compile(":(\\d+)$");

  private final StepDefinition step;
  private final Map<String, String> env;
  private final Masker masker;
  private final List<String> problems = new ArrayList<>();

  /** Typed values read so far, by input name (a value may be null: unset or unreadable). */
  private final Map<String, Object> values = new HashMap<>();

  public Inputs(StepDefinition step, Map<String, String> env, Masker masker) {
    this.step = step;
    this.env = env;
    this.masker = masker;
  }

  /**
   * Reads every typed input the step declares, recording each problem: the launcher does this
   * before the step's inputs record is made (and {@link #check()}ed), so a step starts only with
   * inputs that read.
   */
  public void readDeclared() {
    for (Input<?> input : step.typedInputs()) {
      get(input);
    }
  }

  /**
   * The value of a declared input: read once (with its default), then the same value on every call.
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Input<T> input) {
    String name = input.name();
    if (!values.containsKey(name)) {
      if (step.typedInputs().stream().noneMatch(i -> i.name().equals(name))) {
        throw new IllegalArgumentException(
            "step " + step.name() + " reads " + input + " without declaring it");
      }
      values.put(name, input.read(this));
    }
    return (T) values.get(name);
  }

  /** Whether the user set it (a default does not count). */
  public boolean isSet(Input<?> input) {
    return isSet(input.name());
  }

  /** Records a problem with an input: the input, what is wrong, how to fix it. */
  public void problem(Input<?> input, String what, String fix) {
    problem(input.name(), what, fix);
  }

  /**
   * The raw trimmed text of an input, its default when unset, or null: for the {@code deploy} step,
   * which hands text on to the steps it composes.
   */
  public @Nullable String raw(InputDef input) {
    return string(input.name());
  }

  /** The raw trimmed value, the declared default when unset, or null. */
  public @Nullable String string(String name) {
    InputDef def = def(name);
    String value = env.get(InputDef.envName(name));
    value = value == null ? "" : value.strip();
    if (value.isEmpty()) {
      value = def.effectiveDefault() == null ? "" : def.effectiveDefault();
    }
    if (value.isEmpty()) {
      if (def.required()) {
        problem(name, "is required but was not supplied", "Set `" + name + ":` under `with:`.");
      }
      return null;
    }
    return value;
  }

  public String string(String name, String fallback) {
    String v = string(name);
    return v == null ? fallback : v;
  }

  public boolean isSet(String name) {
    String value = env.get(InputDef.envName(name));
    return value != null && !value.isBlank();
  }

  /**
   * YAML 1.2 core booleans only, as {@code getBooleanInput}: {@code
   * true|True|TRUE|false|False|FALSE}.
   */
  public boolean bool(String name) {
    String v = string(name);
    if (v == null) {
      return false;
    }
    if (TRUE.contains(v)) {
      return true;
    }
    if (!FALSE.contains(v)) {
      problem(name, "is '" + v + "', not a boolean", "Use true or false.");
    }
    return false;
  }

  public boolean dryRun() {
    Boolean dryRun = get(StepDefinition.DRY_RUN);
    return dryRun != null && dryRun;
  }

  public @Nullable Integer integer(String name, int min, int max) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    String fix = "Use a whole number from " + min + " to " + max + ".";
    if (!WHOLE_NUMBER.matcher(v).matches()) {
      problem(name, "is '" + shorten(v) + "', not a whole number", fix);
      return null;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        problem(name, "is " + i + ", outside " + min + ".." + max, fix);
        return null;
      }
      return i;
    } catch (NumberFormatException tooManyDigits) {
      problem(name, "is " + shorten(v) + ", outside " + min + ".." + max, fix);
      return null;
    }
  }

  /**
   * Durations such as {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 1h30m}, up to
   * {@link #MAX_DURATION}.
   */
  public @Nullable Duration duration(String name) {
    return duration(name, Duration.ZERO, MAX_DURATION);
  }

  /**
   * A duration from {@code min} to {@code max}; null (with the problem recorded) when unset,
   * unreadable or outside.
   */
  public @Nullable Duration duration(String name, Duration min, Duration max) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    String range = DurationText.exact(min) + ".." + DurationText.exact(max);
    Duration d = parseDuration(v);
    if (d == null) {
      problem(
          name,
          "is '" + shorten(v) + "', not a duration",
          "Use a number with a unit from " + range + ", such as 500ms, 90s, 5m or 1h.");
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problem(
          name,
          "is " + shorten(v) + ", outside " + range,
          "Use a duration from "
              + DurationText.exact(min)
              + " to "
              + DurationText.exact(max)
              + ", such as 5m.");
      return null;
    }
    return d;
  }

  /**
   * Reads {@code 1h30m}-style text; null when it is not a duration. Arithmetic saturates: a value
   * too long for a {@link Duration} in milliseconds ({@code 99999999999999999999h}) reads as about
   * 292 million years, so a range check reports it instead of an overflow.
   */
  public static @Nullable Duration parseDuration(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = DURATION_PART.matcher(s);
    long totalMillis = 0;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long unit =
          switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
          };
      try {
        totalMillis =
            Math.addExact(totalMillis, Math.multiplyExact(Long.parseLong(m.group(1)), unit));
      } catch (ArithmeticException | NumberFormatException tooLong) {
        totalMillis = Long.MAX_VALUE;
      }
      pos = m.end();
    }
    if (pos != s.length() || pos == 0) {
      return null;
    }
    return totalMillis == Long.MAX_VALUE ? OVERFLOW : Duration.ofMillis(totalMillis);
  }

  /** A value as a message shows it: an absurd one can be megabytes long. */
  private static String shorten(String v) {
    return v.length() <= 40 ? v : v.substring(0, 37) + "...";
  }

  /** One of {@code allowed} (case-insensitive); returns the allowed spelling. */
  public @Nullable String choice(String name, List<String> allowed) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    problem(name, "is '" + v + "'", "Use one of: " + String.join(", ", allowed) + ".");
    return null;
  }

  public <E extends Enum<E>> @Nullable E choice(String name, Class<E> type) {
    List<String> allowed =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toList();
    String v = choice(name, allowed);
    return v == null ? null : Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** Lines as {@code getMultilineInput}: split on newlines, trimmed, empty lines dropped. */
  public List<String> lines(String name) {
    String v = string(name);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split("\r?\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A list given one per line or comma separated. */
  public List<String> list(String name) {
    return lines(name).stream()
        .flatMap(l -> Arrays.stream(l.split(",")))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** An absolute http(s) URL (or any scheme in {@code schemes}). */
  public @Nullable URI url(String name, String... schemes) {
    String v = string(name);
    return v == null ? null : parseUrl(name, v, schemes);
  }

  /** Parses {@code v}; every problem shows the URL with its credentials replaced by {@code ***}. */
  public @Nullable URI parseUrl(String name, String v, String... schemes) {
    List<String> allowed = schemes.length == 0 ? List.of("http", "https") : List.of(schemes);
    String shown = withoutCredentials(v);
    try {
      URI uri = new URI(v);
      if (uri.getScheme() == null || !allowed.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
        problem(
            name,
            "'" + shown + "' does not start with " + String.join("://, ", allowed) + "://",
            "Give the full URL, such as " + allowed.getFirst() + "://example.com/health.");
        return null;
      }
      String port = badPort(uri);
      if (port != null) {
        problem(
            name,
            "'" + shown + "' has port " + port + ", outside 1.." + MAX_PORT,
            "Use a port from 1 to " + MAX_PORT + ", or leave it out for the scheme's default.");
        return null;
      }
      if (uri.getHost() == null && !uri.getScheme().equals("file")) {
        problem(
            name,
            "'" + shown + "' has no host",
            "Give the full URL, such as "
                + allowed.getFirst()
                + "://example.com/health; percent-encode '@', ':' or '/' in a user name or password (%40, %3A, %2F).");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      // The reason alone: URISyntaxException#getMessage quotes the whole input, password included.
      problem(
          name,
          "'" + shown + "' is not a valid URL (" + e.getReason() + ")",
          "Check for spaces or unescaped characters; percent-encode them (a space is %20).");
      return null;
    }
  }

  /**
   * The URL's port as written when it is outside 1..65535, else null. Read from the raw authority:
   * {@link URI} gives up on a port it cannot hold in an int and reports no host at all, which would
   * send the user after the wrong problem.
   */
  public static @Nullable String badPort(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    Matcher m = PORT.matcher(authority.substring(authority.lastIndexOf('@') + 1));
    if (!m.find()) {
      return null;
    }
    String port = m.group(1);
    return port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > MAX_PORT
        ? shorten(port)
        : null;
  }

  /**
   * {@code url} with everything between {@code ://} and the last {@code @} before the query
   * replaced by {@code ***}. Deliberately generous: a password may hold a raw {@code @}, {@code /}
   * or space, and a message about a URL we could not parse must not print it.
   */
  public static @Nullable String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + "***" + url.substring(at);
  }

  /**
   * A secret; masked already by the launcher, and masked again here in case a default supplied it.
   */
  public @Nullable Secret secret(String name) {
    String v = string(name);
    return v == null ? null : masker.mask(v);
  }

  /**
   * Records a problem with an input, in the form every message uses: the input, what is wrong, how
   * to fix it.
   */
  public void problem(String name, String what, String fix) {
    problems.add("Input '" + name + "' " + what + ". " + fix);
  }

  /** Whether a problem was recorded: an inputs record is not made from values that did not read. */
  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Throws one {@link InputError} with every problem found so far. */
  public void check() throws InputError {
    if (!problems.isEmpty()) {
      throw new InputError(problems);
    }
  }

  private InputDef def(String name) {
    return step.input(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "step " + step.name() + " declares no input '" + name + "'"));
  }
}
