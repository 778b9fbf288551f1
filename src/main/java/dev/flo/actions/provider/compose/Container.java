package dev.flo.actions.provider.compose;

/**
 * One container of a service, as {@code docker inspect} sees it.
 *
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or empty when the image declares no healthcheck
 */
public record Container(String id, String service, String image, String state, String health) {
  /** The tag of the image reference ({@code registry:5000/api:v2} gives {@code v2}), or empty. */
  public String tag() {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    int at = image.indexOf('@');
    return colon > slash && (at < 0 || colon < at) ? image.substring(colon + 1, at < 0 ? image.length() : at) : "";
  }

  public boolean serving() {
    return state.equals("running") && (health.isEmpty() || health.equals("healthy"));
  }

  /** Running its course cannot make it serve: exited, dead, restarting in a loop, or failing its healthcheck. */
  public boolean failed() {
    return state.equals("exited") || state.equals("dead") || state.equals("restarting") || health.equals("unhealthy");
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public String describe() {
    return service + " (" + shortId() + ", " + image + "): " + state + (health.isEmpty() ? "" : ", " + health);
  }
}
