package dev.flo.actions.provider.railway;

/**
 * Railway refused a call: an HTTP error, a GraphQL error (which arrives with HTTP 200), or its
 * edge's HTML page. It carries facts only (what was refused and how); the step that made the call
 * says what to do about it.
 */
public final class RailwayException extends Exception {
  /** How Railway refused. */
  public enum Refusal {
    /** Its edge kept answering an HTML 403, which it does to callers it rate limits. */
    EDGE_RATE_LIMITED,
    /** HTTP 429. */
    RATE_LIMITED,
    /** An answer whose body is not JSON. */
    NOT_JSON,
    /** A GraphQL error saying the token may not do this ("Not Authorized"). */
    NOT_AUTHORIZED,
    /** Any other GraphQL error (an unknown service or environment, most often). */
    REJECTED,
    /** A deployment query answered without an error, but without the deployment. */
    NO_DEPLOYMENT,
    /** Another HTTP error status; see {@link #status()}. */
    HTTP_ERROR
  }

  private final Refusal refusal;
  private final int status;

  public RailwayException(String message, Refusal refusal, int status) {
    super(message);
    this.refusal = refusal;
    this.status = status;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The HTTP status Railway answered with. */
  public int status() {
    return status;
  }
}
