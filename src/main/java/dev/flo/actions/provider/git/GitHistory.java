package dev.flo.actions.provider.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads a local repository's history with JGit: commits, merge bases, shallowness and the lines a
 * change touched. It only reads, and JGit has no {@code safe.directory} ownership check, so a
 * workspace owned by the runner's uid opens fine inside the root container (git itself would refuse
 * it: actions/runner#2033).
 */
public final class GitHistory implements AutoCloseable {
  /** {@code git diff}'s default number of context lines around a change ({@code diff.context}). */
  public static final int GIT_CONTEXT_LINES = 3;

  private final Repository repo;

  private GitHistory(Repository repo) {
    this.repo = repo;
  }

  /**
   * Opens the repository that contains {@code dir} (the directory itself or one of its parents).
   */
  public static GitHistory open(Path dir) throws GitException {
    // findGitDir walks up like git does; we do not call readEnvironment(): GIT_DIR and friends are
    // not ours to read.
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(dir.toFile()).setMustExist(true);
    if (builder.getGitDir() == null) {
      throw new GitException("no git repository at " + dir + " or above it");
    }
    try {
      return new GitHistory(builder.build());
    } catch (IOException | IllegalArgumentException e) {
      throw new GitException(
          "cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
    }
  }

  /** The working tree's root. */
  public Path workTree() {
    return repo.getWorkTree().toPath();
  }

  /** The commit checked out, if any. */
  public Optional<String> head() throws GitException {
    return resolve(Constants.HEAD);
  }

  /**
   * The commit {@code rev} names (a SHA, branch, tag or {@code origin/main}), if it is in the local
   * history.
   */
  public Optional<String> resolve(String rev) throws GitException {
    try {
      ObjectId id = repo.resolve(rev);
      if (id == null || !repo.getObjectDatabase().has(id)) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repo)) {
        return Optional.of(walk.parseCommit(id).name());
      }
    } catch (IOException | RuntimeException e) {
      throw new GitException("cannot resolve '" + rev + "': " + e.getMessage(), e);
    }
  }

  /**
   * Whether the clone is shallow (its history was cut at some depth, as {@code actions/checkout}
   * does by default).
   */
  public boolean shallow() throws GitException {
    try (ObjectReader reader = repo.newObjectReader()) {
      return !reader.getShallowCommits().isEmpty();
    } catch (IOException e) {
      throw new GitException("cannot read the shallow commit list: " + e.getMessage(), e);
    }
  }

  /** The parents of {@code sha} that are present locally (a shallow boundary commit has none). */
  public List<String> parents(String sha) throws GitException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
      List<String> out = new ArrayList<>();
      for (RevCommit p : commit.getParents()) {
        if (repo.getObjectDatabase().has(p)) {
          out.add(p.name());
        }
      }
      return out;
    } catch (IOException e) {
      throw new GitException("cannot read commit " + sha + ": " + e.getMessage(), e);
    }
  }

  /** How many commits of history are reachable from {@code sha}, counting up to {@code limit}. */
  public int depth(String sha, int limit) throws GitException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(ObjectId.fromString(sha)));
      int n = 0;
      while (n < limit && walk.next() != null) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new GitException("cannot walk the history of " + sha + ": " + e.getMessage(), e);
    }
  }

  /**
   * The best common ancestor of two commits, or empty when the local history holds none (a shallow
   * clone).
   */
  public Optional<String> mergeBase(String a, String b) throws GitException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(ObjectId.fromString(a)));
      walk.markStart(walk.parseCommit(ObjectId.fromString(b)));
      RevCommit base = walk.next();
      return Optional.ofNullable(base).map(RevCommit::name);
    } catch (IOException e) {
      throw new GitException(
          "cannot find the merge base of " + a + " and " + b + ": " + e.getMessage(), e);
    }
  }

  /**
   * The lines each file gained or changed from {@code from} to {@code to}, with renames followed.
   */
  public ChangedLines diff(String from, String to, int contextLines) throws GitException {
    try (RevWalk walk = new RevWalk(repo);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repo);
      diff.setDiffComparator(RawTextComparator.DEFAULT);
      diff.setDetectRenames(true);
      diff.setContext(contextLines);
      RevCommit a = walk.parseCommit(ObjectId.fromString(from));
      RevCommit b = walk.parseCommit(ObjectId.fromString(to));
      Map<String, ChangedLines.ChangedFile> files = new LinkedHashMap<>();
      for (DiffEntry entry : diff.scan(a.getTree(), b.getTree())) {
        if (entry.getChangeType() == DiffEntry.ChangeType.DELETE) {
          continue;
        }
        FileHeader header = diff.toFileHeader(entry);
        List<int[]> added = new ArrayList<>();
        List<int[]> context = new ArrayList<>();
        for (Edit edit : header.toEditList()) {
          // Edit lines are 0-based, end exclusive, on the new side (B); ranges here are 1-based and
          // inclusive.
          added.add(new int[] {edit.getBeginB() + 1, edit.getEndB()});
          context.add(
              new int[] {
                Math.max(1, edit.getBeginB() + 1 - contextLines), edit.getEndB() + contextLines
              });
        }
        files.put(
            entry.getNewPath(),
            new ChangedLines.ChangedFile(
                entry.getNewPath(), LineRanges.of(added), LineRanges.of(context)));
      }
      return new ChangedLines(from, to, files);
    } catch (IOException e) {
      throw new GitException("cannot diff " + from + ".." + to + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
