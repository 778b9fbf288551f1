package dev.flo.actions.provider.render;

/**
 * Render answered a call with an error status. {@code code} is Render's stable machine-readable
 * error code when the body carried one (spec schema {@code error}); an HTML body (Render's edge,
 * not the API) leaves it null. It carries facts only; the step that made the call says what to do
 * about it.
 */
public final class RenderException extends Exception {
  private final int status;
  private final String call;
  private final String detail;

  public RenderException(String call, int status, String detail) {
    super(
        call
            + ": Render answered HTTP "
            + status
            + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
    this.status = status;
    this.call = call;
    this.detail = detail;
  }

  public int status() {
    return status;
  }

  public String call() {
    return call;
  }

  public String detail() {
    return detail;
  }
}
