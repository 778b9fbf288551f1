package dev.flo.actions.provider.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository built with JGit in a temp folder, for tests that need history: commits,
 * branches, merges.
 */
public final class TestRepository implements AutoCloseable {
  private static final PersonIdent AUTHOR =
      new PersonIdent(
          "Dev",
          "dev@example.com",
          Instant.parse("2026-11-01T10:00:00Z"),
          TimeZone.getTimeZone("UTC").toZoneId());

  private final Git git;
  private final Path dir;

  private TestRepository(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  public static TestRepository init(Path dir) throws GitAPIException {
    return new TestRepository(
        Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
  }

  public Path dir() {
    return dir;
  }

  public TestRepository write(String path, String content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return this;
  }

  /** Copies every file under {@code from} into the work tree, keeping relative paths. */
  public TestRepository copy(Path from) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = dir.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return this;
  }

  public TestRepository delete(String path) throws IOException {
    Files.delete(dir.resolve(path));
    return this;
  }

  /**
   * Commits every change in the work tree (new, modified and deleted files); returns the commit's
   * SHA.
   */
  public String commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    RevCommit c =
        git.commit()
            .setMessage(message)
            .setAuthor(AUTHOR)
            .setCommitter(AUTHOR)
            .setSign(false)
            .call();
    return c.name();
  }

  public TestRepository branch(String name) throws GitAPIException {
    git.checkout().setCreateBranch(true).setName(name).call();
    return this;
  }

  public TestRepository checkout(String name) throws GitAPIException {
    git.checkout().setName(name).call();
    return this;
  }

  /**
   * A merge commit of {@code branch} into the current branch, as GitHub builds {@code
   * refs/pull/N/merge}.
   */
  public String merge(String branch) throws GitAPIException, IOException {
    var result =
        git.merge()
            .include(git.getRepository().resolve(branch))
            .setFastForward(MergeCommand.FastForwardMode.NO_FF)
            .setCommit(false)
            .call();
    if (!result.getMergeStatus().isSuccessful()) {
      throw new IllegalStateException("merge failed: " + result.getMergeStatus());
    }
    return git.commit()
        .setMessage("Merge " + branch)
        .setAuthor(AUTHOR)
        .setCommitter(AUTHOR)
        .setSign(false)
        .call()
        .name();
  }

  /**
   * A shallow clone of this repository at {@code depth} with the git command line, as
   * actions/checkout makes.
   */
  public static Path shallowClone(Path origin, Path target, int depth, String branch)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "git",
                "clone",
                "-q",
                "--depth",
                Integer.toString(depth),
                "--branch",
                branch,
                "--no-local",
                "file://" + origin.toAbsolutePath(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("git clone failed: " + out);
    }
    return target;
  }

  /**
   * Gives the whole tree to another uid, as the runner's checkout is owned by uid 1001 while the
   * container runs as root.
   */
  public static void chown(Path dir, int uid) throws IOException, InterruptedException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "only root can give files to another user");
    Process p =
        new ProcessBuilder("chown", "-R", uid + ":" + uid, dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("chown failed: " + out);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
