package dev.flo.actions.runtime.runner;

import dev.flo.actions.runtime.StepFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One GitHub annotation. {@code rank} orders annotations of the same level when the runner's budget
 * of ten per level is spent: lower ranks are emitted first. {@code hint}, when set, is the last
 * line(s) of {@code message}: what to do, shown apart on the command line ({@link #toText}); the
 * runner gets the whole message.
 */
public record Annotation(
    Level level,
    @Nullable String message,
    @Nullable String title,
    @Nullable String file,
    @Nullable Integer line,
    @Nullable Integer endLine,
    @Nullable Integer column,
    @Nullable Integer endColumn,
    int rank,
    @Nullable String hint) {

  public Annotation(
      Level level,
      @Nullable String message,
      @Nullable String title,
      @Nullable String file,
      @Nullable Integer line,
      @Nullable Integer endLine,
      @Nullable Integer column,
      @Nullable Integer endColumn,
      int rank) {
    this(level, message, title, file, line, endLine, column, endColumn, rank, null);
  }

  /** The annotation levels the runner knows, most important first. */
  public enum Level {
    ERROR("error"),
    WARNING("warning"),
    NOTICE("notice");

    private final String command;

    Level(String command) {
      this.command = command;
    }

    public String command() {
      return command;
    }
  }

  /**
   * The runner truncates messages at 4,096 characters (runner {@code
   * ExecutionContext._maxIssueMessageLength}).
   */
  public static final int MAX_MESSAGE = 4096;

  public static Annotation of(Level level, @Nullable String message) {
    return new Annotation(level, message, null, null, null, null, null, null, 0);
  }

  public static Annotation error(@Nullable String message) {
    return of(Level.ERROR, message);
  }

  /** An error from a {@link StepFailure}: its message, then its hint. */
  public static Annotation error(StepFailure failure) {
    String hint = failure.hint() == null || failure.hint().isBlank() ? null : failure.hint();
    return new Annotation(
        Level.ERROR, failure.userMessage(), null, null, null, null, null, null, 0, hint);
  }

  public static Annotation warning(String message) {
    return of(Level.WARNING, message);
  }

  public static Annotation notice(String message) {
    return of(Level.NOTICE, message);
  }

  public Annotation withTitle(String t) {
    return new Annotation(level, message, t, file, line, endLine, column, endColumn, rank, hint);
  }

  public Annotation at(String f, @Nullable Integer l) {
    return new Annotation(level, message, title, f, l, endLine, column, endColumn, rank, hint);
  }

  public Annotation at(
      String f, Integer l, Integer endL, @Nullable Integer col, @Nullable Integer endCol) {
    return new Annotation(level, message, title, f, l, endL, col, endCol, rank, hint);
  }

  public Annotation withRank(int r) {
    return new Annotation(level, message, title, file, line, endLine, column, endColumn, r, hint);
  }

  /**
   * The command line, for an annotation that can hold no secret (see {@link #toCommand(Masker)}).
   */
  String toCommand() {
    return toCommand(new Masker(null));
  }

  /**
   * The command line. Lines and columns are normalised as the runner's {@code
   * ValidateLinesAndColumns} would, so what we print is what GitHub shows. The message, title and
   * file are redacted before the message is cut to the runner's limit and before escaping: a secret
   * cut in half, or with {@code %} escaped, would no longer match.
   */
  public String toCommand(Masker masker) {
    Integer l = positive(line);
    Integer el = positive(endLine);
    Integer c = positive(column);
    Integer ec = positive(endColumn);
    if (l == null) {
      l = el;
    }
    if (c == null) {
      c = ec;
    }
    if (l != null && el != null && el < l) {
      l = null;
      el = null;
    }
    if (l == null || (el != null && !el.equals(l))) {
      c = null;
      ec = null;
    }
    if (c != null && ec != null && ec < c) {
      c = null;
      ec = null;
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("file", redact(masker, file));
    props.put("line", str(l));
    props.put("endLine", str(el));
    props.put("col", str(c));
    props.put("endColumn", str(ec));
    props.put("title", redact(masker, title));
    return WorkflowCommand.format(
        level.command(), props, masker.shorten(message == null ? "" : message, MAX_MESSAGE));
  }

  /**
   * The annotation as lines a person reads on the command line, where no runner turns {@code
   * ::error} into a red box: {@code error: <title>: <message>}, further lines indented, {@code
   * hint: <what to do>}, the place as {@code at file:line:column}. Redacted like {@link
   * #toCommand(Masker)}; ANSI colour only when {@code colour}.
   */
  public String toText(Masker masker, boolean colour) {
    String text = masker.shorten(message == null ? "" : message, MAX_MESSAGE);
    String body = text;
    String advice = hint == null ? null : masker.redact(hint);
    if (advice != null && text.endsWith("\n" + advice)) {
      body = text.substring(0, text.length() - advice.length() - 1);
    } else {
      advice = null;
    }
    String t = redact(masker, title);
    StringBuilder sb =
        new StringBuilder(
                paint(
                    level.command() + ":",
                    level == Level.ERROR ? RED : level == Level.WARNING ? YELLOW : CYAN,
                    colour))
            .append(' ');
    if (t != null && !t.isBlank()) {
      sb.append(colour ? BOLD + t + RESET : t).append(": ");
    }
    sb.append(indented(body));
    if (advice != null) {
      sb.append('\n').append(paint("hint:", GREEN, colour)).append(' ').append(indented(advice));
    }
    Integer l = positive(line);
    Integer c = positive(column);
    if (file != null && !file.isBlank()) {
      sb.append("\n  at ")
          .append(masker.redact(file))
          .append(l == null ? "" : ":" + l + (c == null ? "" : ":" + c));
    }
    return sb.toString();
  }

  private static final String RED = "\u001b[31;1m";
  private static final String YELLOW = "\u001b[33;1m";
  private static final String CYAN = "\u001b[36;1m";
  private static final String GREEN = "\u001b[32;1m";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  private static String paint(String word, String ansi, boolean colour) {
    return colour ? ansi + word + RESET : word;
  }

  private static String indented(String s) {
    return s.strip().replace("\n", "\n  ");
  }

  private static @Nullable Integer positive(@Nullable Integer i) {
    return i == null || i < 1 ? null : i;
  }

  private static @Nullable String redact(Masker masker, @Nullable String text) {
    return text == null ? null : masker.redact(text);
  }

  private static @Nullable String str(@Nullable Integer i) {
    return i == null ? null : i.toString();
  }
}
