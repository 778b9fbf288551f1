package dev.flo.actions.provider.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Vercel API that behaves as documented: bearer auth, {@code {"error":{"code","message"}}}
 * errors, {@code missing_files} with a {@code missing} array, content-addressed uploads checked
 * against their digest, readyState sequences, {@code aliasAssigned} for production, instant
 * rollback, 429 with {@code Retry-After}, and 5xx bursts. One per test; every request is recorded.
 */
public final class VercelFake implements AutoCloseable {
  public static final String TOKEN = "vercel-test-token-5ecr3t";
  public static final String PROJECT = "prj_shop";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEPLOYMENT = Pattern.compile("/v13/deployments/([^/]+)");
  private static final Pattern ALIASES = Pattern.compile("/v2/deployments/([^/]+)/aliases");
  private static final Pattern CANCEL = Pattern.compile("/v12/deployments/([^/]+)/cancel");
  private static final Pattern ROLLBACK = Pattern.compile("/v1/projects/([^/]+)/rollback/([^/]+)");
  private static final Pattern EVENTS = Pattern.compile("/v3/deployments/([^/]+)/events");
  private static final Pattern PROJECT_PATH = Pattern.compile("/v9/projects/([^/]+)");

  /** One deployment as the fake keeps it: the states still to show on the next reads. */
  public static final class Deployment {
    public final String id;
    public final String target;
    public final JsonNode files;
    final Deque<String> upcoming;
    public String state;
    public boolean aliasAssigned;
    public final List<String> aliases = new ArrayList<>();
    String errorCode;
    String errorMessage;
    String aliasErrorCode;
    String aliasErrorMessage;
    public String commitSha;
    final long createdAt;

    Deployment(String id, String target, JsonNode files, List<String> states, long createdAt) {
      this.id = id;
      this.target = target;
      this.files = files;
      this.upcoming = new ArrayDeque<>(states);
      this.state = upcoming.poll();
      this.createdAt = createdAt;
    }
  }

  private final LocalHttpServer server;
  public final Set<String> blobs = ConcurrentHashMap.newKeySet();
  public final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final Deque<List<String>> scripts = new ArrayDeque<>();
  private final Deque<Integer> serverErrors = new ArrayDeque<>();
  private String failCode = "BUILD_FAILED";
  private String failMessage = "Command \"npm run build\" exited with 1";
  private int rateLimited;
  private String[] aliasError;
  private String serverErrorPath;
  private String production;
  private String pendingProduction;
  private int productionLag;
  private String teamId;
  private boolean readyOnCancel;
  private int dropCreates;

  public VercelFake() throws IOException {
    server = new LocalHttpServer(this::handle);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  /** The requests that change something (anything but GET). */
  public List<LocalHttpServer.Request> mutating() {
    return requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  /** The readyStates the next created deployment shows, one per read (the last one stays). */
  public VercelFake nextDeployment(String... states) {
    scripts.add(List.of(states));
    return this;
  }

  public VercelFake failWith(String code, String message) {
    failCode = code;
    failMessage = message;
    return this;
  }

  /** Deployments that become READY then get this {@code aliasError} instead of their domains. */
  public VercelFake aliasErrorWith(String code, String message) {
    aliasError = new String[] {code, message};
    return this;
  }

  /** The next {@code n} requests get 429 with {@code Retry-After: 7}. */
  public VercelFake rateLimitNext(int n) {
    rateLimited = n;
    return this;
  }

  /**
   * The next {@code n} requests whose path starts with {@code pathPrefix} get a 5xx (an HTML page
   * for 502).
   */
  public VercelFake serverErrors(String pathPrefix, int... statuses) {
    serverErrorPath = pathPrefix;
    for (int s : statuses) {
      serverErrors.add(s);
    }
    return this;
  }

  /**
   * The race the CLI cannot avoid either: the deployment turns READY (and, for production, takes
   * the production domains) just before a cancel arrives, which Vercel then refuses with 400.
   */
  public VercelFake readyJustBeforeCancel() {
    readyOnCancel = true;
    return this;
  }

  /**
   * The next {@code n} create calls get no answer: the connection closes before any response (the
   * deployment is created).
   */
  public VercelFake dropCreateAnswers(int n) {
    dropCreates = n;
    return this;
  }

  public VercelFake requireTeam(String id) {
    teamId = id;
    return this;
  }

  /** Seeds a READY production deployment that serves production now. */
  public Deployment seedProduction(String id) {
    Deployment d =
        new Deployment(
            id, "production", JSON.createArrayNode(), List.of("READY"), deployments.size() + 1);
    d.aliasAssigned = true;
    synchronized (this) {
      deployments.put(id, d);
      production = id;
    }
    return d;
  }

  /** Seeds a READY production deployment of {@code commitSha} that serves production now. */
  public Deployment seedProduction(String id, String commitSha) {
    Deployment d = seedProduction(id);
    d.commitSha = commitSha;
    return d;
  }

  /** Seeds a production deployment whose build failed: never READY, never a rollback candidate. */
  public synchronized Deployment seedFailedProduction(String id) {
    Deployment d =
        new Deployment(
            id, "production", JSON.createArrayNode(), List.of("ERROR"), deployments.size() + 1);
    d.errorCode = failCode;
    d.errorMessage = failMessage;
    deployments.put(id, d);
    return d;
  }

  /**
   * An accepted instant rollback shows in the project only after {@code reads} more project reads.
   */
  public VercelFake rollbackLag(int reads) {
    productionLag = reads;
    return this;
  }

  public synchronized String production() {
    return production;
  }

  private synchronized void handle(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      error(ex, 403, "forbidden", "Not authorized");
      return;
    }
    if (teamId != null && (r.query() == null || !r.query().contains("teamId=" + teamId))) {
      error(ex, 404, "not_found", "Project not found");
      return;
    }
    if (rateLimited > 0) {
      rateLimited--;
      ex.getResponseHeaders().set("Retry-After", "7");
      error(ex, 429, "rate_limited", "Rate limit exceeded");
      return;
    }
    if (serverErrorPath != null
        && r.path().startsWith(serverErrorPath)
        && !serverErrors.isEmpty()) {
      int status = serverErrors.poll();
      if (status == 502) {
        LocalHttpServer.respond(
            ex, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
      } else {
        error(ex, status, "internal_server_error", "An unexpected internal error occurred");
      }
      return;
    }
    String path = r.path();
    Matcher m;
    if (r.method().equals("POST") && path.equals("/v13/deployments")) {
      create(r, ex);
    } else if (r.method().equals("POST") && path.equals("/v2/files")) {
      upload(r, ex);
    } else if (r.method().equals("GET") && (m = DEPLOYMENT.matcher(path)).matches()) {
      Deployment d = deployments.get(m.group(1));
      if (d == null) {
        error(ex, 404, "not_found", "Deployment not found");
        return;
      }
      advance(d);
      LocalHttpServer.json(ex, 200, view(d).toString());
    } else if (r.method().equals("GET") && (m = EVENTS.matcher(path)).matches()) {
      events(deployments.get(m.group(1)), ex);
    } else if (r.method().equals("POST") && (m = ALIASES.matcher(path)).matches()) {
      Deployment d = deployments.get(m.group(1));
      String alias = JSON.readTree(r.bodyText()).path("alias").asText();
      if (alias.endsWith(".not-ours.com")) {
        error(ex, 403, "forbidden", "You don't have permission to use the domain " + alias);
        return;
      }
      d.aliases.add(alias);
      LocalHttpServer.json(
          ex,
          200,
          JSON.createObjectNode()
              .put("uid", "als_" + d.aliases.size())
              .put("alias", alias)
              .put("created", "2026-11-23T12:00:00Z")
              .toString());
    } else if (r.method().equals("PATCH") && (m = CANCEL.matcher(path)).matches()) {
      Deployment d = deployments.get(m.group(1));
      if (readyOnCancel && !d.state.equals("READY")) {
        d.state = "READY";
        d.upcoming.clear();
        d.aliasAssigned = true;
        if (d.target.equals("production")) {
          production = d.id;
        }
      }
      if (d.state.equals("READY") || d.state.equals("ERROR") || d.state.equals("CANCELED")) {
        error(ex, 400, "bad_request", "Deployment cannot be canceled");
        return;
      }
      d.state = "CANCELED";
      d.upcoming.clear();
      LocalHttpServer.json(ex, 200, view(d).toString());
    } else if (r.method().equals("GET") && path.equals("/v7/deployments")) {
      list(r, ex);
    } else if (r.method().equals("GET") && (m = PROJECT_PATH.matcher(path)).matches()) {
      if (pendingProduction != null && productionLag-- <= 0) {
        production = pendingProduction;
        pendingProduction = null;
      }
      ObjectNode project = JSON.createObjectNode().put("id", m.group(1)).put("name", "shop");
      if (production != null) {
        project.putObject("targets").set("production", view(deployments.get(production)));
      }
      LocalHttpServer.json(ex, 200, project.toString());
    } else if (r.method().equals("POST") && (m = ROLLBACK.matcher(path)).matches()) {
      Deployment d = deployments.get(m.group(2));
      if (d == null || !d.target.equals("production") || !d.state.equals("READY")) {
        error(ex, 400, "bad_request", "Deployment is not a rollback candidate");
        return;
      }
      if (productionLag > 0) {
        pendingProduction = d.id;
      } else {
        production = d.id;
      }
      LocalHttpServer.respond(ex, 201, null, null);
    } else {
      error(ex, 404, "not_found", "The requested path was not found");
    }
  }

  private void create(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (r.query() == null || !r.query().contains("skipAutoDetectionConfirmation=1")) {
      error(ex, 400, "bad_request", "Framework auto-detection requires confirmation");
      return;
    }
    JsonNode body = JSON.readTree(r.bodyText());
    List<String> missing = new ArrayList<>();
    body.path("files")
        .forEach(
            f -> {
              if (!blobs.contains(f.path("sha").asText())
                  && !missing.contains(f.path("sha").asText())) {
                missing.add(f.path("sha").asText());
              }
            });
    if (!missing.isEmpty()) {
      ObjectNode e = JSON.createObjectNode();
      ObjectNode err =
          e.putObject("error").put("code", "missing_files").put("message", "Missing files");
      ArrayNode list = err.putArray("missing");
      missing.forEach(list::add);
      LocalHttpServer.json(ex, 400, e.toString());
      return;
    }
    String id = "dpl_" + (deployments.size() + 1);
    List<String> states =
        scripts.isEmpty() ? List.of("QUEUED", "BUILDING", "READY") : scripts.poll();
    Deployment d =
        new Deployment(
            id,
            body.path("target").asText("preview"),
            body.path("files"),
            states,
            deployments.size() + 1);
    d.commitSha = body.path("meta").path("githubCommitSha").asText(null);
    deployments.put(id, d);
    if (dropCreates > 0) {
      dropCreates--;
      ex.close();
      return;
    }
    LocalHttpServer.json(ex, 200, view(d).toString());
  }

  private void upload(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    String digest = r.header("x-vercel-digest");
    String length = r.header("Content-Length");
    if (digest == null
        || length == null
        || Long.parseLong(length) != r.body().length
        || !digest.equals(sha1(r.body()))) {
      error(ex, 400, "invalid_digest", "The file's digest or size does not match its content");
      return;
    }
    blobs.add(digest);
    LocalHttpServer.json(ex, 200, "{}");
  }

  private void list(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    String q = r.query() == null ? "" : r.query();
    boolean candidates = q.contains("rollbackCandidate=true");
    ObjectNode page = JSON.createObjectNode();
    ArrayNode list = page.putArray("deployments");
    deployments.values().stream()
        .filter(d -> d.target.equals("production") && d.state.equals("READY") && d.aliasAssigned)
        .sorted((a, b) -> Long.compare(b.createdAt, a.createdAt))
        .filter(d -> !candidates || !d.id.equals(production))
        .forEach(
            d -> {
              // List entries name the id "uid" and the state "state" (vercel/sdk
              // getdeploymentsop.ts).
              ObjectNode v =
                  list.addObject()
                      .put("uid", d.id)
                      .put("url", d.id + "-shop.vercel.app")
                      .put("state", d.state)
                      .put("target", d.target)
                      .put("created", d.createdAt);
              v.put("isRollbackCandidate", !d.id.equals(production));
              v.put("inspectorUrl", "https://vercel.com/acme/shop/" + d.id);
              if (d.commitSha != null) {
                v.putObject("meta").put("githubCommitSha", d.commitSha);
              }
            });
    page.putObject("pagination").put("count", list.size()).putNull("next").putNull("prev");
    LocalHttpServer.json(ex, 200, page.toString());
  }

  /**
   * The build log, newest first as {@code direction=backward} asks; a failed build ends with its
   * error.
   */
  private void events(Deployment d, HttpExchange ex) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "Running \"vercel build\"",
                "Installing dependencies...",
                "> shop@1.0.0 build",
                "> next build"));
    if (d.errorCode != null) {
      lines.add("Type error: Property 'price' does not exist on type 'Item'.");
      lines.add("Error: " + d.errorMessage);
    } else {
      lines.add("Build Completed in /vercel/output [12s]");
    }
    ArrayNode events = JSON.createArrayNode();
    for (int i = lines.size() - 1; i >= 0; i--) {
      ObjectNode e =
          events
              .addObject()
              .put("type", i == lines.size() - 1 && d.errorCode != null ? "stderr" : "stdout")
              .put("created", 1_700_000_000_000L + i);
      e.putObject("payload")
          .put("deploymentId", d.id)
          .put("text", lines.get(i))
          .put("serial", Integer.toString(i));
    }
    LocalHttpServer.json(ex, 200, events.toString());
  }

  private void advance(Deployment d) {
    if (d.state.equals("READY") && !d.aliasAssigned && aliasError != null) {
      d.aliasErrorCode = aliasError[0];
      d.aliasErrorMessage = aliasError[1];
      return;
    }
    if (d.state.equals("READY") && !d.aliasAssigned) {
      // Domains (production, or a preview's automatic ones) are assigned a moment after READY, as
      // the CLI sees it.
      d.aliasAssigned = true;
      if (d.target.equals("production")) {
        production = d.id;
      }
      return;
    }
    if (!d.upcoming.isEmpty()) {
      d.state = d.upcoming.poll();
      if (d.state.equals("ERROR")) {
        d.errorCode = failCode;
        d.errorMessage = failMessage;
      }
    }
  }

  private ObjectNode view(Deployment d) {
    ObjectNode v =
        JSON.createObjectNode()
            .put("id", d.id)
            .put("url", d.id + "-shop.vercel.app")
            .put("readyState", d.state)
            .put("aliasAssigned", d.aliasAssigned);
    v.put("inspectorUrl", "https://vercel.com/acme/shop/" + d.id);
    if (d.target.equals("preview")) {
      v.putNull("target");
    } else {
      v.put("target", d.target);
    }
    if (d.errorCode != null) {
      v.put("errorCode", d.errorCode).put("errorMessage", d.errorMessage);
    }
    if (d.aliasErrorCode != null) {
      v.putObject("aliasError").put("code", d.aliasErrorCode).put("message", d.aliasErrorMessage);
    }
    ArrayNode aliases = v.putArray("alias");
    d.aliases.forEach(aliases::add);
    v.put("createdAt", d.createdAt);
    if (d.commitSha != null) {
      v.putObject("meta").put("githubCommitSha", d.commitSha);
    }
    return v;
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.putObject("error").put("code", code).put("message", message);
    LocalHttpServer.json(ex, status, e.toString());
  }

  static String sha1(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
