package dev.flo.actions.provider.github;

/**
 * GitHub refused or failed to take a check run or a review; {@link #hint()} says what to change,
 * and {@link #permission()} tells a missing permission (a fork's read-only token) from a failure
 * worth a warning.
 */
public final class GitHubPublishException extends Exception {
  private final String hint;
  private final boolean permission;

  public GitHubPublishException(String message, String hint, boolean permission, Throwable cause) {
    super(message, cause);
    this.hint = hint;
    this.permission = permission;
  }

  public String hint() {
    return hint;
  }

  /** The token may not write here (HTTP 401/403/404 on a write): expected on fork pull requests. */
  public boolean permission() {
    return permission;
  }

  /**
   * Maps a failed call ({@code what}, such as "create check run lint-gate") to its cause and the
   * fix.
   */
  static GitHubPublishException of(String what, String permissionNeeded, java.io.IOException e) {
    if (e instanceof GitHubApi.RateLimited) {
      return new GitHubPublishException(
          what + ": " + e.getMessage(),
          "Run the job again later, or lower how often workflows call the API.",
          false,
          e);
    }
    int status =
        e instanceof org.kohsuke.github.HttpException h
            ? h.getResponseCode()
            : e instanceof java.io.FileNotFoundException ? 404 : -1;
    if (status == 401 || status == 403 || status == 404) {
      return new GitHubPublishException(
          what + ": GitHub answered HTTP " + status + " (the token may not do this)",
          "Give the workflow `permissions: "
              + permissionNeeded
              + "` and pass `github-token`; on pull requests from forks GITHUB_TOKEN is read-only, so use `reporter: annotations` there.",
          true,
          e);
    }
    if (status == 422) {
      return new GitHubPublishException(
          what + ": GitHub refused the request as invalid (HTTP 422)",
          "Report this with the step's debug log; the findings are in the step summary.",
          false,
          e);
    }
    return new GitHubPublishException(
        what + " failed: " + (status > 0 ? "HTTP " + status : e.getMessage()),
        "Run the job again; GitHub may be having trouble.",
        false,
        e);
  }
}
