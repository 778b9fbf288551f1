package dev.flo.actions.provider.vercel;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Vercel answered a call with an error: its HTTP status and the {@code
 * {"error":{"code","message"}}} it sent (vercel.com/docs/rest-api/errors), or a short excerpt when
 * the body was not JSON (a proxy's HTML page). It carries facts only; the step that made the call
 * says what to do about it.
 */
public final class VercelException extends IOException {
  private final String call;
  private final int status;
  private final @Nullable String code;
  private final @Nullable String detail;
  private final List<String> missing;

  public VercelException(
      String call,
      int status,
      @Nullable String code,
      @Nullable String detail,
      List<String> missing) {
    super(
        call
            + " failed: HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (detail == null ? "" : ": " + detail));
    this.call = call;
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.missing = List.copyOf(missing);
  }

  /** The call that failed, as described to the user ("create Vercel deployment for prj_1"). */
  public String call() {
    return call;
  }

  public int status() {
    return status;
  }

  /**
   * Vercel's error code ({@code forbidden}, {@code not_found}, {@code missing_files}...), or null.
   */
  public @Nullable String code() {
    return code;
  }

  public @Nullable String detail() {
    return detail;
  }

  /** The SHA-1s of a {@code missing_files} error. */
  public List<String> missing() {
    return missing;
  }

  public boolean isAuth() {
    return status == 401 || status == 403;
  }
}
