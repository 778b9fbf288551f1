package dev.flo.actions.provider.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * GitHub deployments and their statuses for one repository (REST "Deployments"), so the environment
 * page and the pull request show what is live. Needs {@code deployments: write}.
 */
public final class GitHubDeployments {
  private final GitHub github;
  private final String repository;
  private final String apiUrl;
  private final Secret token;
  private final Http http;
  private @Nullable GHRepository repo;

  public GitHubDeployments(
      GitHub github, String repository, String apiUrl, Secret token, Http http) {
    this.github = github;
    this.repository = repository;
    this.apiUrl = apiUrl;
    this.token = token;
    this.http = http;
  }

  public static GitHubDeployments connect(
      String apiUrl, Secret token, String repository, Clock clock, Log log, Http http)
      throws GitHubDeploymentException {
    try {
      return new GitHubDeployments(
          GitHubApi.connect(apiUrl, token, clock, log, http), repository, apiUrl, token, http);
    } catch (IOException e) {
      throw translate("connect to the GitHub API at " + apiUrl, e);
    }
  }

  /**
   * Creates a deployment of {@code sha}. {@code auto_merge} is always false (GitHub's default true
   * merges the default branch into the ref, answering 202 with no deployment) and {@code
   * required_contexts} empty (the default checks every commit status and answers 409 while any is
   * failing or pending).
   */
  public long create(String sha, String environment, String description)
      throws GitHubDeploymentException {
    return create(sha, environment, description, null);
  }

  /**
   * As {@link #create(String, String, String)}, with {@code marker} (may be null) in the payload
   * for {@link #find}.
   */
  public long create(
      String sha, String environment, String description, @Nullable DeploymentMarker marker)
      throws GitHubDeploymentException {
    String what = "create a GitHub deployment of " + shortSha(sha) + " to " + environment;
    try {
      var builder =
          repo()
              .createDeployment(sha)
              .autoMerge(false)
              .requiredContexts(List.of())
              .environment(environment)
              .description(trim(description));
      if (marker != null) {
        builder.payload(marker.payload());
      }
      return builder.create().getId();
    } catch (IOException e) {
      throw translate(what, e);
    }
  }

  /**
   * Adds a status; {@code environmentUrl} and {@code logUrl} may be null. Sent with the runtime's
   * HTTP client, not the library's builder: github-api 1.330 writes enum values with hyphens
   * ({@code in-progress}), which is not one of GitHub's states ({@code in_progress}).
   */
  public void status(
      long deploymentId,
      DeploymentState state,
      String description,
      @Nullable String environmentUrl,
      @Nullable String logUrl)
      throws GitHubDeploymentException, InterruptedException {
    String wire = state.wire();
    String what = "set GitHub deployment " + deploymentId + " to " + wire;
    ObjectNode body =
        Json.MAPPER.createObjectNode().put("state", wire).put("description", trim(description));
    if (environmentUrl != null) {
      body.put("environment_url", environmentUrl);
    }
    if (logUrl != null) {
      body.put("log_url", logUrl);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    apiUrl + "/repos/" + repository + "/deployments/" + deploymentId + "/statuses"))
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> r = http.send(request, what);
      if (r.statusCode() != 201) {
        throw translate(what, r.statusCode(), r.body(), null);
      }
    } catch (IOException e) {
      throw translate(what, e);
    }
  }

  /**
   * The newest deployment of {@code sha} to {@code environment}, among the latest page GitHub
   * returns.
   */
  public OptionalLong latest(String sha, String environment) throws GitHubDeploymentException {
    try {
      for (GHDeployment d : repo().listDeployments(sha, null, null, environment).withPageSize(30)) {
        return OptionalLong.of(d.getId());
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      throw translate("list GitHub deployments of " + shortSha(sha) + " to " + environment, e);
    }
  }

  /**
   * How many of the newest deployments of a commit to an environment {@link #find} reads: one page.
   */
  static final int FIND_WINDOW = 100;

  /**
   * The deployment of {@code sha} to {@code environment} whose payload carries {@code marker},
   * among the newest {@value #FIND_WINDOW}: the one an earlier attempt of this run made.
   */
  public OptionalLong find(String sha, String environment, DeploymentMarker marker)
      throws GitHubDeploymentException {
    try {
      int read = 0;
      for (GHDeployment d :
          repo().listDeployments(sha, null, null, environment).withPageSize(FIND_WINDOW)) {
        if (marker.matches(d.getPayloadObject())) {
          return OptionalLong.of(d.getId());
        }
        if (++read >= FIND_WINDOW) {
          break;
        }
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      throw translate("list GitHub deployments of " + shortSha(sha) + " to " + environment, e);
    }
  }

  private GHRepository repo() throws IOException {
    if (repo == null) {
      repo = github.getRepository(repository);
    }
    return repo;
  }

  /** GitHub limits a status description to 140 characters. */
  private static String trim(String s) {
    return s == null || s.length() <= 140 ? s : s.substring(0, 139) + "…";
  }

  private static String shortSha(String sha) {
    return sha != null && sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  static GitHubDeploymentException translate(String what, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GitHubApi.RateLimited limited) {
        return new GitHubDeploymentException(
            "Could not " + what + ": " + limited.getMessage() + ".",
            "Re-run the job once the limit has lifted; this step waits at most "
                + GitHubApi.MAX_WAIT.toSeconds()
                + "s for it.",
            e);
      }
    }
    if (e instanceof HttpException h) {
      return translate(what, h.getResponseCode(), h.getMessage(), e);
    }
    return new GitHubDeploymentException(
        "Could not " + what + ": " + e.getMessage(),
        "Re-run the job; GitHub may be unreachable or rate limiting.",
        e);
  }

  static GitHubDeploymentException translate(
      String what, int code, @Nullable String message, @Nullable Exception e) {
    String body = message == null ? "" : message;
    if (code == 403 && body.contains("Resource not accessible")) {
      return new GitHubDeploymentException(
          "Could not " + what + ": the token lacks the deployments permission (HTTP 403).",
          "Add `permissions: { deployments: write }` to the job (or pass a `github-token` that has it), or set `github-deployment: false`.",
          e);
    }
    if (code == 401) {
      return new GitHubDeploymentException(
          "Could not " + what + ": GitHub rejected the token (HTTP 401).",
          "Check the `github-token` input.",
          e);
    }
    if (code == 404) {
      return new GitHubDeploymentException(
          "Could not "
              + what
              + ": GitHub answered 404 (the repository or deployment is unknown to this token).",
          "Check `github-token` can see the repository, and that GITHUB_API_URL points at the right GitHub.",
          e);
    }
    return new GitHubDeploymentException(
        "Could not " + what + ": GitHub answered HTTP " + code + ".",
        "Re-run the job; if it persists, check githubstatus.com.",
        e);
  }
}
