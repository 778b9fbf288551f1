package dev.flo.actions.provider.render;

/**
 * Render answered a call with an error status. {@code code} is Render's stable machine-readable error code when
 * the body carried one (spec schema {@code error}); an HTML body (Render's edge, not the API) leaves it null.
 */
public final class RenderException extends Exception {
  private final int status;
  private final String call;
  private final String detail;

  public RenderException(String call, int status, String detail) {
    super(call + ": Render answered HTTP " + status + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
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

  /** What to do, naming the input to change; the step inputs are the same for every Render step. */
  public String advice() {
    return switch (status) {
      case 401 -> "Render rejected the API key: check the `token` input (an API key from Render's Account Settings, stored as a secret).";
      case 403 -> "The API key cannot act on this service: use a key of a workspace member who can deploy it.";
      case 404 -> "Render knows no such service or deploy for this key: check `service-id` (srv-…) and that `token` belongs to the service's workspace.";
      case 400 -> "Render refused the request: check `commit` (a SHA on the service's branch) or `image` (only the tag or digest may differ from the service's image).";
      case 409 -> "The service's state does not allow this now (suspended, or another operation is running): check the service in the Render dashboard, then re-run.";
      case 429 -> "Render is rate-limiting this key (10 deploys per minute per service); the log says how long it asked to wait, and a wait past the step's `timeout` is not taken. Re-run once the limit lifts.";
      default -> status >= 500
          ? "Render had a server error: re-run the job; if it persists, check status.render.com."
          : "Check the inputs and the Render dashboard, then re-run.";
    };
  }
}
