package dev.flo.actions.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-side copy of the runner's key/value file-command parser (runner {@code
 * FileCommandManager.cs} {@code EnvFileKeyValuePairs}, runtime-contract.md §2.1), Linux flavour,
 * rule for rule: lines end at {@code \n} only (a {@code \r} stays in the text), empty lines are
 * skipped, the first of {@code =} and {@code <<} picks the form, a heredoc delimiter is everything
 * after {@code <<} (untrimmed), its value runs to a line exactly equal to the delimiter and loses
 * the newline before it, and later keys overwrite earlier ones.
 *
 * <p>Two quirks are copied on purpose: the runner's empty-name check in the {@code =} form tests
 * the whole line, so {@code =value} is accepted with an empty name; and a value line that ends the
 * file without a newline raises "EOF marker missing new line" before "Matching delimiter not
 * found".
 *
 * <p>Header lines holding both {@code =} and {@code <<} are parsed as in the source above (the
 * first one wins); later runners are stricter there (runner PRs #2627 and #2738). What {@link
 * dev.flo.actions.runtime.runner.FileCommand} writes never has {@code =} in a header line, so it
 * parses the same under every version.
 */
public final class RunnerFileCommands {
  private RunnerFileCommands() {}

  /**
   * What the runner raises; it fails the step ("Unable to process file command ... successfully").
   */
  public static final class ParseError extends RuntimeException {
    ParseError(String message) {
      super(message);
    }
  }

  public static Map<String, String> parse(String text) {
    Map<String, String> result = new LinkedHashMap<>();
    Cursor cursor = new Cursor(text);
    String line;
    while ((line = cursor.readLine()) != null) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      int heredoc = line.indexOf("<<");
      if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
        result.put(line.substring(0, eq), line.substring(eq + 1));
      } else if (heredoc >= 0) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        if (name.isEmpty() || delimiter.isEmpty()) {
          throw new ParseError(
              "Invalid format '"
                  + line
                  + "'. Name must not be empty and delimiter must not be empty");
        }
        int start = cursor.index;
        int end = start;
        String next = cursor.readLine();
        while (!delimiter.equals(next)) {
          if (next == null) {
            throw new ParseError("Invalid value. Matching delimiter not found '" + delimiter + "'");
          }
          if (!cursor.endedWithNewline) {
            throw new ParseError("Invalid value. EOF marker missing new line.");
          }
          end = cursor.index - 1;
          next = cursor.readLine();
        }
        result.put(name, end > start ? text.substring(start, end) : "");
      } else {
        throw new ParseError("Invalid format '" + line + "'");
      }
    }
    return result;
  }

  /** The runner's {@code ReadLine(text, ref index, out newline)}. */
  private static final class Cursor {
    private final String text;
    private int index;
    private boolean endedWithNewline;

    Cursor(String text) {
      this.text = text;
    }

    String readLine() {
      if (index >= text.length()) {
        endedWithNewline = false;
        return null;
      }
      int start = index;
      int lf = text.indexOf('\n', start);
      if (lf < 0) {
        index = text.length();
        endedWithNewline = false;
        return text.substring(start);
      }
      index = lf + 1;
      endedWithNewline = true;
      return text.substring(start, lf);
    }
  }
}
