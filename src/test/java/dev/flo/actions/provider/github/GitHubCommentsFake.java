package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local GitHub REST API for issue comments as documented (docs.github.com/rest/issues/comments): the repository,
 * the issue, list comments, create (201) and update (PATCH) one. A wrong token gets 401 "Bad credentials";
 * {@link #forbidComments} answers 403 "Resource not accessible by integration", as GITHUB_TOKEN without
 * {@code pull-requests: write} does.
 */
public final class GitHubCommentsFake implements AutoCloseable {
  public static final String TOKEN = "ghs_fake-github-token-123";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");
  private static final Pattern ISSUE = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)");
  private static final Pattern COMMENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
  private static final Pattern COMMENT = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)");

  /** A comment as stored. */
  public record Comment(long id, int issue, String author, String body) {}

  private final LocalHttpServer server;
  private final List<Comment> comments = new ArrayList<>();
  private boolean forbidden;
  private String user;

  public GitHubCommentsFake() throws IOException {
    server = new LocalHttpServer(this::handle);
  }

  public String apiUrl() {
    return server.baseUrl();
  }

  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  public synchronized List<Comment> comments() {
    return List.copyOf(comments);
  }

  /** Adds a comment written by someone else. */
  public synchronized void seed(int issue, String author, String body) {
    comments.add(new Comment(1000 + comments.size(), issue, author, body));
  }

  /**
   * The token is a user's (a personal access token): {@code GET /user} answers with {@code login}, and comments are
   * written as that user. By default the token is GITHUB_TOKEN, an installation token: {@code GET /user} answers
   * 403 and comments are written by {@code github-actions[bot]}.
   */
  public synchronized void actingAs(String login) {
    user = login;
  }

  public synchronized void forbidComments() {
    forbidden = true;
  }

  private synchronized void handle(LocalHttpServer.Request r, HttpExchange ex) throws IOException {
    String auth = r.header("Authorization");
    if (auth == null || !(auth.equals("token " + TOKEN) || auth.equals("Bearer " + TOKEN))) {
      LocalHttpServer.json(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
      return;
    }
    Matcher m;
    if (r.method().equals("GET") && r.path().equals("/user")) {
      if (user == null) {
        LocalHttpServer.json(ex, 403, "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs.github.com/rest/users/users#get-the-authenticated-user\"}");
      } else {
        LocalHttpServer.json(ex, 200, JSON.createObjectNode().put("login", user).put("id", 4).put("type", "User").toString());
      }
    } else if (r.method().equals("GET") && (m = REPO.matcher(r.path())).matches()) {
      ObjectNode repo = JSON.createObjectNode().put("id", 1).put("name", m.group(2)).put("full_name", m.group(1) + "/" + m.group(2));
      repo.put("url", server.baseUrl() + r.path()).put("html_url", "https://github.com/" + m.group(1) + "/" + m.group(2));
      repo.putObject("owner").put("login", m.group(1)).put("id", 2).put("type", "Organization");
      LocalHttpServer.json(ex, 200, repo.toString());
    } else if (r.method().equals("GET") && (m = ISSUE.matcher(r.path())).matches()) {
      ObjectNode issue = JSON.createObjectNode().put("id", 10).put("number", Integer.parseInt(m.group(3))).put("state", "open").put("title", "A change");
      issue.put("url", server.baseUrl() + r.path()).put("html_url", "https://github.com/" + m.group(1) + "/" + m.group(2) + "/pull/" + m.group(3));
      issue.putObject("pull_request").put("url", server.baseUrl() + "/repos/" + m.group(1) + "/" + m.group(2) + "/pulls/" + m.group(3));
      LocalHttpServer.json(ex, 200, issue.toString());
    } else if ((m = COMMENTS.matcher(r.path())).matches()) {
      int issue = Integer.parseInt(m.group(3));
      String owner = m.group(1);
      String name = m.group(2);
      if (r.method().equals("GET")) {
        ArrayNode list = JSON.createArrayNode();
        comments.stream().filter(c -> c.issue() == issue).forEach(c -> list.add(view(c, owner, name)));
        LocalHttpServer.json(ex, 200, list.toString());
      } else if (forbidden) {
        LocalHttpServer.json(ex, 403, "{\"message\":\"Resource not accessible by integration\"}");
      } else {
        Comment c = new Comment(2000 + comments.size(), issue, user == null ? "github-actions[bot]" : user, JSON.readTree(r.bodyText()).path("body").asText());
        comments.add(c);
        LocalHttpServer.json(ex, 201, view(c, m.group(1), m.group(2)).toString());
      }
    } else if (r.method().equals("PATCH") && (m = COMMENT.matcher(r.path())).matches()) {
      long id = Long.parseLong(m.group(3));
      for (int i = 0; i < comments.size(); i++) {
        Comment c = comments.get(i);
        if (c.id() == id) {
          Comment updated = new Comment(id, c.issue(), c.author(), JSON.readTree(r.bodyText()).path("body").asText());
          comments.set(i, updated);
          LocalHttpServer.json(ex, 200, view(updated, m.group(1), m.group(2)).toString());
          return;
        }
      }
      LocalHttpServer.json(ex, 404, "{\"message\":\"Not Found\"}");
    } else {
      LocalHttpServer.json(ex, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private ObjectNode view(Comment c, String owner, String repo) {
    ObjectNode v = JSON.createObjectNode().put("id", c.id()).put("body", c.body());
    v.put("url", server.baseUrl() + "/repos/" + owner + "/" + repo + "/issues/comments/" + c.id());
    v.put("html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + c.issue() + "#issuecomment-" + c.id());
    v.put("created_at", "2026-11-23T12:00:00Z").put("updated_at", "2026-11-23T12:00:00Z");
    v.putObject("user").put("login", c.author()).put("id", 3).put("type", c.author().endsWith("[bot]") ? "Bot" : "User");
    return v;
  }

  @Override
  public void close() {
    server.close();
  }
}
