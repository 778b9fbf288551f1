package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Who a token acts as, for user tokens and GitHub App installation tokens alike: GraphQL's {@code
 * viewer}. REST {@code GET /user} answers 403 "Resource not accessible by integration" to an
 * installation token, and {@code GET /app} needs the app's JWT; {@code viewer} answers the app's
 * bot login ({@code <slug>[bot]}), the author of the comments it writes (confirmed in
 * fullsend-ai/fullsend#1953, joshjohanning/bulk-github-repo-settings-sync-action#194).
 */
final class GitHubViewer {
  /** A login is at most 39 characters; anything near this size is not a viewer answer. */
  private static final int MAX_BODY = 64 * 1024;

  private final String graphqlUrl;
  private final Secret token;
  private final Http http;

  /**
   * @param graphqlUrl {@code GITHUB_GRAPHQL_URL}: {@code https://api.github.com/graphql}, {@code
   *     https://HOST/api/graphql} on GHES
   */
  GitHubViewer(String graphqlUrl, Secret token, Http http) {
    this.graphqlUrl = graphqlUrl;
    this.token = token;
    this.http = http;
  }

  /** The login of the token's user or app bot; IOException when GitHub does not say. */
  String login() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(graphqlUrl))
            .header("Authorization", "Bearer " + token.reveal())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"query { viewer { login } }\"}"))
            .build();
    HttpResponse<String> r = http.send(request, "ask GitHub GraphQL who the token acts as");
    String body = r.body() == null ? "" : r.body();
    if (r.statusCode() != 200 || body.length() > MAX_BODY) {
      throw new IOException(
          "GitHub GraphQL answered HTTP " + r.statusCode() + " to the viewer query");
    }
    JsonNode login = Json.MAPPER.readTree(body).path("data").path("viewer").path("login");
    if (!login.isTextual() || login.asText().isBlank()) {
      throw new IOException("GitHub GraphQL's answer to the viewer query has no login");
    }
    return login.asText();
  }
}
