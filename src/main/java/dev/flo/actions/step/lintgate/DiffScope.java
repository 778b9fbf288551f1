package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.step.lintgate.report.Finding;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Places findings against the lines a change touched; without a change every finding is {@code
 * UNCHANGED}.
 */
final class DiffScope {
  /** Null when there is no change to compare with. */
  private final @Nullable ChangedLines changes;

  private final Path workspace;
  private final @Nullable Path gitRoot;

  private DiffScope(@Nullable ChangedLines changes, Path workspace, @Nullable Path gitRoot) {
    this.changes = changes;
    this.workspace = workspace.toAbsolutePath().normalize();
    this.gitRoot = gitRoot == null ? null : gitRoot.toAbsolutePath().normalize();
  }

  static DiffScope none() {
    return new DiffScope(null, Path.of(""), null);
  }

  /**
   * @param gitRoot the repository's work tree; diff paths are relative to it, finding paths to the
   *     workspace
   */
  static DiffScope of(ChangedLines changes, Path workspace, Path gitRoot) {
    return new DiffScope(changes, workspace, gitRoot);
  }

  /** The lines the change touched, or null when there is no change to compare with. */
  @Nullable ChangedLines changes() {
    return changes;
  }

  /** {@code finding.path()} must already be workspace-relative. */
  Placement place(Finding finding) {
    if (finding.wholeBuild()) {
      return Placement.WHOLE_BUILD;
    }
    if (changes == null || finding.path() == null) {
      return Placement.UNCHANGED;
    }
    var file = changes.file(repoPath(finding.path()));
    if (file.isEmpty()) {
      return Placement.UNCHANGED;
    }
    if (finding.line() == 0) {
      return Placement.CHANGED_FILE;
    }
    if (file.get().added().intersects(finding.line(), finding.endLine())) {
      return Placement.CHANGED_LINE;
    }
    return file.get().context().intersects(finding.line(), finding.endLine())
        ? Placement.DIFF_CONTEXT
        : Placement.CHANGED_FILE;
  }

  /** A workspace-relative path as the repository (and GitHub) names it. */
  String repoPath(String workspaceRelative) {
    if (gitRoot == null || gitRoot.equals(workspace)) {
      return workspaceRelative;
    }
    Path abs = workspace.resolve(workspaceRelative).normalize();
    return abs.startsWith(gitRoot)
        ? gitRoot.relativize(abs).toString().replace('\\', '/')
        : workspaceRelative;
  }
}
