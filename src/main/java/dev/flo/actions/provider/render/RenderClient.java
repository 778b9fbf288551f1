package dev.flo.actions.provider.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Render REST API calls flo-actions makes (spec: api-docs.render.com, copy in
 * reference/specs/render-public-api.json). One method per call; each names itself in errors.
 * Retries, 429 with {@code Ratelimit-Reset} and backoff are {@link Http}'s; POSTs are not retried
 * on 5xx because Render may have acted on them.
 */
public final class RenderClient {
  public static final String PUBLIC_API = "https://api.render.com/v1";

  private final String base;
  private final Secret token;
  private final Http http;
  private final Masker masker;

  /**
   * A client whose error excerpts are redacted of every secret {@code masker} knows, the token
   * included.
   */
  public RenderClient(String baseUrl, Secret token, Http http, Masker masker) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.http = http;
    this.masker = masker;
    masker.mask(token.reveal());
  }

  /** A client whose error excerpts are redacted of its own token only. */
  public RenderClient(String baseUrl, Secret token, Http http) {
    this(baseUrl, token, http, new Masker(new PrintStream(OutputStream.nullOutputStream())));
  }

  /** What a trigger asks for (spec {@code create-deploy} body). */
  public record DeployRequest(
      @Nullable String commitId, @Nullable String imageUrl, boolean clearCache) {}

  /** Filters of {@code list-deploys}; null means unfiltered. */
  public record DeployQuery(
      List<String> statuses,
      @Nullable Instant createdAfter,
      @Nullable Instant createdBefore,
      int limit) {
    public static DeployQuery recent(int limit) {
      return new DeployQuery(List.of(), null, null, limit);
    }
  }

  public RenderService service(String serviceId)
      throws IOException, InterruptedException, RenderException {
    return RenderService.fromJson(
        call("get Render service " + serviceId, get("/services/" + enc(serviceId)), 200));
  }

  /**
   * Triggers a deploy. Render answers 201 with the deploy, or 202 "Queued" with no body at all, in
   * which case the result is empty and the caller finds the deploy by listing.
   */
  public Optional<RenderDeploy> triggerDeploy(String serviceId, DeployRequest request)
      throws IOException, InterruptedException, RenderException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (request.commitId() != null) {
      body.put("commitId", request.commitId());
    }
    if (request.imageUrl() != null) {
      body.put("imageUrl", request.imageUrl());
    }
    body.put("clearCache", request.clearCache() ? "clear" : "do_not_clear");
    String what = "trigger Render deploy of " + serviceId;
    HttpResponse<String> r =
        http.send(post("/services/" + enc(serviceId) + "/deploys", body), what);
    if (r.statusCode() == 202) {
      return Optional.empty();
    }
    return Optional.of(RenderDeploy.fromJson(check(what, r, 201)));
  }

  public RenderDeploy deploy(String serviceId, String deployId)
      throws IOException, InterruptedException, RenderException {
    String path = "/services/" + enc(serviceId) + "/deploys/" + enc(deployId);
    return RenderDeploy.fromJson(call("get Render deploy " + deployId, get(path), 200));
  }

  /** Deploys of a service, newest first. */
  public List<RenderDeploy> deploys(String serviceId, DeployQuery q)
      throws IOException, InterruptedException, RenderException {
    StringBuilder query = new StringBuilder("?limit=").append(q.limit());
    // OpenAPI's default for an array query parameter is form style, exploded: status=a&status=b.
    q.statuses().forEach(s -> query.append("&status=").append(enc(s)));
    if (q.createdAfter() != null) {
      query.append("&createdAfter=").append(enc(q.createdAfter().toString()));
    }
    if (q.createdBefore() != null) {
      query.append("&createdBefore=").append(enc(q.createdBefore().toString()));
    }
    JsonNode list =
        call(
            "list Render deploys of " + serviceId,
            get("/services/" + enc(serviceId) + "/deploys" + query),
            200);
    List<RenderDeploy> deploys = new ArrayList<>();
    list.forEach(item -> deploys.add(RenderDeploy.fromJson(item.path("deploy"))));
    deploys.sort(
        Comparator.comparing(
                RenderDeploy::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed());
    return deploys;
  }

  public RenderDeploy cancel(String serviceId, String deployId)
      throws IOException, InterruptedException, RenderException {
    String what = "cancel Render deploy " + deployId;
    String path = "/services/" + enc(serviceId) + "/deploys/" + enc(deployId) + "/cancel";
    // cancel-deploy declares no request body.
    HttpRequest request = builder(path).POST(HttpRequest.BodyPublishers.noBody()).build();
    return RenderDeploy.fromJson(check(what, http.send(request, what), 200));
  }

  /**
   * Rolls the service back to {@code targetDeployId}; Render answers with a new deploy whose
   * trigger is rollback.
   */
  public RenderDeploy rollback(String serviceId, String targetDeployId)
      throws IOException, InterruptedException, RenderException {
    String what = "roll Render service " + serviceId + " back to " + targetDeployId;
    ObjectNode body = Json.MAPPER.createObjectNode().put("deployId", targetDeployId);
    return RenderDeploy.fromJson(
        check(what, http.send(post("/services/" + enc(serviceId) + "/rollback", body), what), 201));
  }

  private JsonNode call(String what, HttpRequest request, int expected)
      throws IOException, InterruptedException, RenderException {
    return check(what, http.send(request, what), expected);
  }

  private JsonNode check(String what, HttpResponse<String> r, int expected) throws RenderException {
    if (r.statusCode() != expected) {
      throw new RenderException(what, r.statusCode(), detail(r));
    }
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new RenderException(what, r.statusCode(), "the answer was not JSON");
    }
  }

  /**
   * Render's {@code {message, code}}, or a note that an HTML page came back instead (its edge, not
   * the API).
   */
  private String detail(HttpResponse<String> r) {
    String body = r.body() == null ? "" : r.body().strip();
    if (body.startsWith("<")) {
      return "an HTML error page instead of the API's JSON";
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      String message = n.path("message").asText("");
      String code = n.path("code").asText("");
      return code.isEmpty() ? message : message + " [" + code + "]";
    } catch (IOException e) {
      return masker.excerpt(body);
    }
  }

  private HttpRequest get(String path) {
    return builder(path).GET().build();
  }

  private HttpRequest post(String path, JsonNode body) {
    return builder(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token.reveal());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
