package dev.flo.actions.provider.render;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a Render service a deploy needs (spec schema {@code service}).
 *
 * @param url the public URL of a web service or static site, or null for workers and private
 *     services
 * @param autoDeploy whether Render deploys every push by itself, which can undo a rollback
 */
public record RenderService(
    String id, String name, String type, String dashboardUrl, String url, boolean autoDeploy) {
  public static RenderService fromJson(JsonNode n) {
    return new RenderService(
        n.path("id").asText(null),
        n.path("name").asText(null),
        n.path("type").asText(null),
        n.path("dashboardUrl").asText(null),
        n.path("serviceDetails").path("url").asText(null),
        "yes".equals(n.path("autoDeploy").asText("yes")));
  }

  /** The dashboard page of one deploy, the link a failure message gives. */
  public @Nullable String deployLink(String deployId) {
    return dashboardUrl == null ? null : dashboardUrl + "/deploys/" + deployId;
  }
}
