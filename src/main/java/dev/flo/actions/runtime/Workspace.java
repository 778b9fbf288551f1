package dev.flo.actions.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.stream.Stream;

/**
 * The checked-out workspace. The container runs as root, so files it creates would be root-owned
 * and break later steps and re-checkouts (actions/runner#1282); {@link #giveBack} hands them to the
 * workspace's owner.
 */
public final class Workspace {
  private final Path root;

  public Workspace(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** A path relative to the workspace, with {@code /} separators, for annotations and messages. */
  public String relative(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path r = root.toAbsolutePath().normalize();
    return abs.startsWith(r) ? r.relativize(abs).toString().replace('\\', '/') : abs.toString();
  }

  /** Gives {@code path} (recursively) to the owner and group of the workspace, when they differ. */
  public void giveBack(Path path) throws IOException {
    PosixFileAttributeView rootView =
        Files.getFileAttributeView(root, PosixFileAttributeView.class);
    if (rootView == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    PosixFileAttributes attrs = rootView.readAttributes();
    UserPrincipal owner = attrs.owner();
    GroupPrincipal group = attrs.group();
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (!view.getOwner().equals(owner)) {
          view.setOwner(owner);
        }
        if (!view.readAttributes().group().equals(group)) {
          view.setGroup(group);
        }
      }
    }
  }
}
