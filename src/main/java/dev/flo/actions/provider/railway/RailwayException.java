package dev.flo.actions.provider.railway;

/** Railway refused a call: an HTTP error, a GraphQL error (which arrives with HTTP 200), or its edge's HTML page. */
public final class RailwayException extends Exception {
  private final String advice;

  public RailwayException(String message, String advice) {
    super(message);
    this.advice = advice;
  }

  /** What to do, naming the input to change. */
  public String advice() {
    return advice;
  }
}
