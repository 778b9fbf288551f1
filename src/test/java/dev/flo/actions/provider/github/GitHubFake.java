package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local GitHub REST API for repository {@code acme/shop}, the one fake of GitHub shared by every
 * test:
 *
 * <ul>
 *   <li>deployments and their statuses (docs.github.com/rest/deployments): creates them, lists them
 *       newest first with their {@code payload} as sent (so {@link #deployments()} counts what a
 *       retried step or a re-run added), and refuses what GitHub would turn into surprises: a
 *       create without {@code auto_merge: false} or with required contexts;
 *   <li>issue comments (docs.github.com/rest/issues/comments): the issue, list a pull request's
 *       comments, create (201) and update (PATCH) one, written as {@code github-actions[bot]} or as
 *       the user of {@link #actingAs};
 *   <li>{@code GET /user}: 403 for GITHUB_TOKEN (an installation token), the login for a personal
 *       token;
 *   <li>GraphQL's {@code viewer { login }} ({@link #graphqlUrl}): the user's login, or the app's
 *       {@code <slug>[bot]} for an installation token ({@link #asAppInstallation}), as GitHub
 *       answers both kinds;
 *   <li>check runs, pull requests, reviews and review comments: {@link ChecksAndReviewsFake}, via
 *       {@link #checks()}.
 * </ul>
 *
 * <p>A wrong token gets 401 "Bad credentials". It can answer as GitHub does when the rate limit is
 * spent (every endpoint), and with 403 "Resource not accessible by integration" when the token
 * lacks {@code deployments: write} ({@link #forbidDeployments}) or {@code pull-requests: write}
 * ({@link #forbidComments}). Repositories other than {@code acme/shop} are 404, as for a repository
 * the token cannot see.
 */
public final class GitHubFake implements AutoCloseable, AfterEachCallback {
  public static final String TOKEN = "ghs_fake_token_0001";
  public static final String REPOSITORY = "acme/shop";
  private static final String REPO = "/repos/" + REPOSITORY;
  private static final Pattern DEPLOYMENT =
      Pattern.compile(REPO + "/deployments(?:/(\\d+)(/statuses)?)?");
  private static final Pattern ISSUE = Pattern.compile(REPO + "/issues/(\\d+)");
  private static final Pattern ISSUE_COMMENTS = Pattern.compile(REPO + "/issues/(\\d+)/comments");
  private static final Pattern COMMENT = Pattern.compile(REPO + "/issues/comments/(\\d+)");

  /** What GITHUB_TOKEN's comments are written as. */
  private static final String ACTIONS_BOT = "github-actions[bot]";

  /** GitHub Enterprise Server serves the API under {@code /api/v3}; github.com at the root. */
  private final String prefix;

  /** A deployment as created, with its statuses in order. */
  public record Deployment(
      long id,
      String sha,
      String environment,
      String description,
      JsonNode request,
      List<Status> statuses) {
    public List<String> states() {
      return statuses.stream().map(Status::state).toList();
    }

    public Status last() {
      return statuses.getLast();
    }
  }

  public record Status(String state, String description, String environmentUrl, String logUrl) {}

  /** An issue (or pull request) comment as stored. */
  public record Comment(long id, int issue, String author, String body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final LocalHttpServer server;
  private final List<Deployment> deployments = new CopyOnWriteArrayList<>();
  private final List<Comment> comments = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private volatile boolean deploymentsForbidden;
  private volatile boolean commentsForbidden;
  private volatile String user;
  private volatile String appBot = ACTIONS_BOT;
  private volatile long rateLimitResetEpoch;
  private final AtomicInteger secondaryLimits = new AtomicInteger();
  private volatile int secondaryRetryAfter;
  private final ChecksAndReviewsFake checks = new ChecksAndReviewsFake(this);

  public GitHubFake() throws IOException {
    this("");
  }

  /**
   * A fake whose API lives under {@code prefix}, such as {@code /api/v3} for GitHub Enterprise
   * Server.
   */
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

  /**
   * Creating deployments or statuses answers as for a GITHUB_TOKEN without {@code deployments:
   * write}.
   */
  public GitHubFake forbidDeployments() {
    deploymentsForbidden = true;
    return this;
  }

  /**
   * Creating or editing comments answers as for a GITHUB_TOKEN without {@code pull-requests:
   * write}.
   */
  public GitHubFake forbidComments() {
    commentsForbidden = true;
    return this;
  }

  /**
   * The token is a user's (a personal access token): {@code GET /user} answers with {@code login},
   * and comments are written as that user. By default the token is GITHUB_TOKEN, an installation
   * token: {@code GET /user} answers 403 and comments are written by {@code github-actions[bot]}.
   */
  public GitHubFake actingAs(String login) {
    user = login;
    return this;
  }

  /**
   * The token is another GitHub App's installation token (from actions/create-github-app-token,
   * say): {@code GET /user} answers 403 and comments are written by {@code <slug>[bot]}, which
   * GraphQL's {@code viewer} names.
   */
  public GitHubFake asAppInstallation(String slug) {
    user = null;
    appBot = slug + "[bot]";
    return this;
  }

  /**
   * Where GitHub serves GraphQL: {@code /graphql} on github.com's API host, {@code /api/graphql} on
   * GHES.
   */
  public String graphqlUrl() {
    return server.baseUrl() + graphqlPath();
  }

  private String graphqlPath() {
    return prefix.isEmpty() ? "/graphql" : "/api/graphql";
  }

  /** Check runs, pull requests, reviews and review comments. */
  public ChecksAndReviewsFake checks() {
    return checks;
  }

  String user() {
    return user;
  }

  long nextId() {
    return ids.incrementAndGet();
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
  public Deployment seedDeployment(String sha, String environment) {
    Deployment d =
        new Deployment(
            ids.incrementAndGet(),
            sha,
            environment,
            "seeded",
            json.createObjectNode(),
            new CopyOnWriteArrayList<>());
    deployments.add(d);
    return d;
  }

  /** A comment someone wrote earlier on issue or pull request {@code issue}. */
  public Comment seedComment(int issue, String author, String body) {
    Comment c = new Comment(ids.incrementAndGet(), issue, author, body);
    comments.add(c);
    return c;
  }

  public List<Deployment> deployments() {
    return List.copyOf(deployments);
  }

  public Deployment deployment(long id) {
    return deployments.stream().filter(d -> d.id() == id).findFirst().orElseThrow();
  }

  /** Every comment, in the order written. */
  public List<Comment> comments() {
    return List.copyOf(comments);
  }

  /** Every request received, paths as sent (with the prefix). */
  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  public List<LocalHttpServer.Request> mutating() {
    return server.requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  private void handle(LocalHttpServer.Request full, HttpExchange ex) throws IOException {
    if (full.path().equals(graphqlPath()) && full.method().equals("POST")) {
      viewer(full, ex);
      return;
    }
    if (!full.path().startsWith(prefix + "/")) {
      notFound(ex);
      return;
    }
    LocalHttpServer.Request r =
        new LocalHttpServer.Request(
            full.method(),
            full.path().substring(prefix.length()),
            full.query(),
            full.headers(),
            full.body());
    if (!("token " + TOKEN).equalsIgnoreCase(r.header("Authorization"))
        && !("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      LocalHttpServer.json(
          ex,
          401,
          "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
      return;
    }
    if (rateLimitResetEpoch > 0) {
      ex.getResponseHeaders().set("x-ratelimit-limit", "1000");
      ex.getResponseHeaders().set("x-ratelimit-remaining", "0");
      ex.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(rateLimitResetEpoch));
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"API rate limit exceeded for installation.\",\"documentation_url\":\"https://docs.github.com/rest/rate-limit\"}");
      return;
    }
    if (secondaryLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Retry-After", String.valueOf(secondaryRetryAfter));
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}");
      return;
    }
    Matcher m;
    if (r.path().equals("/user") && r.method().equals("GET")) {
      self(ex);
    } else if (r.path().equals(REPO) && r.method().equals("GET")) {
      LocalHttpServer.json(ex, 200, repo().toString());
    } else if ((m = DEPLOYMENT.matcher(r.path())).matches()) {
      deployments(r, m, ex);
    } else if ((m = ISSUE.matcher(r.path())).matches() && r.method().equals("GET")) {
      LocalHttpServer.json(ex, 200, issue(Integer.parseInt(m.group(1))).toString());
    } else if ((m = ISSUE_COMMENTS.matcher(r.path())).matches()
        && (r.method().equals("GET") || r.method().equals("POST"))) {
      issueComments(r, Integer.parseInt(m.group(1)), ex);
    } else if ((m = COMMENT.matcher(r.path())).matches() && r.method().equals("PATCH")) {
      updateComment(r, Long.parseLong(m.group(1)), ex);
    } else if (checks.handle(r, ex)) {
      return;
    } else {
      notFound(ex);
    }
  }

  /**
   * Only the viewer query is served; GraphQL answers 200 with {@code errors} to a query it cannot
   * run.
   */
  private void viewer(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))
        && !("token " + TOKEN).equalsIgnoreCase(r.header("Authorization"))) {
      LocalHttpServer.json(
          ex,
          401,
          "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/graphql\"}");
    } else if (!json.readTree(r.bodyText()).path("query").asText().contains("viewer")) {
      LocalHttpServer.json(
          ex, 200, "{\"errors\":[{\"message\":\"This fake answers only the viewer query\"}]}");
    } else {
      String login = user != null ? user : appBot;
      LocalHttpServer.json(
          ex,
          200,
          json.createObjectNode()
              .set(
                  "data",
                  json.createObjectNode()
                      .set("viewer", json.createObjectNode().put("login", login)))
              .toString());
    }
  }

  private void self(HttpExchange ex) throws IOException {
    String login = user;
    if (login == null) {
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest/users/users#get-the-authenticated-user\"}");
    } else {
      LocalHttpServer.json(
          ex,
          200,
          json.createObjectNode().put("login", login).put("id", 4).put("type", "User").toString());
    }
  }

  private void deployments(LocalHttpServer.Request r, Matcher m, HttpExchange ex)
      throws IOException {
    if (deploymentsForbidden && r.method().equals("POST")) {
      ex.getResponseHeaders().set("x-accepted-github-permissions", "deployments=write");
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest/deployments/deployments#create-a-deployment\",\"status\":\"403\"}");
      return;
    }
    synchronized (this) {
      if (m.group(1) == null && r.method().equals("POST")) {
        create(r, ex);
      } else if (m.group(1) == null) {
        list(r, ex);
      } else {
        Deployment d =
            deployments.stream()
                .filter(x -> x.id() == Long.parseLong(m.group(1)))
                .findFirst()
                .orElse(null);
        if (d == null) {
          notFound(ex);
        } else if (m.group(2) != null && r.method().equals("POST")) {
          JsonNode b = json.readTree(r.bodyText());
          Status s =
              new Status(
                  b.path("state").asText(),
                  b.path("description").asText(null),
                  b.path("environment_url").asText(null),
                  b.path("log_url").asText(null));
          d.statuses().add(s);
          LocalHttpServer.json(
              ex,
              201,
              json.createObjectNode()
                  .put("id", ids.incrementAndGet())
                  .put("state", s.state())
                  .put("url", apiUrl() + r.path())
                  .toString());
        } else {
          LocalHttpServer.json(ex, 200, json(d).toString());
        }
      }
    }
  }

  private void create(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    JsonNode b = json.readTree(r.bodyText());
    // GitHub's defaults: auto_merge=true merges the default branch in (202, no deployment);
    // required_contexts
    // defaults to every context (409 while any check is pending).
    if (!b.path("auto_merge").isBoolean() || b.path("auto_merge").asBoolean()) {
      LocalHttpServer.json(ex, 202, "{\"message\":\"Auto-merged main into topic on deployment.\"}");
      return;
    }
    if (!b.path("required_contexts").isArray() || !b.path("required_contexts").isEmpty()) {
      LocalHttpServer.json(
          ex, 409, "{\"message\":\"Conflict: Commit status checks failed for main.\"}");
      return;
    }
    Deployment d =
        new Deployment(
            ids.incrementAndGet(),
            b.path("ref").asText(),
            b.path("environment").asText("production"),
            b.path("description").asText(null),
            b,
            new CopyOnWriteArrayList<>());
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

  private void issueComments(LocalHttpServer.Request r, int issue, HttpExchange ex)
      throws IOException {
    if (r.method().equals("GET")) {
      ArrayNode list = json.createArrayNode();
      comments.stream().filter(c -> c.issue() == issue).forEach(c -> list.add(json(c)));
      LocalHttpServer.json(ex, 200, list.toString());
    } else if (commentsForbidden) {
      forbiddenComment(ex, "create-an-issue-comment");
    } else {
      String login = user;
      Comment c =
          new Comment(
              ids.incrementAndGet(),
              issue,
              login == null ? appBot : login,
              json.readTree(r.bodyText()).path("body").asText());
      comments.add(c);
      LocalHttpServer.json(ex, 201, json(c).toString());
    }
  }

  private synchronized void updateComment(LocalHttpServer.Request r, long id, HttpExchange ex)
      throws IOException {
    if (commentsForbidden) {
      forbiddenComment(ex, "update-an-issue-comment");
      return;
    }
    for (int i = 0; i < comments.size(); i++) {
      Comment c = comments.get(i);
      if (c.id() == id) {
        Comment updated =
            new Comment(
                id, c.issue(), c.author(), json.readTree(r.bodyText()).path("body").asText());
        comments.set(i, updated);
        LocalHttpServer.json(ex, 200, json(updated).toString());
        return;
      }
    }
    notFound(ex);
  }

  private static void forbiddenComment(HttpExchange ex, String anchor) throws IOException {
    LocalHttpServer.json(
        ex,
        403,
        "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest/issues/comments#"
            + anchor
            + "\",\"status\":\"403\"}");
  }

  private static void notFound(HttpExchange ex) throws IOException {
    LocalHttpServer.json(
        ex,
        404,
        "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
  }

  private ObjectNode json(Deployment d) {
    String url = apiUrl() + REPO + "/deployments/" + d.id();
    return json.createObjectNode()
        .put("id", d.id())
        .put("node_id", "DE_" + d.id())
        .put("url", url)
        .put("sha", d.sha())
        .put("ref", d.sha())
        .put("task", "deploy")
        .put("environment", d.environment())
        .put("description", d.description())
        .put("created_at", "2026-11-23T10:00:00Z")
        .put("updated_at", "2026-11-23T10:00:00Z")
        .put("statuses_url", url + "/statuses")
        .put("repository_url", apiUrl() + REPO)
        .put("transient_environment", false)
        .put("production_environment", d.environment().equals("production"))
        // Returned as sent: a payload sent as a string comes back as that string (cli/cli#7059),
        // else {}.
        .set(
            "payload",
            d.request().has("payload") ? d.request().get("payload") : json.createObjectNode());
  }

  private ObjectNode json(Comment c) {
    ObjectNode v =
        json.createObjectNode()
            .put("id", c.id())
            .put("node_id", "IC_" + c.id())
            .put("body", c.body());
    v.put("url", apiUrl() + REPO + "/issues/comments/" + c.id());
    v.put(
        "html_url",
        "https://github.com/" + REPOSITORY + "/pull/" + c.issue() + "#issuecomment-" + c.id());
    v.put("issue_url", apiUrl() + REPO + "/issues/" + c.issue());
    v.put("created_at", "2026-11-23T12:00:00Z").put("updated_at", "2026-11-23T12:00:00Z");
    v.putObject("user")
        .put("login", c.author())
        .put("id", 3)
        .put("type", c.author().endsWith("[bot]") ? "Bot" : "User");
    return v;
  }

  /**
   * Issue {@code number}, a pull request (every issue here is one: the steps comment on pull
   * requests).
   */
  private ObjectNode issue(int number) {
    ObjectNode issue =
        json.createObjectNode()
            .put("id", 10)
            .put("node_id", "PR_" + number)
            .put("number", number)
            .put("state", "open")
            .put("title", "A change");
    issue
        .put("url", apiUrl() + REPO + "/issues/" + number)
        .put("html_url", "https://github.com/" + REPOSITORY + "/pull/" + number);
    issue.put("comments_url", apiUrl() + REPO + "/issues/" + number + "/comments");
    issue
        .putObject("pull_request")
        .put("url", apiUrl() + REPO + "/pulls/" + number)
        .put("html_url", "https://github.com/" + REPOSITORY + "/pull/" + number);
    return issue;
  }

  private ObjectNode repo() {
    ObjectNode owner =
        json.createObjectNode().put("login", "acme").put("id", 1).put("type", "Organization");
    ObjectNode n =
        json.createObjectNode()
            .put("id", 7)
            .put("node_id", "R_7")
            .put("name", "shop")
            .put("full_name", REPOSITORY)
            .put("url", apiUrl() + REPO)
            .put("html_url", "https://github.com/" + REPOSITORY)
            .put("default_branch", "main")
            .put("private", true);
    n.set("owner", owner);
    return n;
  }

  @Override
  public void close() {
    server.close();
  }
}
