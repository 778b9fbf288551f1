package dev.flo.actions.provider.railway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Railway deployment (schema type {@code Deployment}); the commit comes from {@code
 * meta.commitHash}, which is absent for image and CLI deployments.
 */
public record RailwayDeployment(
    String id,
    String status,
    String staticUrl,
    @Nullable String commitHash,
    @Nullable Instant createdAt,
    boolean canRollback) {
  private static final Set<String> SUCCEEDED = Set.of("SUCCESS", "SLEEPING");
  // The issue and Railway's CLI treat these as the end of a deployment that did not work.
  private static final Set<String> FAILED =
      Set.of("FAILED", "CRASHED", "REMOVED", "REMOVING", "SKIPPED");

  static RailwayDeployment fromJson(JsonNode n) {
    JsonNode meta = n.path("meta");
    String created = n.path("createdAt").asText(null);
    return new RailwayDeployment(
        n.path("id").asText(null),
        n.path("status").asText(null),
        n.path("staticUrl").asText(null),
        meta.isObject() ? meta.path("commitHash").asText(null) : null,
        created == null ? null : Instant.parse(created),
        n.path("canRollback").asBoolean(false));
  }

  public boolean succeeded() {
    // Set.of refuses contains(null); a deployment Railway has not given a status yet is pending.
    return status != null && SUCCEEDED.contains(status);
  }

  public boolean failed() {
    return status != null && FAILED.contains(status);
  }

  public boolean inProgress() {
    return !succeeded() && !failed();
  }

  public boolean isLive() {
    return "SUCCESS".equals(status);
  }

  public boolean ships(@Nullable String commit) {
    return commit != null
        && commitHash != null
        && commit.length() >= 7
        && (commitHash.startsWith(commit) || commit.startsWith(commitHash));
  }

  /** The public URL, when the service has a Railway domain. */
  public @Nullable String url() {
    return staticUrl == null || staticUrl.isBlank()
        ? null
        : staticUrl.startsWith("http") ? staticUrl : "https://" + staticUrl;
  }
}
