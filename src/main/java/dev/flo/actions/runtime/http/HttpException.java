package dev.flo.actions.runtime.http;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A request that never got a usable HTTP answer (refused, reset, timed out, too large) after every
 * retry.
 */
public final class HttpException extends IOException {
  /**
   * Why no answer came, for callers that advise differently (a health check counts a timeout as
   * warm-up).
   */
  public enum Kind {
    /** Refused, or no connection within the connect timeout. */
    CONNECT,
    /** No complete answer (headers and body) within the request timeout. */
    TIMEOUT,
    /**
     * The headers came, but the body did not finish within the request timeout (a trickling
     * server).
     */
    SLOW_BODY,
    /** The caller's overall deadline (a step's {@code timeout}) ran out. */
    DEADLINE,
    /** The body was larger than the limit for this call. */
    TOO_LARGE,
    /** Reset, closed, malformed, or too many redirects. */
    CONNECTION
  }

  private final Kind kind;

  public HttpException(String message, @Nullable Throwable cause) {
    this(Kind.CONNECTION, message, cause);
  }

  public HttpException(Kind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
