package dev.flo.actions.step.lintgate.report;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the paths reports carry into workspace-relative ones with {@code /} separators: absolute
 * paths, {@code file://} URIs, and paths relative to the workspace or to the report's folder.
 * Linters usually run on the runner host while this step runs in a container with the workspace
 * mounted elsewhere, so an absolute path outside the workspace is matched by its longest tail that
 * exists in the workspace ({@code /home/runner/work/shop/shop/src/a.ts} becomes {@code src/a.ts}).
 */
public final class ReportPaths {
  /**
   * Prefix of a path relative to a JVM source root ({@code shop/CartTest.java} from a stack frame):
   * it is looked up under the usual source roots of the report's module, and dropped when not
   * found.
   */
  static final String SOURCE = "jvm-source:";

  private static final List<String> SOURCE_ROOTS =
      List.of(
          "src/test/java",
          "src/test/kotlin",
          "src/test/groovy",
          "src/test/scala",
          "src/it/java",
          "src/main/java");

  // One entry per distinct path: a few MiB at most, and enough for a large monorepo's files.
  private static final int CACHE_SIZE = 16_384;

  private final Path workspace;
  private final Map<String, String> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public ReportPaths(Path workspace) {
    this.workspace = workspace.toAbsolutePath().normalize();
  }

  /**
   * {@code f} with its path made workspace-relative. A path that stays outside the workspace
   * ({@code ../../etc/passwd}, {@code /opt/other/a.ts}, a URL) names no file GitHub can show, and
   * an annotation must never point there: the finding keeps no path, and its message says where the
   * report placed it.
   */
  public Finding place(Finding f, Path reportDir) {
    String rel = relative(f.path(), reportDir);
    if (rel == null || inWorkspace(rel)) {
      return f.withPath(rel);
    }
    String where = f.line() > 0 ? rel + ":" + f.line() : rel;
    return new Finding(
        f.tool(),
        f.severity(),
        null,
        f.line(),
        f.endLine(),
        f.column(),
        f.endColumn(),
        f.rule(),
        "(reported in " + where + ", outside the workspace) " + f.message(),
        f.wholeBuild());
  }

  /**
   * A relative path that stays inside the workspace: no scheme, not absolute, no {@code ..} out of
   * it.
   */
  static boolean inWorkspace(String rel) {
    if (rel.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || rel.startsWith("/") || rel.startsWith("\\")) {
      return false;
    }
    try {
      Path p = Path.of(rel).normalize();
      return !p.isAbsolute() && !p.startsWith("..") && !p.toString().isEmpty();
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The workspace-relative path, or the report's path as given when nothing in the workspace
   * matches.
   */
  @Nullable String relative(@Nullable String raw, Path reportDir) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String key = reportDir + "\u0000" + raw;
    String hit = cache.get(key);
    if (hit == null) {
      hit = resolve(raw.strip(), reportDir);
      cache.put(key, hit);
    }
    return hit;
  }

  private @Nullable String resolve(String raw, Path reportDir) {
    if (raw.startsWith(SOURCE)) {
      return inSourceRoots(raw.substring(SOURCE.length()), reportDir);
    }
    String text = raw;
    if (text.regionMatches(true, 0, "file:", 0, 5)) {
      try {
        text = Path.of(URI.create(text)).toString();
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        text = text.replaceFirst("^(?i)file:(//)?", "");
      }
    } else if (text.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      return text;
    }
    text = text.replace('\\', '/');
    try {
      Path p = Path.of(text).normalize();
      if (p.isAbsolute()) {
        return p.startsWith(workspace) ? slashes(workspace.relativize(p)) : byTail(p, text);
      }
      if (Files.exists(workspace.resolve(p)) || reportDir == null) {
        return slashes(p);
      }
      Path beside = reportDir.toAbsolutePath().normalize().resolve(p).normalize();
      return beside.startsWith(workspace) && Files.exists(beside)
          ? slashes(workspace.relativize(beside))
          : slashes(p);
    } catch (InvalidPathException e) {
      return text;
    }
  }

  /**
   * Surefire writes to {@code <module>/target/surefire-reports}: try each folder up from the
   * report.
   */
  private @Nullable String inSourceRoots(String relative, @Nullable Path reportDir) {
    Path dir = reportDir == null ? workspace : reportDir.toAbsolutePath().normalize();
    for (; dir != null && dir.startsWith(workspace); dir = dir.getParent()) {
      for (String root : SOURCE_ROOTS) {
        Path candidate = dir.resolve(root).resolve(relative);
        if (Files.isRegularFile(candidate)) {
          return slashes(workspace.relativize(candidate));
        }
      }
    }
    return null;
  }

  private String byTail(Path absolute, String original) {
    for (int i = 1; i < absolute.getNameCount(); i++) {
      Path tail = absolute.subpath(i, absolute.getNameCount());
      if (Files.exists(workspace.resolve(tail))) {
        return slashes(tail);
      }
    }
    return original;
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
