package dev.flo.actions.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed readers over a step's inputs with the runner's semantics (runtime-contract.md §1.5, toolkit
 * {@code core.ts}): {@code INPUT_<NAME>}, trimmed, {@code ""} means unset, then the declared default. Problems are
 * collected, not thrown one by one: a step reads every input, then calls {@link #check()} to report all of them.
 */
public final class Inputs {
  private static final List<String> TRUE = List.of("true", "True", "TRUE");
  private static final List<String> FALSE = List.of("false", "False", "FALSE");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final StepDefinition step;
  private final Map<String, String> env;
  private final Masker masker;
  private final List<String> problems = new ArrayList<>();

  public Inputs(StepDefinition step, Map<String, String> env, Masker masker) {
    this.step = step;
    this.env = env;
    this.masker = masker;
  }

  /** The raw trimmed value, the declared default when unset, or null. */
  public String string(String name) {
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

  /** YAML 1.2 core booleans only, as {@code getBooleanInput}: {@code true|True|TRUE|false|False|FALSE}. */
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
    return bool(StepDefinition.DRY_RUN.name());
  }

  public Integer integer(String name, int min, int max) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        problem(name, "is " + i + ", outside " + min + ".." + max, "Use a whole number from " + min + " to " + max + ".");
      }
      return i;
    } catch (NumberFormatException e) {
      problem(name, "is '" + v + "', not a whole number", "Use a whole number from " + min + " to " + max + ".");
      return null;
    }
  }

  /** Durations such as {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 1h30m}. */
  public Duration duration(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    Duration d = parseDuration(v);
    if (d == null) {
      problem(name, "is '" + v + "', not a duration", "Use a number with a unit, such as 500ms, 90s, 5m or 1h.");
    }
    return d;
  }

  public static Duration parseDuration(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = DURATION_PART.matcher(s);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      pos = m.end();
    }
    return pos == s.length() && pos > 0 ? total : null;
  }

  /** One of {@code allowed} (case-insensitive); returns the allowed spelling. */
  public String choice(String name, List<String> allowed) {
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

  public <E extends Enum<E>> E choice(String name, Class<E> type) {
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
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
  public URI url(String name, String... schemes) {
    String v = string(name);
    return v == null ? null : parseUrl(name, v, schemes);
  }

  /** Parses {@code v}; every problem shows the URL with its credentials replaced by {@code ***}. */
  public URI parseUrl(String name, String v, String... schemes) {
    List<String> allowed = schemes.length == 0 ? List.of("http", "https") : List.of(schemes);
    String shown = withoutCredentials(v);
    try {
      URI uri = new URI(v);
      if (uri.getScheme() == null || !allowed.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
        problem(name, "'" + shown + "' does not start with " + String.join("://, ", allowed) + "://", "Give the full URL, such as " + allowed.getFirst() + "://example.com/health.");
        return null;
      }
      if (uri.getHost() == null && !uri.getScheme().equals("file")) {
        problem(name, "'" + shown + "' has no host", "Give the full URL, such as " + allowed.getFirst() + "://example.com/health; percent-encode '@', ':' or '/' in a user name or password (%40, %3A, %2F).");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      // The reason alone: URISyntaxException#getMessage quotes the whole input, password included.
      problem(name, "'" + shown + "' is not a valid URL (" + e.getReason() + ")", "Check for spaces or unescaped characters; percent-encode them (a space is %20).");
      return null;
    }
  }

  /**
   * {@code url} with everything between {@code ://} and the last {@code @} before the query replaced by
   * {@code ***}. Deliberately generous: a password may hold a raw {@code @}, {@code /} or space, and a message
   * about a URL we could not parse must not print it.
   */
  public static String withoutCredentials(String url) {
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

  /** A secret; masked already by the launcher, and masked again here in case a default supplied it. */
  public Secret secret(String name) {
    String v = string(name);
    return v == null ? null : masker.mask(v);
  }

  /** Records a problem with an input, in the form every message uses: the input, what is wrong, how to fix it. */
  public void problem(String name, String what, String fix) {
    problems.add("Input '" + name + "' " + what + ". " + fix);
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
        .orElseThrow(() -> new IllegalArgumentException("step " + step.name() + " declares no input '" + name + "'"));
  }
}
