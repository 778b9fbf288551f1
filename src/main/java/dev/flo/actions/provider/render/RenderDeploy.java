package dev.flo.actions.provider.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Render deploy as the API returns it (spec schema {@code deploy}). {@code commit} is null for
 * image-backed services and {@code image} is absent for Git-backed ones, so both are optional here.
 */
public record RenderDeploy(
    String id,
    String status,
    String trigger,
    @Nullable String commitId,
    @Nullable String commitMessage,
    @Nullable String imageRef,
    @Nullable Instant createdAt,
    @Nullable Instant finishedAt) {

  // Render's own CLI (render-oss/cli pkg/deploy/util.go IsComplete/IsSuccessful): a deploy
  // superseded by a newer
  // one turns `deactivated`, and it still counts as having succeeded.
  private static final Set<String> SUCCEEDED = Set.of("live", "deactivated");
  private static final Set<String> FAILED =
      Set.of("build_failed", "update_failed", "pre_deploy_failed", "canceled");

  public static RenderDeploy fromJson(JsonNode n) {
    JsonNode commit = n.path("commit");
    JsonNode image = n.path("image");
    return new RenderDeploy(
        n.path("id").asText(null),
        n.path("status").asText(null),
        n.path("trigger").asText(null),
        commit.isObject() ? commit.path("id").asText(null) : null,
        commit.isObject() ? commit.path("message").asText(null) : null,
        image.isObject() ? image.path("ref").asText(null) : null,
        instant(n.path("createdAt")),
        instant(n.path("finishedAt")));
  }

  /** {@code live} or {@code deactivated}: the deploy went live at some point. */
  public boolean succeeded() {
    return SUCCEEDED.contains(status);
  }

  public boolean failed() {
    return FAILED.contains(status);
  }

  /**
   * Neither succeeded nor failed: created, queued, or a build, update or pre-deploy in progress.
   */
  public boolean inProgress() {
    return !succeeded() && !failed();
  }

  public boolean isLive() {
    return "live".equals(status);
  }

  /** Whether this deploy ships {@code commit} (full or abbreviated SHA) or {@code image}. */
  public boolean ships(@Nullable String commit, @Nullable String image) {
    if (image != null) {
      return image.equals(imageRef);
    }
    if (commit == null || commitId == null || commit.length() < 7) {
      return false;
    }
    return commitId.startsWith(commit) || commit.startsWith(commitId);
  }

  /** What it ships, for messages: a short SHA, an image reference, or "unknown". */
  public String shipped() {
    if (commitId != null) {
      return commitId.length() > 12 ? commitId.substring(0, 12) : commitId;
    }
    return imageRef != null ? imageRef : "unknown";
  }

  private static @Nullable Instant instant(JsonNode n) {
    if (!n.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.OffsetDateTime.parse(n.asText()).toInstant();
    }
  }
}
