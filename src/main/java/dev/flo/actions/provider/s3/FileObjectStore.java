package dev.flo.actions.provider.s3;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder used as a bucket ({@code file://} destinations: a mounted volume, a runner's disk). An
 * upload is written to a hidden {@code .partial} file and renamed into place when complete, so a
 * key never shows a half-written object. A run killed mid-upload (the runner cancelled, the machine
 * lost) cannot remove its own {@code .partial} file, so each upload removes those in its folder
 * untouched for {@link #STALE_PARTIAL}: a live upload writes continuously, and a day matches the
 * usual AbortIncompleteMultipartUpload rule on S3. What it creates inside the workspace is given
 * back to the workspace's owner: the container runs as root, and root-owned files would break the
 * runner's later steps and checkouts (actions/runner#1282).
 */
public final class FileObjectStore implements ObjectStore {
  private static final String PARTIAL = ".partial-";
  static final Duration STALE_PARTIAL = Duration.ofDays(1);

  private final Path root;
  private final Workspace workspace;
  private final Clock clock;

  public FileObjectStore(Path root, Workspace workspace, Clock clock) {
    this.root = root;
    this.workspace = workspace;
    this.clock = clock;
  }

  @Override
  public String uri(String key) {
    return path(key).toUri().toString();
  }

  @Override
  public ObjectUpload upload(String key, long expectedBytes) throws IOException {
    Path target = path(key);
    createParents(target);
    Path folder = target.getParent();
    if (folder != null) {
      removeStalePartials(folder);
    }
    Path partial = target.resolveSibling("." + target.getFileName() + PARTIAL + UUID.randomUUID());
    OutputStream out = Files.newOutputStream(partial);
    return new ObjectUpload() {
      private boolean done;

      @Override
      public OutputStream output() {
        return out;
      }

      @Override
      public long complete() throws IOException {
        out.close();
        move(partial, target);
        done = true;
        giveBack(target);
        return Files.size(target);
      }

      @Override
      public boolean abort() {
        if (done) {
          return true;
        }
        try {
          out.close();
          Files.deleteIfExists(partial);
          return true;
        } catch (IOException e) {
          return false;
        }
      }
    };
  }

  @Override
  public void put(String key, byte[] content, String contentType) throws IOException {
    Path target = path(key);
    createParents(target);
    Path partial = target.resolveSibling("." + target.getFileName() + PARTIAL + UUID.randomUUID());
    Files.write(partial, content);
    move(partial, target);
    giveBack(target);
  }

  /**
   * Deletes the leftovers of killed uploads in {@code dir}; one that cannot be deleted waits for
   * the next run.
   */
  private void removeStalePartials(Path dir) throws IOException {
    Instant cutoff = clock.now().minus(STALE_PARTIAL);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith(".")
                          && f.getFileName().toString().contains(PARTIAL))
              .toList()) {
        try {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
              && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // Someone else's file, or gone already: not this upload's business.
        }
      }
    }
  }

  /**
   * Creates the missing folders above {@code target} and gives the new ones (only) back to the
   * workspace owner.
   */
  private void createParents(Path target) throws IOException {
    Path topMissing = null;
    for (Path p = target.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
      topMissing = p;
    }
    Files.createDirectories(target.getParent());
    if (topMissing != null) {
      giveBack(topMissing);
    }
  }

  private void giveBack(Path p) throws IOException {
    if (workspace != null
        && p.toAbsolutePath()
            .normalize()
            .startsWith(workspace.root().toAbsolutePath().normalize())) {
      workspace.giveBack(p);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(path(key));
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    Path p = path(key);
    return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
  }

  @Override
  public List<StoredObject> list(String folder) throws IOException {
    Path dir = folder.isEmpty() ? root : path(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().contains(PARTIAL))
          .map(p -> new StoredObject(folder + p.getFileName(), sizeOf(p)))
          .sorted(java.util.Comparator.comparing(StoredObject::key))
          .toList();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      Files.delete(path(key));
    } catch (NoSuchFileException e) {
      // Already gone: deleting is idempotent, as in S3.
    }
  }

  private Path path(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root.normalize())) {
      throw new IllegalArgumentException("key " + key + " leaves " + root);
    }
    return p;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
