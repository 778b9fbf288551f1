package dev.flo.actions.provider.vercel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The files of one deployment, hashed with SHA-1 as Vercel addresses uploads ({@code
 * x-vercel-digest}). A symlink is sent as its target path with the symlink mode, as the CLI does
 * ({@code vercel build} links shared functions).
 *
 * @param files what {@code POST /v13/deployments} lists, sorted by path
 * @param sources where each distinct content comes from: a file, or the bytes of a symlink's target
 *     path
 */
public record DeploymentFiles(List<VercelFile> files, Map<String, Source> sources) {
  /** Directories a source upload never includes: VCS data, local build state, dependencies. */
  static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", ".vercel", "node_modules");

  private static final int REGULAR = 0100000;
  private static final int SYMLINK = 0120000;

  /** The content behind one SHA: a file on disk, or (for a symlink) the link text. */
  public record Source(@Nullable Path path, byte @Nullable [] linkTarget, long size) {}

  /** Distinct contents (the unit of upload). */
  public int distinct() {
    return sources.size();
  }

  public long totalBytes() {
    return sources.values().stream().mapToLong(Source::size).sum();
  }

  /**
   * Hashes every file under {@code root}, named {@code prefix + relative path}.
   *
   * @param skipSourceNoise true for a source directory: leaves out {@link #SKIPPED_DIRS}, {@code
   *     .env*} files (secrets must not be uploaded) and {@code .DS_Store}; false for a Build Output
   *     tree, sent whole
   */
  public static DeploymentFiles scan(Path root, String prefix, boolean skipSourceNoise)
      throws IOException {
    return scan(root, prefix, skipSourceNoise, size -> {});
  }

  /**
   * As {@link #scan(Path, String, boolean)}, telling {@code hashed} the size of each file once it
   * is hashed.
   */
  public static DeploymentFiles scan(
      Path root, String prefix, boolean skipSourceNoise, LongConsumer hashed) throws IOException {
    return walk(root, prefix, skipSourceNoise).hash(hashed);
  }

  /**
   * Finds the files under {@code root} without reading them (as {@link #scan(Path, String,
   * boolean)} chooses them): how many and how large, known before the hashing, which is what takes
   * long.
   */
  public static Walk walk(Path root, String prefix, boolean skipSourceNoise) throws IOException {
    List<Found> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean skip =
                skipSourceNoise
                    && !dir.equals(root)
                    && SKIPPED_DIRS.contains(dir.getFileName().toString());
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
            String name = p.getFileName().toString();
            if (skipSourceNoise && (name.startsWith(".env") || name.equals(".DS_Store"))) {
              return FileVisitResult.CONTINUE;
            }
            String rel = prefix + root.relativize(p).toString().replace('\\', '/');
            if (attrs.isSymbolicLink()) {
              byte[] target =
                  Files.readSymbolicLink(p)
                      .toString()
                      .replace('\\', '/')
                      .getBytes(StandardCharsets.UTF_8);
              found.add(new Found(p, rel, target, target.length));
            } else if (attrs.isRegularFile()) {
              found.add(new Found(p, rel, null, attrs.size()));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Walk(List.copyOf(found));
  }

  /** One file found by {@link #walk}: a regular file, or a symlink with its link text. */
  private record Found(Path path, String rel, byte @Nullable [] linkTarget, long size) {}

  /** The files {@link #walk} found, not read yet. */
  public static final class Walk {
    private final List<Found> found;

    private Walk(List<Found> found) {
      this.found = found;
    }

    public int files() {
      return found.size();
    }

    public long bytes() {
      return found.stream().mapToLong(Found::size).sum();
    }

    /** Hashes each file, telling {@code hashed} its size once it is hashed. */
    public DeploymentFiles hash(LongConsumer hashed) throws IOException {
      List<VercelFile> files = new ArrayList<>();
      Map<String, Source> sources = new LinkedHashMap<>();
      for (Found f : found) {
        if (f.linkTarget() != null) {
          String sha = sha1(f.linkTarget());
          sources.putIfAbsent(sha, new Source(null, f.linkTarget(), f.size()));
          files.add(new VercelFile(f.rel(), sha, f.size(), SYMLINK | 0777));
        } else {
          String sha = sha1(f.path());
          sources.putIfAbsent(sha, new Source(f.path(), null, f.size()));
          files.add(new VercelFile(f.rel(), sha, f.size(), REGULAR | permissions(f.path())));
        }
        hashed.accept(f.size());
      }
      files.sort(Comparator.comparing(VercelFile::file));
      return new DeploymentFiles(List.copyOf(files), Map.copyOf(sources));
    }
  }

  private static int permissions(Path p) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      return perms.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
    } catch (IOException | UnsupportedOperationException e) {
      return 0644;
    }
  }

  static String sha1(Path p) throws IOException {
    MessageDigest md = sha1();
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String sha1(byte[] bytes) {
    return HexFormat.of().formatHex(sha1().digest(bytes));
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
