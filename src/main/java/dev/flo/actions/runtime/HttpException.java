package dev.flo.actions.runtime;

import java.io.IOException;

/** A request that never got an HTTP answer (refused, reset, timed out) after every retry. */
public final class HttpException extends IOException {
  public HttpException(String message, Throwable cause) {
    super(message, cause);
  }
}
