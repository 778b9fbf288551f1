package dev.flo.actions.provider.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Railway's public GraphQL API (docs.railway.com/reference/public-api; schema in railwayapp/cli
 * src/gql/schema.json). Both token kinds work: a project token goes in {@code
 * Project-Access-Token}, an account or workspace token in {@code Authorization: Bearer}; the first
 * call finds out which one it is. GraphQL errors arrive with HTTP 200, and Railway's edge sometimes
 * answers a heavy caller with an HTML 403 page instead of a 429: both are handled here.
 */
public final class RailwayClient {
  public static final String PUBLIC_API = "https://backboard.railway.com/graphql/v2";

  public static final String DEPLOY =
      "mutation deploy($serviceId: String!, $environmentId: String!, $commitSha: String) {"
          + " serviceInstanceDeployV2(serviceId: $serviceId, environmentId: $environmentId, commitSha: $commitSha) }";
  public static final String DEPLOYMENT =
      "query deployment($id: String!) { deployment(id: $id) { id status staticUrl meta createdAt canRollback } }";
  public static final String DEPLOYMENTS =
      "query deployments($serviceId: String!, $environmentId: String!, $first: Int) {"
          + " deployments(input: { serviceId: $serviceId, environmentId: $environmentId }, first: $first) {"
          + " edges { node { id status staticUrl meta createdAt canRollback } } } }";
  public static final String CANCEL = "mutation cancel($id: String!) { deploymentCancel(id: $id) }";
  public static final String ROLLBACK =
      "mutation rollback($id: String!) { deploymentRollback(id: $id) }";

  /** Waits after Railway's edge refuses with an HTML 403; then the call fails with advice. */
  static final List<Duration> EDGE_BACKOFF =
      List.of(Duration.ofSeconds(10), Duration.ofSeconds(30));

  private enum Auth {
    PROJECT,
    BEARER
  }

  private final URI endpoint;
  private final Secret token;
  private final Http http;
  private final Clock clock;
  private final Log log;
  private @Nullable Auth auth;

  public RailwayClient(String endpoint, Secret token, Http http, Clock clock, Log log) {
    this.endpoint = URI.create(endpoint);
    this.token = token;
    this.http = http;
    this.clock = clock;
    this.log = log;
  }

  /** Starts a deployment of {@code commitSha} (null: the latest commit) and returns its id. */
  public String deploy(String serviceId, String environmentId, @Nullable String commitSha)
      throws IOException, InterruptedException, RailwayException {
    ObjectNode vars =
        Json.MAPPER
            .createObjectNode()
            .put("serviceId", serviceId)
            .put("environmentId", environmentId);
    if (commitSha != null) {
      vars.put("commitSha", commitSha);
    }
    return call("deploy Railway service " + serviceId, DEPLOY, vars)
        .path("serviceInstanceDeployV2")
        .asText();
  }

  public RailwayDeployment deployment(String id)
      throws IOException, InterruptedException, RailwayException {
    JsonNode d =
        call(
                "get Railway deployment " + id,
                DEPLOYMENT,
                Json.MAPPER.createObjectNode().put("id", id))
            .path("deployment");
    if (!d.isObject()) {
      throw new RailwayException(
          "Railway returned no deployment "
              + id
              + " (it answered without an error, but with no deployment).",
          RailwayException.Refusal.NO_DEPLOYMENT,
          200);
    }
    return RailwayDeployment.fromJson(d);
  }

  /** The latest deployments of a service in an environment, newest first. */
  public List<RailwayDeployment> deployments(String serviceId, String environmentId, int first)
      throws IOException, InterruptedException, RailwayException {
    ObjectNode vars =
        Json.MAPPER
            .createObjectNode()
            .put("serviceId", serviceId)
            .put("environmentId", environmentId)
            .put("first", first);
    List<RailwayDeployment> list = new ArrayList<>();
    call("list Railway deployments of " + serviceId, DEPLOYMENTS, vars)
        .path("deployments")
        .path("edges")
        .forEach(e -> list.add(RailwayDeployment.fromJson(e.path("node"))));
    return list;
  }

  public void cancel(String id) throws IOException, InterruptedException, RailwayException {
    call("cancel Railway deployment " + id, CANCEL, Json.MAPPER.createObjectNode().put("id", id));
  }

  /**
   * Rolls the service back to deployment {@code targetId} ("Rolls back to a deployment"); Railway
   * returns no id.
   */
  public void rollback(String targetId) throws IOException, InterruptedException, RailwayException {
    call(
        "roll Railway back to deployment " + targetId,
        ROLLBACK,
        Json.MAPPER.createObjectNode().put("id", targetId));
  }

  private JsonNode call(String what, String document, ObjectNode variables)
      throws IOException, InterruptedException, RailwayException {
    if (auth == null) {
      auth = Auth.PROJECT;
      try {
        return send(what, document, variables);
      } catch (RailwayException e) {
        if (e.getMessage() == null || !e.getMessage().contains("Not Authorized")) {
          throw e;
        }
        // Not a project token: try it as an account or workspace token.
        auth = Auth.BEARER;
      }
    }
    return send(what, document, variables);
  }

  private JsonNode send(String what, String document, ObjectNode variables)
      throws IOException, InterruptedException, RailwayException {
    String body =
        Json.MAPPER
            .createObjectNode()
            .put("query", document)
            .<ObjectNode>set("variables", variables)
            .toString();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpRequest request =
        (auth == Auth.PROJECT
                ? b.header("Project-Access-Token", token.reveal())
                : b.header("Authorization", "Bearer " + token.reveal()))
            .build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r = http.send(request, what);
      String text = r.body() == null ? "" : r.body().strip();
      if (r.statusCode() == 403 && text.startsWith("<")) {
        if (attempt < EDGE_BACKOFF.size()
            && EDGE_BACKOFF.get(attempt).compareTo(http.timeLeft()) < 0) {
          log.info(
              "%s: Railway's edge refused with an HTML 403 (its rate limiting); waiting %ds",
              what, EDGE_BACKOFF.get(attempt).toSeconds());
          Progress.sleep(
              log, clock, what + ": waiting out Railway's edge", EDGE_BACKOFF.get(attempt));
          continue;
        }
        throw new RailwayException(
            what
                + ": Railway's edge kept refusing (HTML 403 \"Access denied\"), which it does to callers it rate limits.",
            RailwayException.Refusal.EDGE_RATE_LIMITED,
            403);
      }
      if (r.statusCode() == 429) {
        throw new RailwayException(
            what + ": Railway answered HTTP 429 (rate limited).",
            RailwayException.Refusal.RATE_LIMITED,
            429);
      }
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(text.isEmpty() ? "{}" : text);
      } catch (IOException e) {
        throw new RailwayException(
            what + ": Railway answered HTTP " + r.statusCode() + " with a body that is not JSON.",
            RailwayException.Refusal.NOT_JSON,
            r.statusCode());
      }
      if (n.path("errors").isArray() && !n.path("errors").isEmpty()) {
        String message = n.path("errors").get(0).path("message").asText("unknown error");
        throw new RailwayException(
            what + ": " + message,
            message.contains("Not Authorized")
                ? RailwayException.Refusal.NOT_AUTHORIZED
                : RailwayException.Refusal.REJECTED,
            r.statusCode());
      }
      if (r.statusCode() / 100 != 2) {
        throw new RailwayException(
            what + ": Railway answered HTTP " + r.statusCode() + ".",
            RailwayException.Refusal.HTTP_ERROR,
            r.statusCode());
      }
      return n.path("data");
    }
  }
}
