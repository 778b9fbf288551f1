package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.testing.LocalHttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local GitHub REST API for deployments (docs.github.com/rest/deployments), repository {@code acme/shop}:
 * creates deployments and statuses, lists them newest first, and can answer as GitHub does when the token lacks
 * {@code deployments: write} or the rate limit is spent. It refuses what GitHub would turn into surprises: a
 * create without {@code auto_merge: false} or with required contexts.
 */
public final class GitHubFake implements AutoCloseable, AfterEachCallback {
  public static final String TOKEN = "ghs_fake_token_0001";
  private static final Pattern DEPLOYMENT = Pattern.compile("/repos/acme/shop/deployments(?:/(\\d+)(/statuses)?)?");
  /** GitHub Enterprise Server serves the API under {@code /api/v3}; github.com at the root. */
  private final String prefix;

  /** A deployment as created, with its statuses in order. */
  public record Deployment(long id, String sha, String environment, String description, JsonNode request, List<Status> statuses) {
    public List<String> states() {
      return statuses.stream().map(Status::state).toList();
    }

    public Status last() {
      return statuses.getLast();
    }
  }

  public record Status(String state, String description, String environmentUrl, String logUrl) {}

  private final ObjectMapper json = new ObjectMapper();
  private final LocalHttpServer server;
  private final List<Deployment> deployments = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private volatile boolean forbidden;
  private volatile long rateLimitResetEpoch;
  private final java.util.concurrent.atomic.AtomicInteger secondaryLimits = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int secondaryRetryAfter;

  public GitHubFake() throws IOException {
    this("");
  }

  /** A fake whose API lives under {@code prefix}, such as {@code /api/v3} for GitHub Enterprise Server. */
  public GitHubFake(String prefix) throws IOException {
    this.prefix = prefix;
    server = new LocalHttpServer(this::handle);
  }

  /** For {@code @RegisterExtension}: stops after each test. */
  public static GitHubFake start() {
    try {
      return new GitHubFake();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  public String apiUrl() {
    return server.baseUrl() + prefix;
  }

  /** Answers as for a GITHUB_TOKEN without {@code deployments: write}. */
  public GitHubFake forbid() {
    forbidden = true;
    return this;
  }

  /** Answers 403 with the primary rate limit spent until {@code epochSecond}. */
  public GitHubFake rateLimitedUntil(long epochSecond) {
    rateLimitResetEpoch = epochSecond;
    return this;
  }

  /** The next {@code n} requests hit the secondary rate limit, with {@code Retry-After} seconds. */
  public GitHubFake secondaryLimit(int n, int retryAfterSeconds) {
    secondaryLimits.set(n);
    secondaryRetryAfter = retryAfterSeconds;
    return this;
  }

  /** A deployment made earlier (by a previous run). */
  public Deployment seed(String sha, String environment) {
    Deployment d = new Deployment(ids.incrementAndGet(), sha, environment, "seeded", json.createObjectNode(), new CopyOnWriteArrayList<>());
    deployments.add(d);
    return d;
  }

  public List<Deployment> deployments() {
    return List.copyOf(deployments);
  }

  public Deployment deployment(long id) {
    return deployments.stream().filter(d -> d.id() == id).findFirst().orElseThrow();
  }

  public List<LocalHttpServer.Request> mutating() {
    return server.requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  private void handle(LocalHttpServer.Request full, HttpExchange ex) throws IOException {
    if (!full.path().startsWith(prefix + "/")) {
      LocalHttpServer.json(ex, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    LocalHttpServer.Request r = new LocalHttpServer.Request(full.method(), full.path().substring(prefix.length()), full.query(), full.headers(), full.body());
    if (!("token " + TOKEN).equalsIgnoreCase(r.header("Authorization")) && !("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      LocalHttpServer.json(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
      return;
    }
    if (rateLimitResetEpoch > 0) {
      ex.getResponseHeaders().set("x-ratelimit-limit", "1000");
      ex.getResponseHeaders().set("x-ratelimit-remaining", "0");
      ex.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(rateLimitResetEpoch));
      LocalHttpServer.json(ex, 403, "{\"message\":\"API rate limit exceeded for installation.\",\"documentation_url\":\"https://docs.github.com/rest/rate-limit\"}");
      return;
    }
    if (secondaryLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Retry-After", String.valueOf(secondaryRetryAfter));
      LocalHttpServer.json(ex, 403, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}");
      return;
    }
    if (r.path().equals("/repos/acme/shop") && r.method().equals("GET")) {
      LocalHttpServer.json(ex, 200, repo().toString());
      return;
    }
    Matcher m = DEPLOYMENT.matcher(r.path());
    if (!m.matches()) {
      LocalHttpServer.json(ex, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    if (forbidden && r.method().equals("POST")) {
      ex.getResponseHeaders().set("x-accepted-github-permissions", "deployments=write");
      LocalHttpServer.json(ex, 403, "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest/deployments/deployments#create-a-deployment\",\"status\":\"403\"}");
      return;
    }
    synchronized (this) {
      if (m.group(1) == null && r.method().equals("POST")) {
        create(r, ex);
      } else if (m.group(1) == null) {
        list(r, ex);
      } else {
        Deployment d = deployments.stream().filter(x -> x.id() == Long.parseLong(m.group(1))).findFirst().orElse(null);
        if (d == null) {
          LocalHttpServer.json(ex, 404, "{\"message\":\"Not Found\"}");
        } else if (m.group(2) != null && r.method().equals("POST")) {
          JsonNode b = json.readTree(r.bodyText());
          Status s = new Status(b.path("state").asText(), b.path("description").asText(null), b.path("environment_url").asText(null), b.path("log_url").asText(null));
          d.statuses().add(s);
          LocalHttpServer.json(ex, 201, json.createObjectNode().put("id", ids.incrementAndGet()).put("state", s.state()).put("url", apiUrl() + r.path()).toString());
        } else {
          LocalHttpServer.json(ex, 200, json(d).toString());
        }
      }
    }
  }

  private void create(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    JsonNode b = json.readTree(r.bodyText());
    // GitHub's defaults: auto_merge=true merges the default branch in (202, no deployment); required_contexts
    // defaults to every context (409 while any check is pending).
    if (!b.path("auto_merge").isBoolean() || b.path("auto_merge").asBoolean()) {
      LocalHttpServer.json(ex, 202, "{\"message\":\"Auto-merged main into topic on deployment.\"}");
      return;
    }
    if (!b.path("required_contexts").isArray() || !b.path("required_contexts").isEmpty()) {
      LocalHttpServer.json(ex, 409, "{\"message\":\"Conflict: Commit status checks failed for main.\"}");
      return;
    }
    Deployment d = new Deployment(ids.incrementAndGet(), b.path("ref").asText(), b.path("environment").asText("production"), b.path("description").asText(null), b, new CopyOnWriteArrayList<>());
    deployments.add(d);
    LocalHttpServer.json(ex, 201, json(d).toString());
  }

  private void list(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    String q = r.query() == null ? "" : r.query();
    ArrayNode a = json.createArrayNode();
    List<Deployment> newestFirst = new ArrayList<>(deployments).reversed();
    for (Deployment d : newestFirst) {
      if (q.contains("sha=") && !q.contains("sha=" + d.sha())) {
        continue;
      }
      if (q.contains("environment=") && !q.contains("environment=" + d.environment())) {
        continue;
      }
      a.add(json(d));
    }
    LocalHttpServer.json(ex, 200, a.toString());
  }

  private ObjectNode json(Deployment d) {
    String url = apiUrl() + "/repos/acme/shop/deployments/" + d.id();
    return json.createObjectNode()
        .put("id", d.id()).put("node_id", "DE_" + d.id()).put("url", url).put("sha", d.sha()).put("ref", d.sha())
        .put("task", "deploy").put("environment", d.environment()).put("description", d.description())
        .put("created_at", "2026-11-23T10:00:00Z").put("updated_at", "2026-11-23T10:00:00Z")
        .put("statuses_url", url + "/statuses").put("repository_url", apiUrl() + "/repos/acme/shop")
        .put("transient_environment", false).put("production_environment", d.environment().equals("production"));
  }

  private ObjectNode repo() {
    ObjectNode owner = json.createObjectNode().put("login", "acme").put("id", 1).put("type", "Organization");
    ObjectNode n = json.createObjectNode()
        .put("id", 7).put("node_id", "R_7").put("name", "shop").put("full_name", "acme/shop")
        .put("url", apiUrl() + "/repos/acme/shop").put("html_url", "https://github.com/acme/shop")
        .put("default_branch", "main").put("private", true);
    n.set("owner", owner);
    return n;
  }

  @Override
  public void close() {
    server.close();
  }
}
