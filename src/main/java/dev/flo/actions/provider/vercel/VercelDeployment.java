package dev.flo.actions.provider.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What we read of a deployment, from {@code GET /v13/deployments/{id}} or a list entry ({@code GET
 * /v7/deployments}), which names the id {@code uid} and the state {@code state}.
 *
 * @param readyState QUEUED, INITIALIZING, BUILDING, READY, ERROR, CANCELED or BLOCKED
 * @param readySubstate when READY: STAGED (never served production), ROLLING or PROMOTED; else null
 * @param aliasCheckFailed the {@code checks["deployment-alias"]} state is {@code failed}: its
 *     domains will not come
 */
public record VercelDeployment(
    @Nullable String id,
    @Nullable String url,
    @Nullable String readyState,
    @Nullable String readySubstate,
    @Nullable String target,
    boolean aliasAssigned,
    @Nullable String aliasErrorCode,
    @Nullable String aliasErrorMessage,
    List<String> aliases,
    @Nullable String inspectorUrl,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    long createdAt,
    @Nullable String commitSha,
    @Nullable Boolean rollbackCandidate,
    boolean aliasCheckFailed) {

  public static VercelDeployment from(JsonNode n) {
    List<String> aliases = new ArrayList<>();
    n.path("alias").forEach(a -> aliases.add(a.asText()));
    JsonNode aliasError = n.path("aliasError");
    JsonNode candidate = n.path("isRollbackCandidate");
    return new VercelDeployment(
        text(n, "id") != null ? text(n, "id") : text(n, "uid"),
        text(n, "url"),
        text(n, "readyState") != null ? text(n, "readyState") : text(n, "state"),
        text(n, "readySubstate"),
        text(n, "target"),
        n.path("aliasAssigned").asBoolean(false) || n.path("aliasAssigned").isNumber(),
        aliasError.isObject() ? text(aliasError, "code") : null,
        aliasError.isObject() ? text(aliasError, "message") : null,
        List.copyOf(aliases),
        text(n, "inspectorUrl"),
        text(n, "errorCode"),
        text(n, "errorMessage"),
        n.has("createdAt") ? n.path("createdAt").asLong() : n.path("created").asLong(),
        text(n.path("meta"), "githubCommitSha"),
        candidate.isBoolean() ? candidate.asBoolean() : null,
        "failed".equals(n.path("checks").path("deployment-alias").path("state").asText()));
  }

  /** The deployment's own address, with its scheme. */
  public @Nullable String httpsUrl() {
    return url == null ? null : url.startsWith("http") ? url : "https://" + url;
  }

  public boolean isReady() {
    return "READY".equals(readyState);
  }

  /** ERROR, CANCELED and BLOCKED never become READY. */
  public boolean isFailed() {
    return "ERROR".equals(readyState)
        || "CANCELED".equals(readyState)
        || "BLOCKED".equals(readyState);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
