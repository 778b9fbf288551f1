package dev.flo.actions.provider.slack;

import org.jspecify.annotations.Nullable;

/**
 * Slack refused or never answered a call. {@code code} is Slack's own error string ({@code
 * channel_not_found}) or ours for transport failures ({@code http_503}, {@code no_response});
 * {@link SlackErrorCodes} explains it.
 */
public final class SlackException extends Exception {
  private final String call;
  private final String code;
  private final int httpStatus;

  public SlackException(String call, String code, int httpStatus, String detail) {
    super(
        call
            + ": Slack answered "
            + code
            + (httpStatus > 0 && httpStatus != 200 ? " (HTTP " + httpStatus + ")" : "")
            + (detail == null || detail.isBlank() ? "" : ": " + detail));
    this.call = call;
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public SlackException(String call, String code, @Nullable String detail, Throwable cause) {
    super(detail != null && detail.startsWith(call) ? detail : call + ": " + detail, cause);
    this.call = call;
    this.code = code;
    this.httpStatus = 0;
  }

  /** What we were doing, such as "post a message to #deploys". */
  public String call() {
    return call;
  }

  public String code() {
    return code;
  }

  /** 0 when no HTTP answer came. */
  public int httpStatus() {
    return httpStatus;
  }

  /** What the code means and what to do about it. */
  public SlackErrorCodes.Advice advice() {
    return SlackErrorCodes.advise(code, httpStatus);
  }
}
