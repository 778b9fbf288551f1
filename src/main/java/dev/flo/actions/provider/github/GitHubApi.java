package dev.flo.actions.provider.github;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Builds the {@code org.kohsuke:github-api} client every GitHub call goes through: the API base
 * from {@code GITHUB_API_URL} (GHES), the token, and rate-limit handlers that wait a bounded time.
 * The library's defaults sleep until the limit resets, which can stall a job for an hour
 * (GitHubBuilder.java:158-164).
 */
public final class GitHubApi {
  /**
   * The longest single wait for a rate limit to lift; past that the call fails with the reset time.
   */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** How many bounded waits one client allows in total, so a limit that never lifts cannot loop. */
  static final int MAX_WAITS = 3;

  private GitHubApi() {}

  /**
   * A client whose every call goes through {@code http}: its deadlines, body bound and redirect
   * rule.
   */
  public static GitHub connect(String apiUrl, Secret token, Clock clock, Log log, Http http)
      throws IOException {
    BoundedWait waits = new BoundedWait(clock, log, http);
    return new GitHubBuilder()
        .withEndpoint(apiUrl)
        .withConnector(new GitHubHttpConnector(http))
        .withOAuthToken(token.reveal())
        .withRateLimitHandler(
            new GitHubRateLimitHandler() {
              @Override
              public void onError(GitHubConnectorResponse response) throws IOException {
                waits.waitOrFail(response, "GitHub API rate limit");
              }
            })
        .withAbuseLimitHandler(
            new GitHubAbuseLimitHandler() {
              @Override
              public void onError(GitHubConnectorResponse response) throws IOException {
                waits.waitOrFail(response, "GitHub secondary rate limit");
              }
            })
        .build();
  }

  /** A limit that lifts later than this step waits. */
  static final class RateLimited extends IOException {
    RateLimited(String message) {
      super(message);
    }
  }

  /** Returning normally from a handler makes the library retry the request; throwing fails it. */
  private static final class BoundedWait {
    private final Clock clock;
    private final Log log;
    private final Http http;
    private int waits;

    /**
     * @param http the calls' client: a wait longer than its deadline leaves is not started
     */
    BoundedWait(Clock clock, Log log, Http http) {
      this.clock = clock;
      this.log = log;
      this.http = http;
    }

    synchronized void waitOrFail(GitHubConnectorResponse response, String what) throws IOException {
      Duration wait = wait(response);
      if (wait.compareTo(http.timeLeft()) >= 0) {
        throw new RateLimited(
            what
                + " reached (HTTP "
                + response.statusCode()
                + "); it lifts in "
                + wait.toSeconds()
                + "s, after this step's timeout, so not waited for");
      }
      if (wait.compareTo(MAX_WAIT) > 0 || waits >= MAX_WAITS) {
        throw new RateLimited(
            what
                + " reached (HTTP "
                + response.statusCode()
                + "); it lifts in "
                + wait.toSeconds()
                + "s, longer than this step waits");
      }
      waits++;
      log.info(
          "%s reached; waiting %ds before retrying (wait %d of at most %d)",
          what, wait.toSeconds(), waits, MAX_WAITS);
      try {
        Progress.sleep(log, clock, what + ": waiting to retry", wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the " + what, e);
      }
    }

    /**
     * {@code Retry-After} seconds, else until {@code x-ratelimit-reset} (epoch seconds), else a
     * short pause.
     */
    private Duration wait(GitHubConnectorResponse response) {
      try {
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
          return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
        }
        String reset = response.header("x-ratelimit-reset");
        if (reset != null) {
          Duration d =
              Duration.between(clock.now(), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
          return d.isNegative() ? Duration.ofSeconds(1) : d.plusSeconds(1);
        }
      } catch (NumberFormatException e) {
        // An unreadable header: fall through to a short pause.
      }
      return Duration.ofSeconds(5);
    }
  }
}
