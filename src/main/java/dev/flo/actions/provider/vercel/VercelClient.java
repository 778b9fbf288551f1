package dev.flo.actions.provider.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Vercel REST API calls flo-actions makes, one method per call, each described for messages.
 * Auth is a bearer token; every call carries {@code teamId} when the project belongs to a team.
 * Retries and {@code Retry-After} are {@link Http}'s.
 */
public final class VercelClient {
  public static final URI DEFAULT_API = URI.create("https://api.vercel.com");

  private final Http http;
  private final String base;
  private final Secret token;
  private final @Nullable String teamId;
  private final Masker masker;

  /**
   * @param masker registers the token (and the forms a server could echo it in) and redacts error
   *     excerpts
   */
  public VercelClient(Http http, URI apiUrl, Secret token, @Nullable String teamId, Masker masker) {
    this.http = http;
    this.masker = masker;
    masker.mask(token.reveal());
    String s = apiUrl.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.token = token;
    this.teamId = teamId;
  }

  /**
   * Creates a deployment. When Vercel lacks some contents it answers {@code missing_files}, thrown
   * as a {@link VercelException} whose {@link VercelException#missing()} lists them.
   */
  public VercelDeployment createDeployment(NewDeployment d)
      throws IOException, InterruptedException {
    // Without skipAutoDetectionConfirmation a framework mismatch asks for a confirmation CI cannot
    // give. forceNew=1
    // (as `vercel --force` sends) makes Vercel build this request even when it matches a recent
    // deployment, so the
    // id we wait for and report is always the one this run created, never an older one Vercel
    // reused.
    String body = d.toJson(Json.MAPPER);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("skipAutoDetectionConfirmation", "1");
    query.put("forceNew", "1");
    return VercelDeployment.from(
        call(
            "POST",
            "/v13/deployments",
            query,
            HttpRequest.BodyPublishers.ofString(body),
            "application/json",
            Map.of(),
            "create Vercel deployment for " + d.project()));
  }

  /**
   * Uploads one content, addressed by its SHA-1 ({@code POST /v2/files}); Vercel answers {@code {}}
   * if it had it.
   */
  public void uploadFile(String sha, DeploymentFiles.Source source)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher bytes =
        source.path() != null
            ? HttpRequest.BodyPublishers.ofFile(source.path())
            : HttpRequest.BodyPublishers.ofByteArray(source.linkTarget());
    // The JDK sets Content-Length from the publisher; x-now-digest and x-now-size are what
    // @vercel/client sends.
    Map<String, String> headers =
        Map.of(
            "x-vercel-digest",
            sha,
            "x-now-digest",
            sha,
            "x-now-size",
            Long.toString(source.size()));
    // Content-addressed: sending it twice stores it once, so it is retried like a read (5xx, broken
    // connection).
    call(
        "POST",
        "/v2/files",
        Map.of(),
        bytes,
        "application/octet-stream",
        headers,
        "upload file " + sha.substring(0, 12) + " to Vercel",
        true);
  }

  public VercelDeployment getDeployment(String id) throws IOException, InterruptedException {
    return VercelDeployment.from(
        call(
            "GET",
            "/v13/deployments/" + enc(id),
            Map.of(),
            null,
            null,
            Map.of(),
            "get Vercel deployment " + id));
  }

  /**
   * The last lines of a deployment's build log ({@code GET /v3/deployments/{id}/events}), oldest
   * first. Events are sorted by their {@code created} time here, whatever order the API returns
   * them in.
   */
  public List<String> buildLog(String id, int lines) throws IOException, InterruptedException {
    JsonNode events =
        call(
            "GET",
            "/v3/deployments/" + enc(id) + "/events",
            Map.of("direction", "backward", "limit", Integer.toString(lines)),
            null,
            null,
            Map.of(),
            "get the build log of Vercel deployment " + id);
    List<JsonNode> sorted = new ArrayList<>();
    events.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparingLong(e -> e.path("created").asLong()));
    List<String> out = new ArrayList<>();
    for (JsonNode e : sorted) {
      String text = e.path("payload").path("text").asText(e.path("text").asText(""));
      if (!text.isBlank()) {
        out.addAll(text.lines().toList());
      }
    }
    return List.copyOf(out.subList(Math.max(0, out.size() - lines), out.size()));
  }

  /** Points an extra domain at a deployment ({@code POST /v2/deployments/{id}/aliases}). */
  public void assignAlias(String id, String alias) throws IOException, InterruptedException {
    String body = Json.MAPPER.createObjectNode().put("alias", alias).toString();
    call(
        "POST",
        "/v2/deployments/" + enc(id) + "/aliases",
        Map.of(),
        HttpRequest.BodyPublishers.ofString(body),
        "application/json",
        Map.of(),
        "assign alias " + alias + " to Vercel deployment " + id);
  }

  /** Cancels a deployment that is still building ({@code PATCH /v12/deployments/{id}/cancel}). */
  public VercelDeployment cancelDeployment(String id) throws IOException, InterruptedException {
    return VercelDeployment.from(
        call(
            "PATCH",
            "/v12/deployments/" + enc(id) + "/cancel",
            Map.of(),
            HttpRequest.BodyPublishers.noBody(),
            "application/json",
            Map.of(),
            "cancel Vercel deployment " + id));
  }

  /**
   * The deployment production domains serve now: the project's {@code targets.production} ({@code
   * GET /v9/projects/{id}}), which after an instant rollback is older than the newest production
   * deployment; the newest READY production deployment when the project names none.
   */
  public Optional<VercelDeployment> currentProduction(String projectId)
      throws IOException, InterruptedException {
    JsonNode project =
        call(
            "GET",
            "/v9/projects/" + enc(projectId),
            Map.of(),
            null,
            null,
            Map.of(),
            "get Vercel project " + projectId);
    JsonNode production = project.path("targets").path("production");
    if (production.isObject() && (production.has("id") || production.has("uid"))) {
      return Optional.of(VercelDeployment.from(production));
    }
    return productionDeployments(projectId, 1, false).stream().findFirst();
  }

  /**
   * READY production deployments, newest first ({@code GET
   * /v7/deployments?target=production&state=READY}).
   *
   * @param rollbackCandidates only those Vercel accepts as instant-rollback targets
   */
  public List<VercelDeployment> productionDeployments(
      String projectId, int limit, boolean rollbackCandidates)
      throws IOException, InterruptedException {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("projectId", projectId);
    q.put("target", "production");
    q.put("state", "READY");
    q.put("limit", Integer.toString(limit));
    if (rollbackCandidates) {
      q.put("rollbackCandidate", "true");
    }
    JsonNode page =
        call(
            "GET",
            "/v7/deployments",
            q,
            null,
            null,
            Map.of(),
            "list Vercel production deployments of " + projectId);
    List<VercelDeployment> out = new ArrayList<>();
    page.path("deployments").forEach(d -> out.add(VercelDeployment.from(d)));
    return List.copyOf(out);
  }

  /**
   * Instant rollback: production domains point at an earlier production deployment, nothing is
   * rebuilt ({@code POST /v1/projects/{projectId}/rollback/{deploymentId}}, 201 with no body).
   * Hobby projects may only go back to the deployment just before; afterwards Vercel stops
   * assigning production domains automatically until a promote (vercel.com/docs/instant-rollback).
   */
  public void rollback(String projectId, String deploymentId, String description)
      throws IOException, InterruptedException {
    Map<String, String> q =
        description == null || description.isBlank()
            ? Map.of()
            : Map.of("description", description);
    call(
        "POST",
        "/v1/projects/" + enc(projectId) + "/rollback/" + enc(deploymentId),
        q,
        HttpRequest.BodyPublishers.noBody(),
        "application/json",
        Map.of(),
        "roll Vercel project " + projectId + " back to " + deploymentId);
  }

  private JsonNode call(
      String method,
      String path,
      Map<String, String> query,
      HttpRequest.@Nullable BodyPublisher body,
      @Nullable String contentType,
      Map<String, String> headers,
      String description)
      throws IOException, InterruptedException {
    return call(method, path, query, body, contentType, headers, description, false);
  }

  private JsonNode call(
      String method,
      String path,
      Map<String, String> query,
      HttpRequest.@Nullable BodyPublisher body,
      @Nullable String contentType,
      Map<String, String> headers,
      String description,
      boolean idempotent)
      throws IOException, InterruptedException {
    Map<String, String> q = new LinkedHashMap<>();
    if (teamId != null && !teamId.isBlank()) {
      q.put("teamId", teamId);
    }
    q.putAll(query);
    StringBuilder url = new StringBuilder(base).append(path);
    String sep = "?";
    for (var e : q.entrySet()) {
      url.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = "&";
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url.toString()))
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    if (body != null && body.contentLength() > 1_000_000) {
      b.timeout(Duration.ofMinutes(5));
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    HttpResponse<String> response =
        idempotent
            ? http.sendIdempotent(b.build(), description)
            : http.send(b.build(), description);
    JsonNode parsed = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      if (parsed == null && response.body() != null && !response.body().isBlank()) {
        // A 200 that is not JSON (a captive portal, a proxy's page) is not an empty answer: read as
        // one, it became
        // "no production deployment" or a crash further on.
        throw error(description, response.statusCode(), null, response.body());
      }
      return parsed == null ? Json.MAPPER.createObjectNode() : parsed;
    }
    throw error(description, response.statusCode(), parsed, response.body());
  }

  private VercelException error(
      String description, int status, @Nullable JsonNode parsed, String raw) {
    JsonNode e = parsed == null ? null : parsed.path("error");
    if (e != null && e.isObject()) {
      List<String> missing = new ArrayList<>();
      e.path("missing").forEach(m -> missing.add(m.asText()));
      return new VercelException(
          description,
          status,
          e.path("code").asText(null),
          e.path("message").asText(null),
          missing);
    }
    // Redacted before it is cut (Masker.shorten): the half of a token that straddles the cut would
    // print.
    String excerpt =
        raw == null || raw.isBlank()
            ? null
            : "not a Vercel API answer: "
                + masker.shorten(masker.redact(raw.strip()).replaceAll("\\s+", " "), 120);
    return new VercelException(description, status, null, excerpt, List.of());
  }

  private @Nullable JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
