package dev.flo.actions.runtime;

import org.jspecify.annotations.Nullable;

/**
 * An outcome the user must act on: it becomes one error annotation saying what went wrong and what
 * to do, exit code 1, and no stack trace.
 */
public class StepFailure extends Exception {
  private final @Nullable String hint;

  /**
   * @param message what went wrong, in the user's terms
   * @param hint what to do about it (an input to change, a permission to add, a link to open), or
   *     null
   */
  public StepFailure(String message, @Nullable String hint) {
    super(message);
    this.hint = hint;
  }

  public StepFailure(String message, @Nullable String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public @Nullable String hint() {
    return hint;
  }

  /** The annotation text: what went wrong, then what to do. */
  public @Nullable String userMessage() {
    return hint == null || hint.isBlank() ? getMessage() : getMessage() + "\n" + hint;
  }
}
