package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.GitException;
import dev.flo.actions.provider.git.GitHistory;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.GitHubContext.PullRequest;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The two commits a change runs between, from the local history only (never the PR diff API, which
 * refuses diffs over 300 files or 20,000 lines: reviewdog/reviewdog#2150). The change ends at the
 * checked-out commit, since that is what the linters saw; it starts at the pull request's merge
 * base, or at the base side of GitHub's merge commit when {@code actions/checkout} checked out
 * {@code refs/pull/N/merge} (its default for pull requests).
 *
 * @param from the commit the change starts from
 * @param to the checked-out commit
 * @param how the words for the summary ("merge base of main and the pull request head")
 */
record ChangeRange(String from, String to, String how) {
  /** How far {@link GitHistory#depth} counts when telling the user how deep the checkout is. */
  private static final int DEPTH_LIMIT = 10_000;

  static final String FETCH_HINT =
      "Set `fetch-depth: 0` on actions/checkout (`fetch-depth: 2` is enough when it checks out the pull request's merge"
          + " commit, its default), or set `filter: all` to count findings everywhere.";

  /**
   * The change to compare with, or empty when there is neither a pull request nor a {@code
   * base-ref}.
   */
  static Optional<ChangeRange> find(
      GitHistory git, Optional<PullRequest> pr, @Nullable String baseRef)
      throws GitException, StepFailure {
    if (baseRef == null && pr.isEmpty()) {
      return Optional.empty();
    }
    String head =
        git.head()
            .orElseThrow(
                () ->
                    new StepFailure(
                        "The repository has no commit checked out, so there is no change to compare.",
                        "Run actions/checkout before lint-gate."));
    if (baseRef != null) {
      String base =
          git.resolve(baseRef).orElseThrow(() -> missing(git, head, "base-ref '" + baseRef + "'"));
      String mergeBase =
          git.mergeBase(base, head).orElseThrow(() -> noCommonAncestor(git, head, baseRef));
      return Optional.of(
          new ChangeRange(
              mergeBase,
              head,
              "merge base of " + baseRef + " (" + shortSha(mergeBase) + ") to " + shortSha(head)));
    }
    PullRequest p = pr.get();
    if (p.baseSha() == null || p.headSha() == null) {
      throw new StepFailure(
          "The event payload's pull_request has no base.sha or head.sha.",
          "Set `base-ref` to the branch the pull request targets, such as origin/main.");
    }
    List<String> parents = git.parents(head);
    if (!head.equals(p.headSha()) && parents.size() >= 2 && parents.get(1).equals(p.headSha())) {
      String base = parents.getFirst();
      return Optional.of(
          new ChangeRange(
              base,
              head,
              "merge commit "
                  + shortSha(head)
                  + " against its base-side parent "
                  + shortSha(base)));
    }
    String base =
        git.resolve(p.baseSha())
            .orElseThrow(
                () ->
                    missing(git, head, "the pull request's base commit " + shortSha(p.baseSha())));
    String mergeBase =
        git.mergeBase(base, head).orElseThrow(() -> noCommonAncestor(git, head, p.baseRef()));
    String baseName = p.baseRef() == null ? "the base" : p.baseRef();
    return Optional.of(
        new ChangeRange(
            mergeBase,
            head,
            "merge base of "
                + baseName
                + " and "
                + shortSha(head)
                + " ("
                + shortSha(mergeBase)
                + ")"));
  }

  private static StepFailure missing(GitHistory git, String head, String what) {
    return new StepFailure(
        what
            + " is not in the local git history"
            + shallowNote(git, head)
            + ", so lint-gate cannot tell which lines changed.",
        FETCH_HINT);
  }

  private static StepFailure noCommonAncestor(GitHistory git, String head, @Nullable String base) {
    return new StepFailure(
        "The checked-out commit "
            + shortSha(head)
            + " and "
            + (base == null ? "the base branch" : base)
            + " share no commit in the local history"
            + shallowNote(git, head)
            + ".",
        FETCH_HINT);
  }

  private static String shallowNote(GitHistory git, String head) {
    try {
      if (!git.shallow()) {
        return "";
      }
      int depth = git.depth(head, DEPTH_LIMIT);
      return ": the checkout is shallow ("
          + depth
          + (depth == 1 ? " commit" : " commits")
          + " of history)";
    } catch (GitException e) {
      return "";
    }
  }

  static String shortSha(@Nullable String sha) {
    return sha == null || sha.length() < 7 ? String.valueOf(sha) : sha.substring(0, 7);
  }
}
