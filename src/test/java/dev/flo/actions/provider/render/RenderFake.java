package dev.flo.actions.provider.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Render API that behaves as documented (render-public-api.json and api-docs.render.com):
 * deploys walk through a status script one poll at a time, a deploy that goes live deactivates the
 * one before, triggers can answer 202 with no body or 429 with {@code Ratelimit-Reset}, reads can
 * fail with HTML 5xx pages, and rollback creates a deploy with trigger {@code rollback}. Every
 * exchange is checked against the published spec.
 */
public final class RenderFake implements AutoCloseable, AfterEachCallback {
  public static final String TOKEN = "rnd_fake_api_key_0001";
  public static final String SERVICE = "srv-fake001";
  private static final Pattern SERVICE_PATH =
      Pattern.compile("/v1/services/([^/]+)(/deploys(?:/([^/]+)(/cancel)?)?|/rollback)?");

  /** One deploy and the statuses it will show on the next polls. */
  public static final class Deploy {
    public final String id;
    final String commit;
    final String image;
    volatile String status;
    final String trigger;
    final Instant createdAt;
    volatile Instant finishedAt;
    final Deque<String> script;

    Deploy(
        String id,
        String commit,
        String image,
        String status,
        String trigger,
        Instant createdAt,
        List<String> script) {
      this.id = id;
      this.commit = commit;
      this.image = image;
      this.status = status;
      this.trigger = trigger;
      this.createdAt = createdAt;
      this.script = new ArrayDeque<>(script);
    }

    public String status() {
      return status;
    }

    /** Replaces the statuses this deploy will show on the next polls. */
    public void willShow(String... statuses) {
      script.clear();
      script.addAll(List.of(statuses));
    }

    public String commit() {
      return commit;
    }

    public String trigger() {
      return trigger;
    }
  }

  /** One request and the answer the fake gave, for the spec check. */
  public record Exchange(LocalHttpServer.Request request, int status, String body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final RenderSpec spec = new RenderSpec();
  private final Clock clock;
  private final LocalHttpServer server;
  private final List<Deploy> deploys = new CopyOnWriteArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Boolean> autoDeploy = new ConcurrentHashMap<>();
  private volatile List<String> nextScript =
      List.of("build_in_progress", "update_in_progress", "live");
  private volatile List<String> rollbackScript = List.of("update_in_progress", "live");
  private final AtomicInteger queueTriggers = new AtomicInteger();
  private final AtomicInteger rateLimitTriggers = new AtomicInteger();
  private final AtomicInteger failReads = new AtomicInteger();
  private final AtomicInteger failTriggers = new AtomicInteger();
  private volatile boolean trickleDeployReads;
  private volatile boolean queuedUnlisted;

  public RenderFake(Clock clock) throws IOException {
    this.clock = clock;
    this.server = new LocalHttpServer(this::handle);
  }

  /**
   * For {@code @RegisterExtension}: after each test, asserts the traffic kept to the spec, then
   * stops.
   */
  public static RenderFake start(Clock clock) {
    try {
      return new RenderFake(clock);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
    org.assertj.core.api.Assertions.assertThat(specViolations())
        .as("requests and responses against render-public-api.json")
        .isEmpty();
  }

  /** The {@code api-url} to give the step. */
  public String apiUrl() {
    return server.baseUrl() + "/v1";
  }

  /** Adds a past deploy (oldest first) with a final status. */
  public Deploy seed(String commit, String status) {
    Instant at = clock.now().minus(Duration.ofHours(10 - deploys.size()));
    Deploy d =
        new Deploy(
            "dep-seed" + ids.incrementAndGet(), commit, null, status, "new_commit", at, List.of());
    d.finishedAt = at.plusSeconds(120);
    deploys.add(d);
    return d;
  }

  /** The statuses the next created deploy shows, one per poll; the last one stays. */
  public RenderFake script(String... statuses) {
    nextScript = List.of(statuses);
    return this;
  }

  /** The statuses the next rollback deploy shows, one per poll. */
  public RenderFake rollbackScript(String... statuses) {
    rollbackScript = List.of(statuses);
    return this;
  }

  public RenderFake queueNextTrigger() {
    queueTriggers.incrementAndGet();
    return this;
  }

  /**
   * The next trigger answers 202 Queued and its deploy never shows up in the list (Render's queue
   * stuck).
   */
  public RenderFake queueNextTriggerUnlisted() {
    queuedUnlisted = true;
    return queueNextTrigger();
  }

  public RenderFake rateLimitTriggers(int n) {
    rateLimitTriggers.set(n);
    return this;
  }

  /**
   * The next {@code n} reads answer 503 with an HTML page, as Render's edge does during an
   * incident.
   */
  public RenderFake failReads(int n) {
    failReads.set(n);
    return this;
  }

  /**
   * Reads of one deploy answer 200, then send the body a byte a second, never finishing: a hostile
   * poll.
   */
  public RenderFake trickleDeployReads() {
    trickleDeployReads = true;
    return this;
  }

  /**
   * The next {@code n} triggers start a deploy but answer 503 with an HTML page: the client cannot
   * know.
   */
  public RenderFake failTriggersAfterActing(int n) {
    failTriggers.set(n);
    return this;
  }

  public List<Deploy> deploys() {
    return List.copyOf(deploys);
  }

  public Deploy deploy(String id) {
    return deploys.stream().filter(d -> d.id.equals(id)).findFirst().orElseThrow();
  }

  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  public List<LocalHttpServer.Request> mutating() {
    return server.requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  /** Every way the recorded traffic breaks Render's published spec. */
  public List<String> specViolations() {
    List<String> v = new ArrayList<>();
    for (Exchange e : exchanges) {
      v.addAll(
          spec.violations(
              e.request().method(),
              e.request().path(),
              e.request().query(),
              e.request().bodyText(),
              e.status(),
              e.body()));
    }
    return v;
  }

  private void handle(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      send(r, ex, 401, "{\"id\":\"unauthorized\",\"message\":\"unauthorized\"}");
      return;
    }
    Matcher m = SERVICE_PATH.matcher(r.path());
    if (!m.matches() || !m.group(1).equals(SERVICE)) {
      send(r, ex, 404, "{\"id\":\"not-found\",\"message\":\"not found\"}");
      return;
    }
    if (r.method().equals("GET") && failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Content-Type", "text/html");
      exchanges.add(new Exchange(r, 503, null));
      LocalHttpServer.respond(
          ex,
          503,
          "text/html",
          "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
      return;
    }
    if (trickleDeployReads
        && m.group(3) != null
        && m.group(4) == null
        && r.method().equals("GET")) {
      // Outside the lock: the trickle holds its connection, not the fake.
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0);
      try {
        while (true) {
          ex.getResponseBody().write(' ');
          ex.getResponseBody().flush();
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    String tail = m.group(2) == null ? "" : m.group(2);
    synchronized (this) {
      if (tail.isEmpty() && r.method().equals("GET")) {
        send(r, ex, 200, service().toString());
      } else if (tail.equals("/deploys") && r.method().equals("GET")) {
        send(r, ex, 200, list(query(r.query())).toString());
      } else if (tail.equals("/deploys") && r.method().equals("POST")) {
        trigger(r, ex);
      } else if (tail.equals("/rollback") && r.method().equals("POST")) {
        rollback(r, ex);
      } else if (m.group(3) != null && find(m.group(3)) == null) {
        send(r, ex, 404, "{\"id\":\"not-found\",\"message\":\"deploy not found\"}");
      } else if (m.group(4) != null && r.method().equals("POST")) {
        Deploy d = find(m.group(3));
        if (!terminal(d.status)) {
          finish(d, "canceled");
        }
        send(r, ex, 200, json(d).toString());
      } else if (m.group(3) != null && r.method().equals("GET")) {
        Deploy d = find(m.group(3));
        advance(d);
        send(r, ex, 200, json(d).toString());
      } else {
        send(r, ex, 404, "{\"id\":\"not-found\",\"message\":\"not found\"}");
      }
    }
  }

  private void trigger(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (rateLimitTriggers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      // Render: 10 deploys per minute per service; the reset is in epoch seconds.
      ex.getResponseHeaders().set("Ratelimit-Limit", "10");
      ex.getResponseHeaders().set("Ratelimit-Remaining", "0");
      ex.getResponseHeaders()
          .set("Ratelimit-Reset", String.valueOf(clock.now().plusSeconds(30).getEpochSecond()));
      send(r, ex, 429, "{\"id\":\"rate-limited\",\"message\":\"rate limit exceeded\"}");
      return;
    }
    JsonNode body = json.readTree(r.bodyText().isBlank() ? "{}" : r.bodyText());
    String commit =
        body.has("imageUrl")
            ? null
            : body.path("commitId").asText("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    Deploy d =
        new Deploy(
            "dep-" + ids.incrementAndGet() + "x",
            commit,
            body.path("imageUrl").asText(null),
            "created",
            "api",
            clock.now(),
            nextScript);
    deploys.add(d);
    if (failTriggers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchanges.add(new Exchange(r, 503, null));
      LocalHttpServer.respond(
          ex,
          503,
          "text/html",
          "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
    } else if (queueTriggers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (queuedUnlisted) {
        deploys.remove(d);
      }
      send(r, ex, 202, null);
    } else {
      send(r, ex, 201, json(d).toString());
    }
  }

  private void rollback(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    Deploy target = find(json.readTree(r.bodyText()).path("deployId").asText());
    if (target == null || !(target.status.equals("live") || target.status.equals("deactivated"))) {
      send(
          r,
          ex,
          400,
          "{\"id\":\"invalid\",\"message\":\"can only roll back to a deploy that was live\"}");
      return;
    }
    Deploy d =
        new Deploy(
            "dep-" + ids.incrementAndGet() + "r",
            target.commit,
            target.image,
            "created",
            "rollback",
            clock.now(),
            rollbackScript);
    deploys.add(d);
    send(r, ex, 201, json(d).toString());
  }

  private void advance(Deploy d) {
    if (d.script.isEmpty() || terminal(d.status)) {
      return;
    }
    String next = d.script.size() == 1 ? d.script.peek() : d.script.poll();
    if (terminal(next)) {
      finish(d, next);
    } else {
      d.status = next;
    }
  }

  private void finish(Deploy d, String status) {
    if (status.equals("live")) {
      deploys.stream()
          .filter(o -> o != d && o.status.equals("live"))
          .forEach(o -> o.status = "deactivated");
    }
    d.status = status;
    d.finishedAt = clock.now();
    d.script.clear();
  }

  private static boolean terminal(String s) {
    return List.of(
            "live", "deactivated", "build_failed", "update_failed", "canceled", "pre_deploy_failed")
        .contains(s);
  }

  private Deploy find(String id) {
    return deploys.stream().filter(d -> d.id.equals(id)).findFirst().orElse(null);
  }

  private ArrayNode list(Map<String, List<String>> q) {
    List<String> statuses = q.getOrDefault("status", List.of());
    Instant after =
        q.containsKey("createdAfter") ? Instant.parse(q.get("createdAfter").getFirst()) : null;
    Instant before =
        q.containsKey("createdBefore") ? Instant.parse(q.get("createdBefore").getFirst()) : null;
    int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit").getFirst()) : 20;
    ArrayNode list = json.createArrayNode();
    deploys.reversed().stream()
        .filter(d -> statuses.isEmpty() || statuses.contains(d.status))
        .filter(d -> after == null || d.createdAt.isAfter(after))
        .filter(d -> before == null || d.createdAt.isBefore(before))
        .limit(limit)
        .forEach(
            d ->
                list.add(
                    json.createObjectNode().put("cursor", "c-" + d.id).set("deploy", json(d))));
    return list;
  }

  private ObjectNode json(Deploy d) {
    ObjectNode n = json.createObjectNode().put("id", d.id);
    if (d.commit == null) {
      n.putNull("commit");
    } else {
      n.set(
          "commit",
          json.createObjectNode()
              .put("id", d.commit)
              .put("message", "Commit " + d.commit.substring(0, 7))
              .put(
                  "createdAt",
                  d.createdAt.minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString()));
    }
    if (d.image != null) {
      n.set("image", json.createObjectNode().put("ref", d.image).put("sha", "sha256:0f0f"));
    }
    n.put("status", d.status)
        .put("trigger", d.trigger)
        .put("createdAt", d.createdAt.toString())
        .put("updatedAt", clock.now().toString());
    if (d.finishedAt != null) {
      n.put("startedAt", d.createdAt.toString()).put("finishedAt", d.finishedAt.toString());
    }
    return n;
  }

  private ObjectNode service() {
    ObjectNode n =
        json.createObjectNode()
            .put("id", SERVICE)
            .put("name", "shop-api")
            .put("ownerId", "tea-fake")
            .put("type", "web_service")
            .put("createdAt", "2026-01-01T00:00:00Z")
            .put("updatedAt", "2026-01-02T00:00:00Z")
            .put("dashboardUrl", "https://dashboard.render.com/web/" + SERVICE)
            .put("suspended", "not_suspended")
            .put("autoDeploy", autoDeploy.getOrDefault(SERVICE, true) ? "yes" : "no")
            .put("notifyOnFail", "default")
            .put("slug", "shop-api")
            .put("rootDir", "");
    n.set("suspenders", json.createArrayNode());
    ObjectNode details =
        json.createObjectNode()
            .put("env", "node")
            .put("runtime", "node")
            .put("plan", "starter")
            .put("region", "oregon")
            .put("numInstances", 1)
            .put("buildPlan", "starter")
            .put("healthCheckPath", "/health")
            .put("url", "https://shop-api.onrender.com");
    details.set(
        "envSpecificDetails",
        json.createObjectNode()
            .put("buildCommand", "npm ci && npm run build")
            .put("startCommand", "npm start"));
    details.set("openPorts", json.createArrayNode());
    n.set("serviceDetails", details);
    return n;
  }

  public RenderFake autoDeploy(boolean on) {
    autoDeploy.put(SERVICE, on);
    return this;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new java.util.HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        q.computeIfAbsent(k, x -> new ArrayList<>())
            .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private void send(LocalHttpServer.Request r, HttpExchange ex, int status, String body)
      throws IOException {
    exchanges.add(new Exchange(r, status, body));
    LocalHttpServer.json(ex, status, body);
  }

  @Override
  public void close() {
    server.close();
  }
}
