package dev.flo.actions.provider.git;

import java.util.Map;
import java.util.Optional;

/**
 * What a change did to each file it touched, keyed by the file's path after the change (relative to
 * the repository root, {@code /} separators). Deleted files are not listed: no finding can point at
 * them.
 *
 * @param from the commit the change starts from
 * @param to the commit it ends at
 */
public record ChangedLines(String from, String to, Map<String, ChangedFile> files) {

  /**
   * One changed file.
   *
   * @param added the lines the change added or modified, as {@code git diff} shows them with {@code
   *     +}
   * @param context the lines of its diff hunks: added lines plus the unchanged context lines around
   *     them
   */
  public record ChangedFile(String path, LineRanges added, LineRanges context) {}

  public ChangedLines {
    files = Map.copyOf(files);
  }

  public Optional<ChangedFile> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  public int addedLineCount() {
    return files.values().stream().mapToInt(f -> f.added().size()).sum();
  }
}
