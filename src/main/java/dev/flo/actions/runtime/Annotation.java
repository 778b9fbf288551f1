package dev.flo.actions.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One GitHub annotation. {@code rank} orders annotations of the same level when the runner's budget of ten per
 * level is spent: lower ranks are emitted first.
 */
public record Annotation(
    Level level,
    String message,
    String title,
    String file,
    Integer line,
    Integer endLine,
    Integer column,
    Integer endColumn,
    int rank) {

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

  /** The runner truncates messages at 4,096 characters (runner {@code ExecutionContext._maxIssueMessageLength}). */
  public static final int MAX_MESSAGE = 4096;

  public static Annotation of(Level level, String message) {
    return new Annotation(level, message, null, null, null, null, null, null, 0);
  }

  public static Annotation error(String message) {
    return of(Level.ERROR, message);
  }

  public static Annotation warning(String message) {
    return of(Level.WARNING, message);
  }

  public static Annotation notice(String message) {
    return of(Level.NOTICE, message);
  }

  public Annotation withTitle(String t) {
    return new Annotation(level, message, t, file, line, endLine, column, endColumn, rank);
  }

  public Annotation at(String f, Integer l) {
    return new Annotation(level, message, title, f, l, endLine, column, endColumn, rank);
  }

  public Annotation at(String f, Integer l, Integer endL, Integer col, Integer endCol) {
    return new Annotation(level, message, title, f, l, endL, col, endCol, rank);
  }

  public Annotation withRank(int r) {
    return new Annotation(level, message, title, file, line, endLine, column, endColumn, r);
  }

  /** The command line, for an annotation that can hold no secret (see {@link #toCommand(Masker)}). */
  String toCommand() {
    return toCommand(new Masker(null));
  }

  /**
   * The command line. Lines and columns are normalised as the runner's {@code ValidateLinesAndColumns} would, so
   * what we print is what GitHub shows. The message, title and file are redacted before the message is cut to the
   * runner's limit and before escaping: a secret cut in half, or with {@code %} escaped, would no longer match.
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
    props.put("file", masker.redact(file));
    props.put("line", str(l));
    props.put("endLine", str(el));
    props.put("col", str(c));
    props.put("endColumn", str(ec));
    props.put("title", masker.redact(title));
    return WorkflowCommand.format(level.command(), props, masker.shorten(message, MAX_MESSAGE));
  }

  private static Integer positive(Integer i) {
    return i == null || i < 1 ? null : i;
  }

  private static String str(Integer i) {
    return i == null ? null : i.toString();
  }
}
