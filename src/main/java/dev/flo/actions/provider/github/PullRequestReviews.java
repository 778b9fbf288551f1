package dev.flo.actions.provider.github;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewBuilder;
import org.kohsuke.github.GHPullRequestReviewComment;
import org.kohsuke.github.GHPullRequestReviewEvent;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * Posts one pull-request review with comments on lines
 * (docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request) and, before it, deletes
 * the review comments an earlier run of the same writer left: those whose body carries the marker
 * and whose author is the token's own user, so a re-run replaces its comments instead of piling up
 * and never touches a comment someone else wrote (anyone can paste a marker).
 */
public final class PullRequestReviews {
  private final GitHub github;

  /**
   * A comment on the head side of the diff: one line ({@code startLine == line}) or several.
   *
   * @param path repository-relative
   */
  public record LineComment(String path, int startLine, int line, String body) {}

  /**
   * @param id the review's id, 0 when none was posted
   * @param deleted earlier comments of ours removed
   * @param commentsPosted line comments in the review; 0 when GitHub refused them (HTTP 422: a line
   *     outside the pull request's diff) and the review carries them in its body instead
   */
  public record Posted(
      long id, @Nullable String htmlUrl, int deleted, int commentsPosted, boolean linesRefused) {}

  /** Reviews through {@code github}, a client from {@link GitHubApi#connect}. */
  public PullRequestReviews(GitHub github) {
    this.github = github;
  }

  /**
   * Replaces our earlier comments with one review of {@code comments} on {@code commitId}.
   *
   * @param marker a hidden HTML comment unique to the writer, appended to every comment and to the
   *     review body
   * @param fallbackBody the review body to use when GitHub refuses the line comments (it then lists
   *     them itself)
   * @param commitId null to let GitHub take the pull request's head as it has it
   * @param body null to post no review (nothing to say), only remove the earlier comments
   */
  public Posted replace(
      String repository,
      int pullRequest,
      @Nullable String commitId,
      String marker,
      @Nullable String body,
      List<LineComment> comments,
      String fallbackBody)
      throws GitHubPublishException {
    String what = "read pull request #" + pullRequest + " of " + repository;
    try {
      GHPullRequest pr = github.getRepository(repository).getPullRequest(pullRequest);
      String self = PullRequestComments.self(github);
      int deleted = 0;
      what = "delete the earlier lint comments on pull request #" + pullRequest;
      for (GHPullRequestReviewComment c : pr.listReviewComments()) {
        if (c.getBody() != null
            && c.getBody().contains(marker)
            && c.getUser() != null
            && self.equalsIgnoreCase(c.getUser().getLogin())) {
          c.delete();
          deleted++;
        }
      }
      what = "post a review on pull request #" + pullRequest;
      if (body == null) {
        return new Posted(0, null, deleted, 0, false);
      }
      try {
        GHPullRequestReview review =
            review(pr, commitId, body + "\n\n" + marker, comments, marker).create();
        return new Posted(review.getId(), url(review), deleted, comments.size(), false);
      } catch (HttpException e) {
        if (e.getResponseCode() != 422 || comments.isEmpty()) {
          throw e;
        }
        // GitHub refuses the whole review when one line is not part of the pull request's diff (the
        // local diff
        // and GitHub's can differ, e.g. after a force-push): post the findings in the review's body
        // instead.
        GHPullRequestReview review =
            review(pr, commitId, fallbackBody + "\n\n" + marker, List.of(), marker).create();
        return new Posted(review.getId(), url(review), deleted, 0, true);
      }
    } catch (IOException e) {
      throw GitHubPublishException.of(what, "pull-requests: write", e);
    }
  }

  private static GHPullRequestReviewBuilder review(
      GHPullRequest pr,
      @Nullable String commitId,
      String body,
      List<LineComment> comments,
      String marker) {
    GHPullRequestReviewBuilder b =
        pr.createReview().event(GHPullRequestReviewEvent.COMMENT).body(body);
    if (commitId != null) {
      b.commitId(commitId);
    }
    for (LineComment c : comments) {
      String text = c.body() + "\n\n" + marker;
      if (c.startLine() > 0 && c.startLine() < c.line()) {
        b.multiLineComment(text, c.path(), c.startLine(), c.line());
      } else {
        b.singleLineComment(text, c.path(), c.line());
      }
    }
    return b;
  }

  private static @Nullable String url(GHPullRequestReview r) {
    return r.getHtmlUrl() == null ? null : r.getHtmlUrl().toString();
  }
}
