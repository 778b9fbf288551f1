package dev.flo.actions.provider.compose;

import org.jspecify.annotations.Nullable;

/**
 * Something on the way to a host or on the host went wrong: what failed ({@link #getMessage}) and
 * what the user can do ({@link #advice}), in the host's terms. The step maps it to a failure
 * without a stack trace.
 */
public final class ComposeException extends Exception {
  /** What kind of fault, so a fleet can tell "could not reach" from "the release is unhealthy". */
  public enum Kind {
    CONNECTION,
    HOST_KEY,
    AUTH,
    KEY,
    LOCK,
    COMMAND,
    UNHEALTHY,
    TIMEOUT
  }

  private final Kind kind;
  private final @Nullable String advice;

  public ComposeException(Kind kind, String message, @Nullable String advice) {
    super(message);
    this.kind = kind;
    this.advice = advice;
  }

  public ComposeException(Kind kind, String message, @Nullable String advice, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.advice = advice;
  }

  public Kind kind() {
    return kind;
  }

  public @Nullable String advice() {
    return advice;
  }
}
