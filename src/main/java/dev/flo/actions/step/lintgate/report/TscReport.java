package dev.flo.actions.step.lintgate.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The TypeScript compiler's console output, plain ({@code --pretty false}: {@code file(line,col):
 * error TS2322: ...}) or pretty ({@code file:line:col - error TS2322: ...} with colours and a code
 * frame). One pattern covers both, as VS Code's {@code $tsc} problem matcher does; indented lines
 * right after a diagnostic continue its message.
 */
final class TscReport implements ReportReader {
  private static final int MAX_LINE = 64 * 1024;
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
  private static final Pattern LOCATED =
      Pattern.compile(
          "^([^\\s].*?)[(:](\\d+)[,:](\\d+)(?:\\):\\s+|\\s+-\\s+)(error|warning|message|info)\\s+(TS\\d+)\\s*:\\s*(.*)$");
  private static final Pattern GLOBAL =
      Pattern.compile("^(error|warning|message|info)\\s+(TS\\d+)\\s*:\\s*(.*)$");

  static boolean looksLikeTsc(String text) {
    return text.lines()
        .limit(20)
        .map(l -> ANSI.matcher(l).replaceAll(""))
        .anyMatch(l -> LOCATED.matcher(l).matches() || GLOBAL.matcher(l).matches());
  }

  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Finding pending = null;
      StringBuilder message = new StringBuilder();
      BoundedLines lines = new BoundedLines(in);
      String raw;
      while ((raw = lines.next()) != null) {
        String line = ANSI.matcher(raw).replaceAll("");
        if (pending != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
          if (message.length() < Finding.MAX_MESSAGE) {
            message.append('\n').append(line.strip());
          }
          continue;
        }
        if (pending != null) {
          sink.accept(withMessage(pending, message));
          pending = null;
        }
        Matcher m = LOCATED.matcher(line);
        if (m.matches()) {
          int l = Finding.number(m.group(2));
          pending =
              new Finding(
                  "tsc",
                  severity(m.group(4)),
                  m.group(1).strip(),
                  l,
                  l,
                  Finding.number(m.group(3)),
                  0,
                  m.group(5),
                  "",
                  false);
          message.setLength(0);
          message.append(m.group(6));
          continue;
        }
        Matcher g = GLOBAL.matcher(line);
        if (g.matches()) {
          // A diagnostic without a file (tsconfig problems, a missing lib) concerns the whole
          // compilation.
          pending =
              new Finding("tsc", severity(g.group(1)), null, 0, 0, 0, 0, g.group(2), "", true);
          message.setLength(0);
          message.append(g.group(3));
        }
      }
      if (pending != null) {
        sink.accept(withMessage(pending, message));
      }
    }
  }

  /**
   * Lines of a reader; a line longer than {@link #MAX_LINE} is cut there and the rest skipped, so
   * one huge line (a minified bundle echoed into the log) costs no more memory than that.
   */
  private static final class BoundedLines {
    private final java.io.Reader in;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int end;

    BoundedLines(java.io.Reader in) {
      this.in = in;
    }

    /** The next line without its terminator, or null at the end. */
    @Nullable String next() throws IOException {
      StringBuilder line = new StringBuilder();
      boolean any = false;
      while (true) {
        if (pos == end) {
          end = in.read(buffer, 0, buffer.length);
          pos = 0;
          if (end <= 0) {
            end = 0;
            return any ? strip(line) : null;
          }
        }
        any = true;
        int nl = pos;
        while (nl < end && buffer[nl] != '\n') {
          nl++;
        }
        line.append(buffer, pos, Math.max(0, Math.min(nl - pos, MAX_LINE - line.length())));
        pos = Math.min(nl + 1, end);
        if (nl < end) {
          return strip(line);
        }
      }
    }

    private static String strip(StringBuilder line) {
      int n = line.length();
      return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }
  }

  private static Finding withMessage(Finding f, CharSequence message) {
    return new Finding(
        f.tool(),
        f.severity(),
        f.path(),
        f.line(),
        f.endLine(),
        f.column(),
        f.endColumn(),
        f.rule(),
        message.toString(),
        f.wholeBuild());
  }

  private static Severity severity(String word) {
    return switch (word) {
      case "error" -> Severity.ERROR;
      case "warning" -> Severity.WARNING;
      default -> Severity.NOTICE;
    };
  }
}
