package dev.flo.actions.provider.compose;

/**
 * One container of a service, as {@code docker inspect} sees it.
 *
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or empty when the image
 *     declares no healthcheck
 */
public record Container(String id, String service, String image, String state, String health) {
  /** The tag of the image reference ({@code registry:5000/api:v2} gives {@code v2}), or empty. */
  public String tag() {
    String ref = image.indexOf('@') < 0 ? image : image.substring(0, image.indexOf('@'));
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    return colon > slash ? ref.substring(colon + 1) : "";
  }

  public boolean serving() {
    return state.equals("running") && (health.isEmpty() || health.equals("healthy"));
  }

  /**
   * Running its course cannot make it serve: exited, dead, restarting in a loop, or failing its
   * healthcheck.
   */
  public boolean failed() {
    return state.equals("exited")
        || state.equals("dead")
        || state.equals("restarting")
        || health.equals("unhealthy");
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public String describe() {
    return service
        + " ("
        + shortId()
        + ", "
        + image
        + "): "
        + state
        + (health.isEmpty() ? "" : ", " + health);
  }
}
