package dev.flo.actions.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The workflow run a step belongs to, from the runner's {@code GITHUB_*} variables and the event
 * payload. Hosts come from {@code GITHUB_SERVER_URL}/{@code GITHUB_API_URL} so GitHub Enterprise
 * Server works.
 */
public record GitHubContext(
    boolean actions,
    @Nullable String repository,
    @Nullable String sha,
    @Nullable String ref,
    @Nullable String refName,
    @Nullable String eventName,
    @Nullable String actor,
    @Nullable String runId,
    @Nullable String runAttempt,
    @Nullable String workflow,
    String serverUrl,
    String apiUrl,
    String graphqlUrl,
    Path workspace,
    @Nullable Path eventPath,
    @Nullable PullRequest pullRequest) {

  /** The pull request of a {@code pull_request}/{@code pull_request_target} event. */
  public record PullRequest(
      int number,
      @Nullable String headSha,
      @Nullable String headRef,
      @Nullable String baseSha,
      @Nullable String baseRef) {}

  public static GitHubContext fromEnv(Map<String, String> env) {
    String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
    String api = env.getOrDefault("GITHUB_API_URL", "https://api.github.com");
    Path workspace = Path.of(env.getOrDefault("GITHUB_WORKSPACE", System.getProperty("user.dir")));
    String eventFile = env.get("GITHUB_EVENT_PATH");
    Path eventPath = eventFile == null || eventFile.isBlank() ? null : Path.of(eventFile);
    return new GitHubContext(
        "true".equals(env.get("GITHUB_ACTIONS")),
        env.get("GITHUB_REPOSITORY"),
        env.get("GITHUB_SHA"),
        env.get("GITHUB_REF"),
        env.get("GITHUB_REF_NAME"),
        env.get("GITHUB_EVENT_NAME"),
        env.get("GITHUB_ACTOR"),
        env.get("GITHUB_RUN_ID"),
        env.get("GITHUB_RUN_ATTEMPT"),
        env.get("GITHUB_WORKFLOW"),
        stripSlash(server),
        stripSlash(api),
        env.getOrDefault("GITHUB_GRAPHQL_URL", stripSlash(api) + "/graphql"),
        workspace,
        eventPath,
        readPullRequest(eventPath));
  }

  /** The link to this run, or null outside a run. */
  public @Nullable String runUrl() {
    if (repository == null || runId == null) {
      return null;
    }
    return serverUrl
        + "/"
        + repository
        + "/actions/runs/"
        + runId
        + (runAttempt == null || runAttempt.equals("1") ? "" : "/attempts/" + runAttempt);
  }

  public Optional<PullRequest> pr() {
    return Optional.ofNullable(pullRequest);
  }

  /** The payload as JSON, or an empty object when there is none. */
  public JsonNode event() {
    return readJson(eventPath);
  }

  private static @Nullable PullRequest readPullRequest(@Nullable Path eventPath) {
    if (eventPath == null || !Files.isRegularFile(eventPath)) {
      return null; // no payload (a run outside Actions): no need to start the JSON mapper
    }
    JsonNode pr = readJson(eventPath).path("pull_request");
    if (pr.isMissingNode() || !pr.has("number")) {
      return null;
    }
    return new PullRequest(
        pr.path("number").asInt(),
        pr.path("head").path("sha").asText(null),
        pr.path("head").path("ref").asText(null),
        pr.path("base").path("sha").asText(null),
        pr.path("base").path("ref").asText(null));
  }

  private static JsonNode readJson(@Nullable Path p) {
    if (p == null || !Files.isRegularFile(p)) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(p.toFile());
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
