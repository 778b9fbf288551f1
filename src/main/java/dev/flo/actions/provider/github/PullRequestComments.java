package dev.flo.actions.provider.github;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * Keeps one comment of ours on a pull request: found by a hidden marker, edited on later runs
 * instead of piling up new ones. The API root comes from {@code GITHUB_API_URL}, so GitHub
 * Enterprise Server works.
 */
public final class PullRequestComments {
  private final GitHub github;
  private final @Nullable GitHubViewer viewer;

  /** What happened to the comment. */
  public enum Outcome {
    CREATED,
    UPDATED
  }

  /** The comment written and its address. */
  public record Written(Outcome outcome, long id, @Nullable String htmlUrl) {}

  /**
   * Comments through {@code github}, a client from {@link GitHubApi#connect} (its auth and bounded
   * rate-limit waits).
   */
  public PullRequestComments(GitHub github) {
    this.github = github;
    this.viewer = null;
  }

  /**
   * As {@link #PullRequestComments(GitHub)}, learning whose comments are ours from GraphQL's {@code
   * viewer} at {@code graphqlUrl}, which answers for GitHub App installation tokens too (another
   * app's token, not only GITHUB_TOKEN), so such a comment is edited in place rather than posted
   * anew on each run.
   */
  public PullRequestComments(GitHub github, String graphqlUrl, Secret token, Http http) {
    this.github = github;
    this.viewer = new GitHubViewer(graphqlUrl, token, http);
  }

  /** The author of GITHUB_TOKEN's comments; an installation token cannot read {@code GET /user}. */
  static final String ACTIONS_BOT = "github-actions[bot]";

  /**
   * Creates the comment, or rewrites the one whose body contains {@code marker} and that the
   * token's own user wrote (anyone can paste the marker into a comment; editing theirs would
   * rewrite someone else's words). The author is GraphQL's {@code viewer} when this was built with
   * a GraphQL URL: a user's login, or an app's {@code <slug>[bot]}. Otherwise, or when GraphQL does
   * not answer, the token's login from {@code GET /user}, else {@code github-actions[bot]} for an
   * installation token, which cannot read {@code /user}; another app's token then writes a new
   * comment rather than edit one it cannot tell is its own.
   *
   * @param marker a hidden HTML comment, {@code <!-- ... -->}, unique to the writer; appended to
   *     the body
   */
  // getUserName() is deprecated for getUser().getLogin(), but getUser() fetches the user (one more
  // request per
  // comment); getUserName() reads the login the comment already carries.
  @SuppressWarnings("deprecation")
  public Written upsert(String repository, int pullRequest, String marker, String body)
      throws GitHubCommentException {
    String text = body + "\n\n" + marker + "\n";
    try {
      GHIssue issue = github.getRepository(repository).getIssue(pullRequest);
      String self = self();
      for (GHIssueComment c : issue.listComments()) {
        if (c.getBody() != null
            && c.getBody().contains(marker)
            && self.equalsIgnoreCase(c.getUserName())) {
          c.update(text);
          return new Written(Outcome.UPDATED, c.getId(), url(c));
        }
      }
      GHIssueComment created = issue.comment(text);
      return new Written(Outcome.CREATED, created.getId(), url(created));
    } catch (GHFileNotFoundException e) {
      throw new GitHubCommentException(
          "GitHub answered 404 for pull request #" + pullRequest + " of " + repository,
          "Check that the token can read the repository.",
          e);
    } catch (HttpException e) {
      String hint =
          e.getResponseCode() == 403 || e.getResponseCode() == 401
              ? "Give the workflow `permissions: pull-requests: write` (or pass a `github-token` that may comment)."
              : "Run the job again; GitHub may be having trouble.";
      throw new GitHubCommentException(
          "GitHub refused the pull request comment (HTTP " + e.getResponseCode() + ")", hint, e);
    } catch (IOException e) {
      throw new GitHubCommentException(
          "Could not write the pull request comment: " + e.getMessage(), "Run the job again.", e);
    }
  }

  private String self() throws IOException {
    if (viewer != null) {
      try {
        return viewer.login();
      } catch (IOException e) {
        // Fall back to REST below: at worst a new comment is written, never someone else's edited.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking GitHub who the token acts as", e);
      }
    }
    return self(github);
  }

  /**
   * The login the token writes as; {@code github-actions[bot]} for an installation token, which
   * cannot read {@code /user}.
   */
  static String self(GitHub github) throws IOException {
    try {
      return github.getMyself().getLogin();
    } catch (HttpException e) {
      if (e.getResponseCode() == 403 || e.getResponseCode() == 404) {
        return ACTIONS_BOT;
      }
      throw e;
    }
  }

  private static @Nullable String url(GHIssueComment c) {
    return c.getHtmlUrl() == null ? null : c.getHtmlUrl().toString();
  }

  /** A comment could not be written; {@link #hint()} says what to change. */
  public static final class GitHubCommentException extends Exception {
    private final String hint;

    GitHubCommentException(String message, String hint, Throwable cause) {
      super(message, cause);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }
}
