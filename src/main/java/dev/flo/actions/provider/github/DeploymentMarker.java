package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.Json;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Marks a GitHub deployment, in its {@code payload}, as the one {@code step} made for {@code
 * target} in workflow run {@code runId}, so a retried step or a re-run of the run (same run id, a
 * new attempt) finds and reuses it instead of listing a duplicate on the environment page. The
 * commit and environment are the deployment's own fields.
 *
 * @param step the step that deploys, such as {@code deploy-backend}
 * @param target what it deploys to (a Render service, a Vercel project), so two deploys of one run
 *     stay apart
 * @param runId {@code GITHUB_RUN_ID}, which stays the same across re-run attempts
 * @param runAttempt {@code GITHUB_RUN_ATTEMPT}, recorded for people reading the payload, not
 *     matched
 */
public record DeploymentMarker(
    String step, String target, String runId, @Nullable String runAttempt) {
  /** The payload key; anything else in a payload is someone else's. */
  static final String KEY = "flo-actions";

  /** A marker for this run, or null outside a workflow run (nothing to match a retry by). */
  public static @Nullable DeploymentMarker of(
      String step, @Nullable String target, @Nullable String runId, @Nullable String runAttempt) {
    return runId == null || runId.isBlank()
        ? null
        : new DeploymentMarker(step, target == null ? "" : target, runId, runAttempt);
  }

  /**
   * The payload sent on create: {@code {"flo-actions": {"step", "target", "run_id",
   * "run_attempt"}}}.
   */
  String payload() {
    ObjectNode payload = Json.MAPPER.createObjectNode();
    payload
        .putObject(KEY)
        .put("step", step)
        .put("target", target)
        .put("run_id", runId)
        .put("run_attempt", runAttempt);
    return payload.toString();
  }

  /**
   * Whether a listed deployment's payload carries this marker. GitHub returns the payload as an
   * object, or as the string it was given (the REST docs allow both), so both are read.
   */
  boolean matches(Object payload) {
    JsonNode node;
    if (payload instanceof String s) {
      try {
        node = Json.MAPPER.readTree(s);
      } catch (IOException e) {
        return false;
      }
    } else if (payload instanceof Map<?, ?> map) {
      node = Json.MAPPER.valueToTree(map);
    } else {
      return false;
    }
    JsonNode ours = node == null ? null : node.path(KEY);
    return ours != null
        && step.equals(ours.path("step").asText(null))
        && target.equals(ours.path("target").asText(null))
        && runId.equals(ours.path("run_id").asText(null));
  }
}
