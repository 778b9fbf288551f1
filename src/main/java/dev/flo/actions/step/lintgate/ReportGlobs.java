package dev.flo.actions.step.lintgate;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds report files by glob ({@code reports/*.json}, {@code **}{@code /TEST-*.xml}) under the
 * workspace. The walk starts at the pattern's literal folder and skips {@code .git} and {@code
 * node_modules} unless the pattern names them, so a monorepo's dependencies are not crawled.
 */
final class ReportGlobs {
  private static final Set<String> SKIPPED = Set.of(".git", "node_modules");

  private ReportGlobs() {}

  /** The files one pattern matches, sorted; empty when none. */
  static List<Path> match(Path workspace, String pattern) throws IOException {
    String slashed = pattern.replace('\\', '/');
    String glob = slashed.startsWith("./") ? slashed.substring(2) : slashed;
    Path literal = workspace.resolve(glob);
    if (!hasGlob(glob)) {
      return Files.isRegularFile(literal) ? List.of(literal.normalize()) : List.of();
    }
    Path root = workspace.resolve(literalPrefix(glob)).normalize();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Path base = Path.of(glob).isAbsolute() ? Path.of("/") : workspace.toAbsolutePath().normalize();
    List<PathMatcher> matchers = new ArrayList<>();
    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    if (glob.startsWith("**/")) {
      // In Java globs **/x needs at least one folder; users expect it to match x at the top too.
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
    }
    boolean intoSkipped = SKIPPED.stream().anyMatch(glob::contains);
    Set<Path> found = new TreeSet<>();
    Files.walkFileTree(
        root.toAbsolutePath(),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !intoSkipped
                    && !dir.equals(root.toAbsolutePath())
                    && SKIPPED.contains(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            Path rel =
                Path.of(glob).isAbsolute()
                    ? file
                    : base.relativize(file.toAbsolutePath().normalize());
            if (attrs.isRegularFile() && matchers.stream().anyMatch(m -> m.matches(rel))) {
              found.add(file.normalize());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return List.copyOf(found);
  }

  /**
   * Whether {@code file}, named inside the workspace, really lives outside it: a symbolic link (of
   * the file or a folder on its way) out of the checkout, which a pull request can add to make us
   * read the runner's files.
   */
  static boolean escapes(Path workspace, Path file) throws IOException {
    Path root = workspace.toAbsolutePath().normalize();
    if (!file.toAbsolutePath().normalize().startsWith(root)) {
      return false;
    }
    return !file.toRealPath().startsWith(root.toRealPath());
  }

  private static boolean hasGlob(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** The folders before the first segment with a glob character. */
  private static String literalPrefix(String glob) {
    String[] parts = glob.split("/", -1);
    StringBuilder sb = new StringBuilder(glob.startsWith("/") ? "/" : "");
    for (int i = 0; i < parts.length - 1; i++) {
      if (hasGlob(parts[i])) {
        break;
      }
      if (!parts[i].isEmpty()) {
        sb.append(parts[i]).append('/');
      }
    }
    return sb.isEmpty() ? "." : sb.toString();
  }
}
