package dev.flo.actions.step.lintgate.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The change a report proposes for one finding, in the coordinates of the file the linter read:
 * text edits, each by character offsets (ESLint's {@code fix.range}, SARIF's {@code charOffset}) or
 * by 1-based line and column (SARIF regions, diff hunks). lint-gate's {@code SuggestionMaker} turns
 * it into whole replacement lines.
 *
 * @param description what the fix does (ESLint's suggestion {@code desc}, SARIF's fix description),
 *     or null
 * @param edits the edits, none overlapping
 */
public record Fix(@Nullable String description, List<Edit> edits) {
  /**
   * Fixes whose text is longer are dropped by the readers: a suggestion is for a reviewer to read,
   * and the summary keeps up to a thousand findings, so this bounds what fixes cost in memory
   * (about 8 MB at worst).
   */
  public static final int MAX_TEXT = 4_000;

  public Fix {
    edits = List.copyOf(edits);
  }

  /**
   * Replaces a span with {@code text}: either {@code [startOffset, endOffset)} when {@code
   * startOffset >= 0}, or from line {@code startLine} column {@code startColumn} to line {@code
   * endLine} column {@code endColumn} (exclusive; {@code endColumn} 0 means the end of that line,
   * before its line break).
   *
   * @param expected the text the span must hold for the fix to apply (a diff hunk's old lines), or
   *     null
   */
  public record Edit(
      int startOffset,
      int endOffset,
      int startLine,
      int startColumn,
      int endLine,
      int endColumn,
      String text,
      @Nullable String expected) {
    public static Edit offsets(int start, int end, String text) {
      return new Edit(start, end, 0, 0, 0, 0, text == null ? "" : text, null);
    }

    public static Edit region(
        int startLine,
        int startColumn,
        int endLine,
        int endColumn,
        String text,
        @Nullable String expected) {
      return new Edit(
          -1, -1, startLine, startColumn, endLine, endColumn, text == null ? "" : text, expected);
    }
  }

  /** A fix of {@code edits} when their texts are within {@link #MAX_TEXT}, else null. */
  static @Nullable Fix of(@Nullable String description, List<Edit> edits) {
    if (edits.isEmpty()
        || edits.stream()
            .anyMatch(
                e ->
                    e.text().length() > MAX_TEXT
                        || e.expected() != null && e.expected().length() > MAX_TEXT)) {
      return null;
    }
    return new Fix(description, edits);
  }
}
