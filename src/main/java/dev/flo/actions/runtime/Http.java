package dev.flo.actions.runtime;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The one HTTP client of every step (JDK {@link HttpClient}): timeouts, retries with backoff and jitter on
 * connection errors, 429 and 5xx, {@code Retry-After} and {@code Ratelimit-Reset} honoured within a bounded
 * deadline, and the runner's proxy variables. It logs only a call's description, never its URL or headers.
 */
public final class Http {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private final Supplier<HttpClient> client;
  private final Clock clock;
  private final Log log;
  private final DoubleSupplier random;
  private final RetryPolicy policy;
  private final Duration requestTimeout;
  private final ProxySelector proxy;
  private final HttpClient.Redirect redirect;

  public Http(HttpClient client, Clock clock, Log log, DoubleSupplier random, RetryPolicy policy, Duration requestTimeout) {
    this(() -> client, clock, log, random, policy, requestTimeout, client.proxy().orElse(null), client.followRedirects());
  }

  private Http(
      Supplier<HttpClient> client, Clock clock, Log log, DoubleSupplier random, RetryPolicy policy, Duration requestTimeout, ProxySelector proxy, HttpClient.Redirect redirect) {
    this.client = client;
    this.clock = clock;
    this.log = log;
    this.random = random;
    this.policy = policy;
    this.requestTimeout = requestTimeout;
    this.proxy = proxy;
    this.redirect = redirect;
  }

  /**
   * The standard client: 10 s connect timeout, redirects followed (never from https to http), runner proxies. The
   * JDK client is built on first use: building it sets up TLS and reads the CA store (600-700 ms measured on a
   * 2-core runner), which a dry run or a step that never calls out should not pay.
   */
  public static Http create(ProxySelector proxy, Clock clock, Log log, boolean followRedirects) {
    HttpClient.Redirect r = redirect(followRedirects);
    return new Http(lazy(proxy, r), clock, log, Math::random, RetryPolicy.DEFAULT, Duration.ofSeconds(30), proxy, r);
  }

  private static HttpClient.Redirect redirect(boolean follow) {
    return follow ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER;
  }

  private static Supplier<HttpClient> lazy(ProxySelector proxy, HttpClient.Redirect redirect) {
    return new Supplier<>() {
      private HttpClient built;

      @Override
      public synchronized HttpClient get() {
        if (built == null) {
          HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(redirect);
          if (proxy != null) {
            b.proxy(proxy);
          }
          built = b.build();
        }
        return built;
      }
    };
  }

  public Http withPolicy(RetryPolicy p) {
    return new Http(client, clock, log, random, p, requestTimeout, proxy, redirect);
  }

  public Http withRequestTimeout(Duration t) {
    return new Http(client, clock, log, random, policy, t, proxy, redirect);
  }

  /**
   * The same client with redirects followed ({@code NORMAL}: never from https to http) or not, for callers that
   * must see a 3xx themselves (a health check with {@code follow-redirects: false}).
   */
  public Http withRedirects(boolean follow) {
    HttpClient.Redirect wanted = redirect(follow);
    if (wanted == redirect) {
      return this;
    }
    return new Http(lazy(proxy, wanted), clock, log, random, policy, requestTimeout, proxy, wanted);
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Sends with retries. GET, HEAD, PUT, DELETE and OPTIONS are retried on connection errors, 429 and 5xx; other
   * methods (POST, PATCH) only when the request cannot have been acted on: refused connections and 429. Returns
   * the last response whatever its status; throws {@link HttpException} when no response ever came.
   *
   * @param description what the call does, for messages ("get Render deploy dep-123")
   */
  public HttpResponse<String> send(HttpRequest request, String description) throws IOException, InterruptedException {
    return send(request, description, HttpResponse.BodyHandlers.ofString());
  }

  public <T> HttpResponse<T> send(HttpRequest request, String description, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return send(request, description, handler, IDEMPOTENT.contains(request.method()));
  }

  /**
   * Sends a POST that is idempotent by its meaning (Slack's chat.update: applying it twice changes nothing), so it
   * is retried like a PUT, on 5xx and timeouts too.
   */
  public HttpResponse<String> sendIdempotent(HttpRequest request, String description) throws IOException, InterruptedException {
    return send(request, description, HttpResponse.BodyHandlers.ofString(), true);
  }

  private <T> HttpResponse<T> send(HttpRequest request, String description, HttpResponse.BodyHandler<T> handler, boolean idempotent)
      throws IOException, InterruptedException {
    Instant deadline = clock.now().plus(policy.deadline());
    HttpRequest timed = request.timeout().isPresent() ? request : HttpRequest.newBuilder(request, (k, v) -> true).timeout(requestTimeout).build();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String why;
      try {
        HttpResponse<T> response = client.get().send(timed, handler);
        int status = response.statusCode();
        // A POST answered 503 may have been acted on (a gateway timing out a slow backend), even with Retry-After.
        boolean retryable = status == 429 || (idempotent && status >= 500);
        if (!retryable || attempt >= policy.maxAttempts()) {
          return response;
        }
        Duration hinted = retryAfter(response).orElse(null);
        wait = hinted != null ? hinted : policy.backoff(attempt, random.getAsDouble());
        why = "HTTP " + status;
        if (clock.now().plus(wait).isAfter(deadline)) {
          log.info("%s: %s; the server asks to wait %ds, past the retry deadline, so giving up", description, why, wait.toSeconds());
          return response;
        }
      } catch (ConnectException | HttpConnectTimeoutException e) {
        why = "cannot connect (" + reason(e) + ")";
        wait = policy.backoff(attempt, random.getAsDouble());
        if (attempt >= policy.maxAttempts() || clock.now().plus(wait).isAfter(deadline)) {
          throw new HttpException(description + ": " + why + " after " + attempt + " attempt(s)", e);
        }
      } catch (HttpTimeoutException e) {
        why = "no answer within " + DurationText.exact(timed.timeout().orElse(requestTimeout));
        wait = policy.backoff(attempt, random.getAsDouble());
        if (!idempotent || attempt >= policy.maxAttempts() || clock.now().plus(wait).isAfter(deadline)) {
          throw new HttpException(description + ": " + why + " after " + attempt + " attempt(s)", e);
        }
      } catch (IOException e) {
        why = "connection failed (" + reason(e) + ")";
        wait = policy.backoff(attempt, random.getAsDouble());
        if (!idempotent || attempt >= policy.maxAttempts() || clock.now().plus(wait).isAfter(deadline)) {
          throw new HttpException(description + ": " + why + " after " + attempt + " attempt(s)", e);
        }
      }
      log.info("%s: %s; retrying in %d ms (attempt %d of %d)", description, why, wait.toMillis(), attempt + 1, policy.maxAttempts());
      clock.sleep(wait);
    }
  }

  /**
   * The wait a server asked for: {@code Retry-After} (seconds or an HTTP date), else {@code Ratelimit-Reset}
   * (Render sends epoch seconds; the IETF draft sends seconds to wait, so small values are read as a delay).
   */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> ra = response.headers().firstValue("Retry-After");
    if (ra.isPresent()) {
      String v = ra.get().strip();
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Optional.of(nonNegative(Duration.between(clock.now(), at)));
        } catch (DateTimeParseException ignored) {
          return Optional.empty();
        }
      }
    }
    Optional<String> reset = response.headers().firstValue("Ratelimit-Reset");
    if (reset.isPresent()) {
      try {
        long n = Long.parseLong(reset.get().strip());
        return Optional.of(n > 1_000_000_000L ? nonNegative(Duration.between(clock.now(), Instant.ofEpochSecond(n))) : Duration.ofSeconds(n));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
