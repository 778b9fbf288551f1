package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.provider.git.LineRanges;
import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Fix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finding's {@link Fix} into a GitHub suggested change: the whole lines the fix touches and
 * what they become. A suggestion is made only when the file in the workspace still reads as the
 * linter saw it, every line it replaces is one the change added or modified, and the file is a
 * regular file inside the workspace.
 */
final class SuggestionMaker {
  /** Files larger than this are not read for suggestions. */
  static final long MAX_FILE = 1024 * 1024;

  // Findings come sorted by file, so two files cover a finding and its neighbour; more would only
  // cost memory.
  private static final int CACHED_FILES = 2;

  /** Longer suggestions are not offered: a reviewer should not have to scroll through one. */
  static final int MAX_LINES = 200;

  /**
   * Lines {@code startLine..endLine} (1-based) become {@code replacement} (no final line break;
   * empty deletes them).
   */
  record Suggestion(int startLine, int endLine, String replacement) {}

  private final Path workspace;

  /** The files read so far, by path; null for one that cannot be read for suggestions. */
  private final Map<String, @Nullable String> texts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, @Nullable String> eldest) {
          return size() > CACHED_FILES;
        }
      };

  SuggestionMaker(Path workspace) {
    this.workspace = workspace.toAbsolutePath().normalize();
  }

  /**
   * The suggestion for {@code f} when it lies within {@code changed} lines of its file, else empty.
   */
  Optional<Suggestion> suggest(Finding f, ChangedLines.ChangedFile changed) {
    if (f.fix() == null || f.path() == null || changed == null) {
      return Optional.empty();
    }
    String text = text(f.path());
    if (text == null) {
      return Optional.empty();
    }
    Optional<Suggestion> s = apply(text, f.fix());
    return s.filter(
        x ->
            x.endLine() - x.startLine() < MAX_LINES
                && allAdded(changed.added(), x.startLine(), x.endLine()));
  }

  private static boolean allAdded(LineRanges added, int first, int last) {
    for (int line = first; line <= last; line++) {
      if (!added.contains(line)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Applies {@code fix} to {@code text}; empty when an edit falls outside the text, edits overlap
   * or an expectation fails.
   */
  static Optional<Suggestion> apply(String text, Fix fix) {
    int[] starts = lineStarts(text);
    record Span(int start, int end, String text, @Nullable String expected) {}
    List<Span> spans = new ArrayList<>();
    for (Fix.Edit e : fix.edits()) {
      int start =
          e.startOffset() >= 0
              ? e.startOffset()
              : offset(text, starts, e.startLine(), e.startColumn());
      int end =
          e.startOffset() >= 0 ? e.endOffset() : offset(text, starts, e.endLine(), e.endColumn());
      if (start < 0 || end < start || end > text.length()) {
        return Optional.empty();
      }
      spans.add(new Span(start, end, e.text(), e.expected()));
    }
    spans.sort(Comparator.comparingInt(Span::start));
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      if (i > 0 && s.start() < spans.get(i - 1).end()
          || s.expected() != null && !text.substring(s.start(), s.end()).equals(s.expected())) {
        return Optional.empty();
      }
    }
    int firstLine = lineOf(starts, spans.getFirst().start());
    int lastEnd = spans.getLast().end();
    // An edit that ends right at a line's start (after a line break) does not touch that line.
    int lastLine =
        lastEnd > spans.getFirst().start()
                && lastEnd < text.length()
                && starts[lineOf(starts, lastEnd) - 1] == lastEnd
            ? lineOf(starts, lastEnd) - 1
            : lineOf(starts, lastEnd);
    lastLine = Math.max(firstLine, lastLine);
    while (true) {
      int from = starts[firstLine - 1];
      int to = lastLine < starts.length ? starts[lastLine] : text.length();
      StringBuilder out = new StringBuilder();
      int at = from;
      for (Span s : spans) {
        out.append(text, at, s.start()).append(s.text());
        at = s.end();
      }
      out.append(text, at, to);
      boolean spanEndsWithBreak = to > from && text.charAt(to - 1) == '\n';
      if (spanEndsWithBreak
          && !out.isEmpty()
          && out.charAt(out.length() - 1) != '\n'
          && lastLine < starts.length) {
        // The fix joins the next line onto this one: take that line in too.
        lastLine++;
        continue;
      }
      String body = out.toString();
      // A suggestion is whole lines: the last one's break is implied (and one a fix adds at the end
      // of the file
      // cannot be shown).
      if (body.endsWith("\n")) {
        body = body.substring(0, body.length() - 1);
      }
      return Optional.of(new Suggestion(firstLine, lastLine, body));
    }
  }

  private @Nullable String text(String path) {
    if (texts.containsKey(path)) {
      return texts.get(path);
    }
    String text = read(path);
    texts.put(path, text);
    return text;
  }

  private @Nullable String read(String path) {
    try {
      Path file = workspace.resolve(path).normalize();
      if (!file.startsWith(workspace)
          || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || Files.size(file) > MAX_FILE) {
        return null;
      }
      // A folder on the way may be a link out of the workspace: a suggestion shows the file's lines
      // on GitHub.
      if (!file.toRealPath().startsWith(workspace.toRealPath())) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      // ESLint and ruff count offsets after the byte-order mark.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException | RuntimeException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' && i + 1 < text.length()) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** 1-based line of an offset. */
  private static int lineOf(int[] starts, int offset) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  /**
   * The offset of a 1-based line and column; column 0 is the end of the line; the line after the
   * last is the end.
   */
  private static int offset(String text, int[] starts, int line, int column) {
    if (line == starts.length + 1 && column <= 1) {
      return text.length();
    }
    if (line < 1 || line > starts.length) {
      return -1;
    }
    int start = starts[line - 1];
    int end = line < starts.length ? starts[line] : text.length();
    int content = end > start && text.charAt(end - 1) == '\n' ? end - 1 : end;
    if (content > start && text.charAt(content - 1) == '\r') {
      content--;
    }
    if (column == 0) {
      return content;
    }
    int at = start + column - 1;
    return at > end ? -1 : at;
  }
}
