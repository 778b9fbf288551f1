package dev.flo.actions.step.lintgate.report;

import org.jspecify.annotations.Nullable;

/**
 * One problem a report holds, in the report's own terms until {@link ReportPaths} makes its path
 * workspace-relative.
 *
 * @param path the file as the report names it, or null when the problem is not tied to a file
 * @param line first line (1-based), or 0 when unknown; {@code endLine}, {@code column} and {@code
 *     endColumn} alike
 * @param wholeBuild a problem of the build as a whole (a failing test): counted whatever the diff
 *     filter says
 * @param docs a link to the rule's documentation, or null
 * @param fix the change the report proposes, or null
 */
public record Finding(
    String tool,
    Severity severity,
    @Nullable String path,
    int line,
    int endLine,
    int column,
    int endColumn,
    String rule,
    String message,
    boolean wholeBuild,
    @Nullable String docs,
    @Nullable Fix fix) {

  /** Messages are kept to this many characters; GitHub cuts annotations at 4,096 anyway. */
  static final int MAX_MESSAGE = 2000;

  public Finding {
    message = message == null ? "" : message.strip();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 1) + "…";
    }
    rule = rule == null || rule.isBlank() ? tool : rule;
    line = Math.max(0, line);
    endLine = endLine < line ? line : endLine;
  }

  public Finding(
      String tool,
      Severity severity,
      @Nullable String path,
      int line,
      int endLine,
      int column,
      int endColumn,
      String rule,
      String message,
      boolean wholeBuild) {
    this(
        tool,
        severity,
        path,
        line,
        endLine,
        column,
        endColumn,
        rule,
        message,
        wholeBuild,
        null,
        null);
  }

  /**
   * A line or column number as a report writes it; 0 (unknown) when it is not one or too large to
   * be one.
   */
  static int number(String text) {
    try {
      return text == null ? 0 : Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public Finding withPath(@Nullable String p) {
    return new Finding(
        tool, severity, p, line, endLine, column, endColumn, rule, message, wholeBuild, docs, fix);
  }

  public Finding withFix(@Nullable Fix f) {
    return new Finding(
        tool, severity, path, line, endLine, column, endColumn, rule, message, wholeBuild, docs, f);
  }

  public Finding withDocs(@Nullable String url) {
    return new Finding(
        tool,
        severity,
        path,
        line,
        endLine,
        column,
        endColumn,
        rule,
        message,
        wholeBuild,
        url,
        fix);
  }

  /** {@code src/a.ts:12}, {@code src/a.ts} or {@code (no file)}. */
  public String where() {
    if (path == null) {
      return "(no file)";
    }
    return line > 0 ? path + ":" + line : path;
  }
}
