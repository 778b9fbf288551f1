package dev.flo.actions.provider.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Railway GraphQL endpoint that behaves as documented: a project token in {@code
 * Project-Access-Token} or an account token as a bearer, "Not Authorized" and other errors inside
 * an HTTP 200, deployments that walk through a status script one poll at a time, and the edge's
 * HTML 403 page. Every document it receives is validated against Railway's published schema.
 */
public final class RailwayFake implements AutoCloseable, AfterEachCallback {
  public static final String PROJECT_TOKEN = "rw_project_token_0001";
  public static final String ACCOUNT_TOKEN = "rw_account_token_0002";
  public static final String SERVICE = "svc-0001";
  public static final String ENVIRONMENT = "env-0001";

  /** One deployment and the statuses it shows on the next polls. */
  public static final class Deployment {
    public final String id;
    public final String commit;
    volatile String status;
    final String createdAt;
    final Deque<String> script;

    Deployment(String id, String commit, String status, String createdAt, List<String> script) {
      this.id = id;
      this.commit = commit;
      this.status = status;
      this.createdAt = createdAt;
      this.script = new ArrayDeque<>(script);
    }

    public String status() {
      return status;
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final LocalHttpServer server;
  private final List<Deployment> deployments = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<String> mutations = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger edgeRefusals = new AtomicInteger();
  private final AtomicInteger rateLimits = new AtomicInteger();
  private volatile boolean lost;
  private volatile List<String> nextScript = List.of("BUILDING", "DEPLOYING", "SUCCESS");

  public RailwayFake(Clock clock) throws IOException {
    this.clock = clock;
    this.server = new LocalHttpServer(this::handle);
  }

  /**
   * For {@code @RegisterExtension}: after each test, asserts every document was valid, then stops.
   */
  public static RailwayFake start(Clock clock) {
    try {
      return new RailwayFake(clock);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
    org.assertj.core.api.Assertions.assertThat(schemaViolations())
        .as("documents against Railway's schema")
        .isEmpty();
  }

  public String apiUrl() {
    return server.baseUrl() + "/graphql/v2";
  }

  /**
   * The statuses a new deployment shows on the next polls; {@code ""} is a poll where Railway omits
   * the status.
   */
  public RailwayFake script(String... statuses) {
    nextScript = List.of(statuses);
    return this;
  }

  /** From now on, a deployment query answers {@code "deployment": null} without an error. */
  public RailwayFake loseDeployments() {
    lost = true;
    return this;
  }

  /** The next {@code n} requests get Cloudflare's HTML "Access denied" page with status 403. */
  public RailwayFake refuseAtTheEdge(int n) {
    edgeRefusals.set(n);
    return this;
  }

  /**
   * The next {@code n} requests get a 429; "Backboard sets Retry-After on every 429"
   * (railwayapp/cli client.rs).
   */
  public RailwayFake rateLimit(int n) {
    rateLimits.set(n);
    return this;
  }

  public Deployment seed(String commit, String status) {
    Deployment d =
        new Deployment(
            "dpl-seed" + ids.incrementAndGet(),
            commit,
            status,
            clock.now().minusSeconds(3600L * (10 - deployments.size())).toString(),
            List.of());
    deployments.add(d);
    return d;
  }

  public List<Deployment> deployments() {
    return List.copyOf(deployments);
  }

  /** The names of the mutations received, in order. */
  public List<String> mutations() {
    return List.copyOf(mutations);
  }

  /** Every document received that the published schema rejects. */
  public List<String> schemaViolations() {
    return List.copyOf(violations);
  }

  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  private void handle(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (edgeRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      LocalHttpServer.respond(
          ex,
          403,
          "text/html",
          "<!DOCTYPE html><html><head><title>Access denied | backboard.railway.com used Cloudflare to restrict access</title></head><body>Error 1015</body></html>");
      return;
    }
    if (rateLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Retry-After", "12");
      ex.getResponseHeaders().set("X-RateLimit-Remaining", "0");
      LocalHttpServer.json(ex, 429, "{\"errors\":[{\"message\":\"Too many requests\"}]}");
      return;
    }
    JsonNode body = json.readTree(r.bodyText());
    String query = body.path("query").asText();
    JsonNode vars = body.path("variables");
    violations.addAll(RailwaySchema.violations(query).stream().map(v -> query + ": " + v).toList());
    boolean authorized =
        PROJECT_TOKEN.equals(r.header("Project-Access-Token"))
            || ("Bearer " + ACCOUNT_TOKEN).equals(r.header("Authorization"));
    if (!authorized) {
      // Railway answers auth problems as GraphQL errors with HTTP 200.
      LocalHttpServer.json(
          ex,
          200,
          "{\"data\":null,\"errors\":[{\"message\":\"Not Authorized\",\"locations\":[{\"line\":1,\"column\":1}],\"path\":[\"x\"]}]}");
      return;
    }
    ObjectNode data = json.createObjectNode();
    synchronized (this) {
      if (query.contains("serviceInstanceDeployV2")) {
        mutations.add("serviceInstanceDeployV2");
        if (!SERVICE.equals(vars.path("serviceId").asText())
            || !ENVIRONMENT.equals(vars.path("environmentId").asText())) {
          LocalHttpServer.json(
              ex, 200, "{\"data\":null,\"errors\":[{\"message\":\"Service not found\"}]}");
          return;
        }
        Deployment d =
            new Deployment(
                "dpl-" + ids.incrementAndGet(),
                vars.path("commitSha").asText(null),
                "INITIALIZING",
                clock.now().toString(),
                nextScript);
        deployments.add(d);
        data.put("serviceInstanceDeployV2", d.id);
      } else if (query.contains("deploymentRollback")) {
        mutations.add("deploymentRollback");
        Deployment target = find(vars.path("id").asText());
        if (target == null || !canRollback(target)) {
          LocalHttpServer.json(
              ex,
              200,
              "{\"data\":null,\"errors\":[{\"message\":\"Cannot rollback to this deployment\"}]}");
          return;
        }
        deployments.add(
            new Deployment(
                "dpl-" + ids.incrementAndGet() + "r",
                target.commit,
                "INITIALIZING",
                clock.now().toString(),
                List.of("DEPLOYING", "SUCCESS")));
        data.put("deploymentRollback", true);
      } else if (query.contains("deploymentCancel")) {
        mutations.add("deploymentCancel");
        Deployment d = find(vars.path("id").asText());
        d.status = "REMOVED";
        d.script.clear();
        data.put("deploymentCancel", true);
      } else if (query.contains("deployments(")) {
        ArrayNode edges = json.createArrayNode();
        new ArrayList<>(deployments)
            .reversed().stream()
                .limit(vars.path("first").asInt(20))
                .forEach(d -> edges.add(json.createObjectNode().set("node", node(d))));
        data.set("deployments", json.createObjectNode().set("edges", edges));
      } else if (query.contains("deployment(")) {
        Deployment d = find(vars.path("id").asText());
        if (d == null) {
          LocalHttpServer.json(
              ex, 200, "{\"data\":null,\"errors\":[{\"message\":\"Deployment not found\"}]}");
          return;
        }
        advance(d);
        data.set("deployment", lost ? json.nullNode() : node(d));
      }
    }
    LocalHttpServer.json(ex, 200, json.createObjectNode().set("data", data).toString());
  }

  private void advance(Deployment d) {
    if (d.script.isEmpty()) {
      return;
    }
    String next = d.script.size() == 1 ? d.script.peek() : d.script.poll();
    if (next.equals("SUCCESS")) {
      deployments.stream()
          .filter(o -> o != d && o.status.equals("SUCCESS"))
          .forEach(o -> o.status = "REMOVED");
    }
    d.status = next;
  }

  private Deployment find(String id) {
    return deployments.stream().filter(d -> d.id.equals(id)).findFirst().orElse(null);
  }

  /**
   * A deployment that ran (live now, or live before and since replaced) can be restored; a failed
   * one cannot.
   */
  private static boolean canRollback(Deployment d) {
    return d.status.equals("SUCCESS") || d.status.equals("REMOVED") || d.status.equals("SLEEPING");
  }

  private ObjectNode node(Deployment d) {
    ObjectNode n =
        json.createObjectNode()
            .put("id", d.id)
            .put("status", d.status.isEmpty() ? null : d.status)
            .put("canRollback", canRollback(d))
            .put("staticUrl", "shop-api-production.up.railway.app")
            .put("createdAt", d.createdAt);
    n.set(
        "meta",
        d.commit == null
            ? json.createObjectNode()
            : json.createObjectNode().put("commitHash", d.commit).put("branch", "main"));
    return n;
  }

  @Override
  public void close() {
    server.close();
  }
}
