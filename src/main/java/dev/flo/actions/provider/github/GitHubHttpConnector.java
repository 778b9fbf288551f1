package dev.flo.actions.provider.github;

import dev.flo.actions.runtime.http.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends hub4j's requests through our {@link Http}, so GitHub calls get the same deadlines (headers
 * and body), body bound and redirect rule (the token never follows a redirect to another origin) as
 * every other call. hub4j's default connector would use a JDK client of its own, with only a header
 * timeout and no body limit.
 */
final class GitHubHttpConnector implements GitHubConnector {
  /**
   * Headers the JDK client sets itself and refuses from callers; Accept-Encoding: our bodies are
   * text, not gzip.
   */
  private static final Set<String> SKIPPED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "accept-encoding");

  /**
   * A page of 100 issue comments of up to 65,536 characters each is 6.5 MB: more room than provider
   * JSON.
   */
  static final long BODY_LIMIT = 16L << 20;

  private final Http http;

  GitHubHttpConnector(Http http) {
    this.http = http.withBodyLimit(BODY_LIMIT);
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    URI uri = URI.create(request.url().toString());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    request
        .allHeaders()
        .forEach(
            (name, values) -> {
              if (name != null && !SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    byte[] body = request.hasBody() ? request.body().readAllBytes() : null;
    b.method(
        request.method(),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), "GitHub API " + request.method() + " " + uri.getRawPath());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted during GitHub API " + request.method() + " " + uri.getRawPath());
    }
    byte[] bytes =
        response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
    return new GitHubConnectorResponse.ByteArrayResponse(
        request, response.statusCode(), response.headers().map()) {
      @Override
      protected InputStream rawBodyStream() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }
}
