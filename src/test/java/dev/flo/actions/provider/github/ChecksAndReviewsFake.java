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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of {@link GitHubFake} for check runs (docs.github.com/rest/checks/runs) and pull-request
 * reviews and review comments (docs.github.com/rest/pulls/reviews, /rest/pulls/comments), with the
 * limits GitHub documents:
 *
 * <ul>
 *   <li>at most 50 annotations per create or update request (422 otherwise); an update appends its
 *       annotations;
 *   <li>check runs may be written only with a GitHub App's token (GITHUB_TOKEN is one): a user's
 *       token gets 403;
 *   <li>a review whose comment is on a line outside the pull request's diff is refused whole with
 *       422;
 *   <li>a read-only token (a fork's GITHUB_TOKEN) gets 403 "Resource not accessible by integration"
 *       on writes.
 * </ul>
 */
public final class ChecksAndReviewsFake {
  private static final String REPO = "/repos/" + GitHubFake.REPOSITORY;
  private static final Pattern CHECK_RUNS = Pattern.compile(REPO + "/check-runs");
  private static final Pattern CHECK_RUN = Pattern.compile(REPO + "/check-runs/(\\d+)");
  private static final Pattern COMMIT_CHECK_RUNS =
      Pattern.compile(REPO + "/commits/([^/]+)/check-runs");
  private static final Pattern PULL = Pattern.compile(REPO + "/pulls/(\\d+)");
  private static final Pattern PULL_COMMENTS = Pattern.compile(REPO + "/pulls/(\\d+)/comments");
  private static final Pattern PULL_COMMENT = Pattern.compile(REPO + "/pulls/comments/(\\d+)");
  private static final Pattern PULL_REVIEWS = Pattern.compile(REPO + "/pulls/(\\d+)/reviews");
  private static final Pattern USER = Pattern.compile("/users/([^/]+)");

  /** GitHub's documented limit (docs.github.com/rest/checks/runs#update-a-check-run). */
  static final int ANNOTATIONS_PER_REQUEST = 50;

  /** A check run as stored; {@code annotations} accumulate over updates, as on GitHub. */
  public record CheckRun(
      long id,
      String name,
      String headSha,
      String externalId,
      String status,
      String conclusion,
      String title,
      String summary,
      List<JsonNode> annotations) {}

  public record Review(
      long id, int pullRequest, String author, String commitId, String event, String body) {}

  /** A review comment; {@code startLine} is 0 for a one-line comment. */
  public record ReviewComment(
      long id,
      int pullRequest,
      long reviewId,
      String author,
      String path,
      int startLine,
      int line,
      String body) {}

  private final GitHubFake fake;
  private final ObjectMapper json = new ObjectMapper();
  private final List<CheckRun> checkRuns = new CopyOnWriteArrayList<>();
  private final List<Review> reviews = new CopyOnWriteArrayList<>();
  private final List<ReviewComment> comments = new CopyOnWriteArrayList<>();
  private final Map<Integer, PullRequest> pulls = new ConcurrentHashMap<>();
  private volatile boolean readOnly;

  private record PullRequest(String headSha, Map<String, Set<Integer>> diffLines) {}

  ChecksAndReviewsFake(GitHubFake fake) {
    this.fake = fake;
  }

  /**
   * Pull request {@code number} with head {@code headSha}; {@code diffLines} are, per file, the
   * head-side lines its diff shows (changed lines and the context around them): the only lines a
   * review comment may be on.
   */
  public ChecksAndReviewsFake pullRequest(
      int number, String headSha, Map<String, Set<Integer>> diffLines) {
    pulls.put(number, new PullRequest(headSha, Map.copyOf(diffLines)));
    return this;
  }

  /**
   * Writes answer as for a fork pull request's GITHUB_TOKEN: 403 "Resource not accessible by
   * integration".
   */
  public ChecksAndReviewsFake readOnly() {
    readOnly = true;
    return this;
  }

  /** A review comment someone wrote earlier. */
  public ReviewComment seedComment(
      int pullRequest, String author, String path, int line, String body) {
    ReviewComment c = new ReviewComment(fake.nextId(), pullRequest, 0, author, path, 0, line, body);
    comments.add(c);
    return c;
  }

  public List<CheckRun> checkRuns() {
    return List.copyOf(checkRuns);
  }

  public List<Review> reviews() {
    return List.copyOf(reviews);
  }

  public List<ReviewComment> comments() {
    return List.copyOf(comments);
  }

  /** Answers the request when it is one of ours. */
  boolean handle(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    Matcher m;
    boolean write = !r.method().equals("GET");
    if (write
        && readOnly
        && (r.path().startsWith(REPO + "/check-runs") || r.path().startsWith(REPO + "/pulls/"))) {
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"403\"}");
      return true;
    }
    if (CHECK_RUNS.matcher(r.path()).matches() && r.method().equals("POST")) {
      createCheckRun(r, ex);
    } else if ((m = CHECK_RUN.matcher(r.path())).matches() && r.method().equals("PATCH")) {
      updateCheckRun(r, Long.parseLong(m.group(1)), ex);
    } else if ((m = COMMIT_CHECK_RUNS.matcher(r.path())).matches() && r.method().equals("GET")) {
      listCheckRuns(r, m.group(1), ex);
    } else if ((m = PULL.matcher(r.path())).matches() && r.method().equals("GET")) {
      pull(Integer.parseInt(m.group(1)), ex);
    } else if ((m = PULL_COMMENTS.matcher(r.path())).matches() && r.method().equals("GET")) {
      int pr = Integer.parseInt(m.group(1));
      ArrayNode list = json.createArrayNode();
      comments.stream().filter(c -> c.pullRequest() == pr).forEach(c -> list.add(json(c)));
      LocalHttpServer.json(ex, 200, list.toString());
    } else if ((m = PULL_COMMENT.matcher(r.path())).matches() && r.method().equals("DELETE")) {
      long id = Long.parseLong(m.group(1));
      if (comments.removeIf(c -> c.id() == id)) {
        LocalHttpServer.respond(ex, 204, null, null);
      } else {
        notFound(ex);
      }
    } else if ((m = PULL_REVIEWS.matcher(r.path())).matches() && r.method().equals("POST")) {
      createReview(r, Integer.parseInt(m.group(1)), ex);
    } else if ((m = USER.matcher(r.path())).matches() && r.method().equals("GET")) {
      // Any login is a user here (docs.github.com/rest/users/users#get-a-user); the library asks
      // for comment authors.
      String login =
          java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
      LocalHttpServer.json(
          ex,
          200,
          json.createObjectNode()
              .put("login", login)
              .put("id", login.hashCode() & 0xffff)
              .put("type", login.endsWith("[bot]") ? "Bot" : "User")
              .toString());
    } else {
      return false;
    }
    return true;
  }

  private synchronized void createCheckRun(LocalHttpServer.Request r, HttpExchange ex)
      throws IOException {
    if (fake.user() != null) {
      LocalHttpServer.json(
          ex,
          403,
          "{\"message\":\"You must authenticate via a GitHub App.\",\"documentation_url\":\"https://docs.github.com/rest/checks/runs#create-a-check-run\",\"status\":\"403\"}");
      return;
    }
    JsonNode b = json.readTree(r.bodyText());
    if (!b.path("name").isTextual() || !b.path("head_sha").isTextual()) {
      unprocessable(ex, "name and head_sha are required");
      return;
    }
    List<JsonNode> annotations = annotations(b);
    if (annotations == null) {
      unprocessable(ex, "Only " + ANNOTATIONS_PER_REQUEST + " annotations are allowed per request");
      return;
    }
    CheckRun run =
        new CheckRun(
            fake.nextId(),
            b.path("name").asText(),
            b.path("head_sha").asText(),
            b.path("external_id").asText(null),
            b.path("status").asText("queued"),
            b.path("conclusion").asText(null),
            b.path("output").path("title").asText(null),
            b.path("output").path("summary").asText(null),
            new CopyOnWriteArrayList<>(annotations));
    checkRuns.add(run);
    LocalHttpServer.json(ex, 201, json(run).toString());
  }

  private synchronized void updateCheckRun(LocalHttpServer.Request r, long id, HttpExchange ex)
      throws IOException {
    CheckRun old = checkRuns.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    if (old == null) {
      notFound(ex);
      return;
    }
    JsonNode b = json.readTree(r.bodyText());
    List<JsonNode> annotations = annotations(b);
    if (annotations == null) {
      unprocessable(ex, "Only " + ANNOTATIONS_PER_REQUEST + " annotations are allowed per request");
      return;
    }
    List<JsonNode> all = new CopyOnWriteArrayList<>(old.annotations());
    all.addAll(annotations);
    JsonNode out = b.path("output");
    CheckRun run =
        new CheckRun(
            id,
            b.path("name").asText(old.name()),
            old.headSha(),
            b.path("external_id").asText(old.externalId()),
            b.path("status").asText(old.status()),
            b.path("conclusion").asText(old.conclusion()),
            out.path("title").asText(old.title()),
            out.path("summary").asText(old.summary()),
            all);
    checkRuns.replaceAll(c -> c.id() == id ? run : c);
    LocalHttpServer.json(ex, 200, json(run).toString());
  }

  /** The request's annotations, or null when there are more than the API takes in one request. */
  private static List<JsonNode> annotations(JsonNode body) {
    List<JsonNode> out = new ArrayList<>();
    body.path("output").path("annotations").forEach(out::add);
    return out.size() > ANNOTATIONS_PER_REQUEST ? null : out;
  }

  private void listCheckRuns(LocalHttpServer.Request r, String ref, HttpExchange ex)
      throws IOException {
    String q =
        r.query() == null
            ? ""
            : java.net.URLDecoder.decode(r.query(), java.nio.charset.StandardCharsets.UTF_8);
    ArrayNode runs = json.createArrayNode();
    for (CheckRun c : checkRuns.reversed()) {
      if (c.headSha().equals(ref)
          && (!q.contains("check_name=") || q.contains("check_name=" + c.name()))) {
        runs.add(json(c));
      }
    }
    ObjectNode page = json.createObjectNode().put("total_count", runs.size());
    page.set("check_runs", runs);
    LocalHttpServer.json(ex, 200, page.toString());
  }

  private void pull(int number, HttpExchange ex) throws IOException {
    PullRequest p = pulls.get(number);
    if (p == null) {
      notFound(ex);
      return;
    }
    String base = fake.apiUrl() + REPO + "/pulls/" + number;
    ObjectNode pr =
        json.createObjectNode()
            .put("id", 500 + number)
            .put("node_id", "PR_" + number)
            .put("number", number)
            .put("state", "open")
            .put("title", "A change");
    pr.put("url", base)
        .put("html_url", "https://github.com/" + GitHubFake.REPOSITORY + "/pull/" + number)
        .put("review_comments_url", base + "/comments");
    pr.putObject("head").put("sha", p.headSha()).put("ref", "feature").put("label", "acme:feature");
    pr.putObject("base")
        .put("sha", "0000000000000000000000000000000000000000")
        .put("ref", "main")
        .put("label", "acme:main");
    pr.putObject("user").put("login", "author").put("id", 5).put("type", "User");
    LocalHttpServer.json(ex, 200, pr.toString());
  }

  private synchronized void createReview(LocalHttpServer.Request r, int number, HttpExchange ex)
      throws IOException {
    PullRequest p = pulls.get(number);
    if (p == null) {
      notFound(ex);
      return;
    }
    JsonNode b = json.readTree(r.bodyText());
    for (JsonNode c : b.path("comments")) {
      Set<Integer> lines = p.diffLines().getOrDefault(c.path("path").asText(), Set.of());
      int line = c.path("line").asInt(-1);
      int start = c.path("start_line").asInt(line);
      for (int l = start; l <= line; l++) {
        if (!lines.contains(l)) {
          LocalHttpServer.json(
              ex,
              422,
              "{\"message\":\"Unprocessable Entity\",\"errors\":[\"Pull request review thread line must be part of the diff and Pull request review thread start line must be part of the same hunk as the line.\"],\"documentation_url\":\"https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request\",\"status\":\"422\"}");
          return;
        }
      }
    }
    String author = fake.user() == null ? "github-actions[bot]" : fake.user();
    Review review =
        new Review(
            fake.nextId(),
            number,
            author,
            b.path("commit_id").asText(p.headSha()),
            b.path("event").asText("PENDING"),
            b.path("body").asText(""));
    reviews.add(review);
    for (JsonNode c : b.path("comments")) {
      comments.add(
          new ReviewComment(
              fake.nextId(),
              number,
              review.id(),
              author,
              c.path("path").asText(),
              c.path("start_line").asInt(0),
              c.path("line").asInt(),
              c.path("body").asText()));
    }
    ObjectNode v =
        json.createObjectNode()
            .put("id", review.id())
            .put("node_id", "PRR_" + review.id())
            .put("body", review.body())
            .put("commit_id", review.commitId());
    v.put("state", review.event().equals("COMMENT") ? "COMMENTED" : review.event())
        .put(
            "html_url",
            "https://github.com/"
                + GitHubFake.REPOSITORY
                + "/pull/"
                + number
                + "#pullrequestreview-"
                + review.id());
    v.put("pull_request_url", fake.apiUrl() + REPO + "/pulls/" + number)
        .put("submitted_at", "2026-11-23T12:00:00Z");
    v.putObject("user")
        .put("login", author)
        .put("id", 3)
        .put("type", author.endsWith("[bot]") ? "Bot" : "User");
    LocalHttpServer.json(ex, 200, v.toString());
  }

  private ObjectNode json(CheckRun c) {
    ObjectNode v =
        json.createObjectNode()
            .put("id", c.id())
            .put("node_id", "CR_" + c.id())
            .put("name", c.name())
            .put("head_sha", c.headSha())
            .put("external_id", c.externalId());
    v.put("status", c.status())
        .put("conclusion", c.conclusion())
        .put("url", fake.apiUrl() + REPO + "/check-runs/" + c.id());
    v.put("html_url", "https://github.com/" + GitHubFake.REPOSITORY + "/runs/" + c.id());
    ObjectNode out =
        v.putObject("output")
            .put("title", c.title())
            .put("summary", c.summary())
            .put("annotations_count", c.annotations().size());
    out.put("annotations_url", fake.apiUrl() + REPO + "/check-runs/" + c.id() + "/annotations");
    v.putObject("app").put("id", 15368).put("slug", "github-actions").put("name", "GitHub Actions");
    return v;
  }

  private ObjectNode json(ReviewComment c) {
    ObjectNode v =
        json.createObjectNode()
            .put("id", c.id())
            .put("node_id", "PRRC_" + c.id())
            .put("body", c.body())
            .put("path", c.path())
            .put("line", c.line())
            .put("side", "RIGHT");
    if (c.startLine() > 0) {
      v.put("start_line", c.startLine());
    }
    v.put("pull_request_review_id", c.reviewId())
        .put("url", fake.apiUrl() + REPO + "/pulls/comments/" + c.id());
    v.put(
        "html_url",
        "https://github.com/"
            + GitHubFake.REPOSITORY
            + "/pull/"
            + c.pullRequest()
            + "#discussion_r"
            + c.id());
    v.put("pull_request_url", fake.apiUrl() + REPO + "/pulls/" + c.pullRequest());
    v.putObject("user")
        .put("login", c.author())
        .put("id", 3)
        .put("type", c.author().endsWith("[bot]") ? "Bot" : "User");
    return v;
  }

  private static void unprocessable(HttpExchange ex, String why) throws IOException {
    LocalHttpServer.json(
        ex,
        422,
        "{\"message\":\"Invalid request.\\n\\n"
            + why
            + ".\",\"documentation_url\":\"https://docs.github.com/rest/checks/runs\",\"status\":\"422\"}");
  }

  private static void notFound(HttpExchange ex) throws IOException {
    LocalHttpServer.json(
        ex,
        404,
        "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
  }
}
