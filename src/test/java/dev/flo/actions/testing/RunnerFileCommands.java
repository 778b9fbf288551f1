package dev.flo.actions.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-side copy of the runner's key/value file-command parser (runner {@code FileCommandManager.cs}
 * {@code EnvFileKeyValuePairs}, runtime-contract.md §2.1), Linux flavour: lines end at {@code \n} only, empty
 * lines are skipped, the first of {@code =} and {@code <<} picks the form, a heredoc value runs to a line exactly
 * equal to the delimiter and loses the newline before it, later keys overwrite earlier ones.
 */
public final class RunnerFileCommands {
  private RunnerFileCommands() {}

  /** What the runner raises; it fails the step. */
  public static final class ParseError extends RuntimeException {
    ParseError(String message) {
      super(message);
    }
  }

  public static Map<String, String> parse(String text) {
    Map<String, String> result = new LinkedHashMap<>();
    int[] index = {0};
    String line;
    while ((line = readLine(text, index)) != null) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      int heredoc = line.indexOf("<<");
      if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
        result.put(line.substring(0, eq), line.substring(eq + 1));
        if (line.substring(0, eq).isEmpty()) {
          throw new ParseError("Invalid format '" + line + "'. Name must not be empty");
        }
      } else if (heredoc >= 0) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        if (name.isEmpty() || delimiter.isEmpty()) {
          throw new ParseError("Invalid format '" + line + "'. Name must not be empty and delimiter must not be empty");
        }
        int start = index[0];
        int valueEnd;
        while (true) {
          int lineStart = index[0];
          String next = readLine(text, index);
          if (next == null) {
            throw new ParseError("Invalid value. Matching delimiter not found '" + delimiter + "'");
          }
          if (next.equals(delimiter)) {
            valueEnd = lineStart;
            break;
          }
        }
        // The newline right before the delimiter line is not part of the value.
        String value = valueEnd > start ? text.substring(start, valueEnd - 1) : "";
        result.put(name, value);
      } else {
        throw new ParseError("Invalid format '" + line + "'");
      }
    }
    return result;
  }

  private static String readLine(String text, int[] index) {
    if (index[0] >= text.length()) {
      return null;
    }
    int start = index[0];
    int lf = text.indexOf('\n', start);
    if (lf < 0) {
      index[0] = text.length();
      return text.substring(start);
    }
    index[0] = lf + 1;
    return text.substring(start, lf);
  }
}
