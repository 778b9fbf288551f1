package dev.flo.actions.provider.git;

/**
 * The local repository could not be read: not a repository, a commit missing from the history, a
 * corrupt object.
 */
public final class GitException extends Exception {
  public GitException(String message, Throwable cause) {
    super(message, cause);
  }

  public GitException(String message) {
    super(message);
  }
}
