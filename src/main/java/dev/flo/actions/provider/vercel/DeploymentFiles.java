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
 * The files of one deployment, hashed with SHA-1 as Vercel addresses uploads ({@code x-vercel-digest}). A symlink
 * is sent as its target path with the symlink mode, as the CLI does ({@code vercel build} links shared functions).
 *
 * @param files what {@code POST /v13/deployments} lists, sorted by path
 * @param sources where each distinct content comes from: a file, or the bytes of a symlink's target path
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
   * @param skipSourceNoise true for a source directory: leaves out {@link #SKIPPED_DIRS}, {@code .env*} files
   *     (secrets must not be uploaded) and {@code .DS_Store}; false for a Build Output tree, sent whole
   */
  public static DeploymentFiles scan(Path root, String prefix, boolean skipSourceNoise) throws IOException {
    return scan(root, prefix, skipSourceNoise, size -> {});
  }

  /** As {@link #scan(Path, String, boolean)}, telling {@code hashed} the size of each file once it is hashed. */
  public static DeploymentFiles scan(Path root, String prefix, boolean skipSourceNoise, LongConsumer hashed) throws IOException {
    List<VercelFile> files = new ArrayList<>();
    Map<String, Source> sources = new LinkedHashMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean skip = skipSourceNoise && !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString());
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
              byte[] target = Files.readSymbolicLink(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8);
              String sha = sha1(target);
              sources.putIfAbsent(sha, new Source(null, target, target.length));
              files.add(new VercelFile(rel, sha, target.length, SYMLINK | 0777));
              hashed.accept(target.length);
            } else if (attrs.isRegularFile()) {
              String sha = sha1(p);
              sources.putIfAbsent(sha, new Source(p, null, attrs.size()));
              files.add(new VercelFile(rel, sha, attrs.size(), REGULAR | permissions(p)));
              hashed.accept(attrs.size());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(Comparator.comparing(VercelFile::file));
    return new DeploymentFiles(List.copyOf(files), Map.copyOf(sources));
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
