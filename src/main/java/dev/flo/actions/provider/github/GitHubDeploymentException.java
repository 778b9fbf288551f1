package dev.flo.actions.provider.github;

import org.jspecify.annotations.Nullable;

/**
 * GitHub refused or failed a deployments call; {@code hint} says what to change (a permission, a
 * token).
 */
public final class GitHubDeploymentException extends Exception {
  private final String hint;

  public GitHubDeploymentException(String message, String hint, @Nullable Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
