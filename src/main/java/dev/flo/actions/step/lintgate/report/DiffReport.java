package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A unified diff of what a formatter would change ({@code prettier --write . && git diff}), one
 * finding per hunk carrying the hunk as a fix. Its old side is the checked-out file, so its line
 * numbers are the pull request's. Context lines are trimmed so a suggestion replaces only the lines
 * that differ; a pure insertion keeps the line before it (or after it) to anchor on.
 */
final class DiffReport implements ReportReader {
  /** Longer lines are not source code a reviewer reads; the rest of such a line is skipped. */
  static final int MAX_LINE = 64 * 1024;

  /**
   * Rows of one hunk kept; a longer hunk is reported at its start without a fix (no one reviews it
   * as a suggestion).
   */
  static final int MAX_ROWS = 500;

  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

  private record Row(char kind, String text, boolean noNewline) {}

  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String oldPath = null;
      String path = null;
      List<Row> rows = new ArrayList<>();
      int oldStart = 0;
      int oldLeft = 0;
      int newLeft = 0;
      boolean sawHunk = false;
      boolean complete = false;
      boolean overflow = false;
      String line;
      while ((line = readLine(in)) != null) {
        if (line.startsWith("\\") && !rows.isEmpty()) {
          // "\ No newline at end of file" belongs to the row before it, which may be a hunk's last.
          Row last = rows.removeLast();
          rows.add(new Row(last.kind(), last.text(), true));
          continue;
        }
        if (complete) {
          emit(path, oldStart, overflow, rows, sink);
          rows.clear();
          complete = false;
          overflow = false;
        }
        if (oldLeft > 0 || newLeft > 0) {
          char kind = line.isEmpty() ? ' ' : line.charAt(0);
          if (kind != ' ' && kind != '-' && kind != '+') {
            throw new ReportException(
                "a hunk of " + path + " ends early, at \"" + cut(line) + "\"");
          }
          if (rows.size() < MAX_ROWS) {
            rows.add(new Row(kind, line.isEmpty() ? "" : line.substring(1), false));
          } else {
            overflow = true;
          }
          oldLeft -= kind == '+' ? 0 : 1;
          newLeft -= kind == '-' ? 0 : 1;
          complete = oldLeft <= 0 && newLeft <= 0;
          continue;
        }
        if (line.startsWith("--- ")) {
          oldPath = name(line.substring(4));
        } else if (line.startsWith("+++ ")) {
          // A file the formatter would delete or create has no old lines to suggest on.
          path = oldPath == null || name(line.substring(4)) == null ? null : oldPath;
        } else if (line.startsWith("@@")) {
          Matcher m = HUNK.matcher(line);
          if (!m.matches()) {
            throw new ReportException(
                "a hunk header that is not unified diff: \"" + cut(line) + "\"");
          }
          sawHunk = true;
          oldStart = Integer.parseInt(m.group(1));
          oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
          newLeft = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
          rows.clear();
        } else if (line.startsWith("diff ")) {
          oldPath = null;
          path = null;
        }
      }
      if (oldLeft > 0 || newLeft > 0) {
        throw new ReportException("the diff ends inside a hunk of " + path);
      }
      if (complete) {
        emit(path, oldStart, overflow, rows, sink);
      }
      if (!sawHunk && Files.size(file) > 0 && oldPath == null) {
        throw new ReportException("no unified diff in it (no \"--- a/file\" and \"@@\" lines)");
      }
    } catch (NumberFormatException e) {
      throw new ReportException("a hunk header with a number out of range");
    }
  }

  /**
   * One finding for the hunk's changed span, with the fix that makes the old lines the new ones.
   */
  private static void emit(
      @Nullable String path,
      int oldStart,
      boolean overflow,
      List<Row> rows,
      Consumer<Finding> sink) {
    if (path == null) {
      return;
    }
    if (overflow) {
      sink.accept(
          new Finding(
              "diff",
              Severity.WARNING,
              path,
              Math.max(1, oldStart),
              Math.max(1, oldStart),
              0,
              0,
              "formatting",
              "The formatter would change more than " + MAX_ROWS + " lines from here.",
              false));
      return;
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).kind() != ' ') {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    if (first < 0) {
      return;
    }
    boolean removes = rows.subList(first, last + 1).stream().anyMatch(r -> r.kind() == '-');
    if (!removes) {
      // A pure insertion: a suggestion replaces lines, so take the line before (or after) along.
      if (first > 0) {
        first--;
      } else if (last + 1 < rows.size()) {
        last++;
      }
    }
    int line = oldStart;
    for (int i = 0; i < first; i++) {
      line += rows.get(i).kind() == '+' ? 0 : 1;
    }
    StringBuilder oldText = new StringBuilder();
    StringBuilder newText = new StringBuilder();
    int oldLines = 0;
    int added = 0;
    int removed = 0;
    for (Row r : rows.subList(first, last + 1)) {
      String text = r.text() + (r.noNewline() ? "" : "\n");
      if (r.kind() != '+') {
        oldText.append(text);
        oldLines++;
      }
      if (r.kind() != '-') {
        newText.append(text);
      }
      added += r.kind() == '+' ? 1 : 0;
      removed += r.kind() == '-' ? 1 : 0;
    }
    if (oldLines == 0) {
      // An insertion into an empty file, or a diff without context (-U0): nothing to anchor a
      // suggestion on.
      sink.accept(
          new Finding(
              "diff",
              Severity.WARNING,
              path,
              Math.max(1, line),
              Math.max(1, line),
              0,
              0,
              "formatting",
              message(added, removed),
              false));
      return;
    }
    int endLine = line + oldLines - 1;
    Fix fix =
        Fix.of(
            "Apply the formatter's change",
            List.of(
                Fix.Edit.region(line, 1, endLine + 1, 1, newText.toString(), oldText.toString())));
    sink.accept(
        new Finding(
                "diff",
                Severity.WARNING,
                path,
                line,
                endLine,
                0,
                0,
                "formatting",
                message(added, removed),
                false)
            .withFix(fix));
  }

  private static String message(int added, int removed) {
    return "The formatter would change this: " + lines(removed) + " out, " + lines(added) + " in.";
  }

  private static String lines(int n) {
    return n + (n == 1 ? " line" : " lines");
  }

  /**
   * {@code a/src/x.js} → {@code src/x.js}; {@code /dev/null} → null; a trailing tab and timestamp
   * dropped.
   */
  private static @Nullable String name(String raw) {
    String s = raw;
    int tab = s.indexOf('\t');
    if (tab >= 0) {
      s = s.substring(0, tab);
    }
    s = s.strip();
    if (s.length() > 1 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (s.equals("/dev/null")) {
      return null;
    }
    return s.startsWith("a/") || s.startsWith("b/") ? s.substring(2) : s;
  }

  /**
   * A line without its terminator, at most {@link #MAX_LINE} characters (the rest is skipped); null
   * at the end.
   */
  private static @Nullable String readLine(Reader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (sb.length() < MAX_LINE) {
        sb.append((char) c);
      }
    }
    if (!any) {
      return null;
    }
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 79) + "…" : s;
  }
}
