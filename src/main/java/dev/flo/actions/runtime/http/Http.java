package dev.flo.actions.runtime.http;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
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
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP client of every step (JDK {@link HttpClient}): timeouts, retries with backoff and
 * jitter on connection errors, 429 and 5xx, {@code Retry-After} and {@code Ratelimit-Reset}
 * honoured within a bounded deadline, and the runner's proxy variables. It logs only a call's
 * description, never its URL or headers.
 *
 * <p>Three promises hold for every call, whatever the server does. <b>Deadlines:</b> one attempt
 * must deliver its headers <em>and its whole body</em> within the request timeout (the JDK's own
 * timeout stops at the headers, so we wait on the exchange ourselves and cancel it), and with
 * {@link #within} no attempt, retry or backoff outlives the caller's deadline. <b>Bounded
 * bodies:</b> a body is read up to {@link #withBodyLimit} bytes, then the call fails naming the
 * server. <b>Secrets stay with their origin:</b> redirects are followed here, not by the JDK, and a
 * redirect to another scheme, host or port carries only the headers in {@link
 * #CROSS_ORIGIN_HEADERS}.
 */
public final class Http {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  /**
   * The only headers sent on to another origin after a redirect; the rest (credentials of any name)
   * are dropped.
   */
  static final Set<String> CROSS_ORIGIN_HEADERS =
      Set.of("accept", "accept-language", "content-type", "user-agent", "cache-control");

  /** The JDK's own limit for {@code Redirect.NORMAL}. */
  static final int MAX_REDIRECTS = 5;

  /**
   * Provider JSON answers are kilobytes; 4 MiB leaves room for a long deploy list and bounds a
   * hostile server.
   */
  public static final long DEFAULT_BODY_LIMIT = 4L << 20;

  private final Function<URI, HttpClient> client;
  private final Clock clock;
  private final Log log;
  private final DoubleSupplier random;
  private final RetryPolicy policy;
  private final Duration requestTimeout;
  private final @Nullable ProxySelector proxy;
  private final boolean follow;
  private final long bodyLimit;
  private final @Nullable Deadline deadline;

  /**
   * A client over {@code client}, which must not follow redirects itself (this class does, dropping
   * secrets).
   */
  public Http(
      HttpClient client,
      Clock clock,
      Log log,
      DoubleSupplier random,
      RetryPolicy policy,
      Duration requestTimeout) {
    this(
        uri -> client,
        clock,
        log,
        random,
        policy,
        requestTimeout,
        client.proxy().orElse(null),
        client.followRedirects() != HttpClient.Redirect.NEVER,
        DEFAULT_BODY_LIMIT,
        null);
  }

  private Http(
      Function<URI, HttpClient> client,
      Clock clock,
      Log log,
      DoubleSupplier random,
      RetryPolicy policy,
      Duration requestTimeout,
      @Nullable ProxySelector proxy,
      boolean follow,
      long bodyLimit,
      @Nullable Deadline deadline) {
    this.client = client;
    this.clock = clock;
    this.log = log;
    this.random = random;
    this.policy = policy;
    this.requestTimeout = requestTimeout;
    this.proxy = proxy;
    this.follow = follow;
    this.bodyLimit = bodyLimit;
    this.deadline = deadline;
  }

  /**
   * The standard client: 10 s connect timeout, redirects followed (never from https to http),
   * runner proxies. The JDK client is built on first use: building it sets up TLS and reads the CA
   * store (600-700 ms measured on a 2-core runner), which a dry run or a step that never calls out
   * should not pay.
   */
  public static Http create(ProxySelector proxy, Clock clock, Log log, boolean followRedirects) {
    return new Http(
        lazy(proxy),
        clock,
        log,
        Math::random,
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(30),
        proxy,
        followRedirects,
        DEFAULT_BODY_LIMIT,
        null);
  }

  private static Function<URI, HttpClient> lazy(ProxySelector proxy) {
    return new Lazy(proxy);
  }

  /**
   * The standard client, built on first use; {@link #close} stops it (and its selector thread) if
   * it was. Two of them, each built on the first request that needs it: one for {@code https} (the
   * JDK's default TLS context, the CA store) and one for plain {@code http}, which never sets up
   * TLS. A JDK client builds its TLS context when it is built, whatever it is asked later: 0.2-0.7
   * s of CPU (the TLS provider, then the CA store's ~150 certificates) that a health check of an
   * internal {@code http://} URL never uses.
   */
  private static final class Lazy implements Function<URI, HttpClient> {
    private final @Nullable ProxySelector proxy;
    private @Nullable HttpClient tls;
    private @Nullable HttpClient plain;

    Lazy(@Nullable ProxySelector proxy) {
      this.proxy = proxy;
    }

    @Override
    public synchronized HttpClient apply(URI uri) {
      if ("http".equalsIgnoreCase(uri.getScheme())) {
        if (plain == null) {
          plain = build(true);
        }
        return plain;
      }
      if (tls == null) {
        tls = build(false);
      }
      return tls;
    }

    private HttpClient build(boolean plainOnly) {
      // NEVER: redirects are followed by send(), which decides what crosses to another origin.
      // HTTP/1.1: a step makes a handful of requests, one at a time, where HTTP/2 gains nothing;
      // the JDK's HTTP/2 client is ~75 classes the AOT cache does not hold (its training servers
      // speak HTTP/1.1) plus HPACK's tables, and over plain http it would send an h2c Upgrade
      // header to every health URL. Against an HTTPS server that offers h2, as slack.com does:
      // slack-notify as the image runs it 0.93x wall, 0.92x CPU, 2.2 MiB less (2026-12-04, 16
      // pairs; bench/README.md).
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER);
      if (plainOnly) {
        b.sslContext(NoTls.CONTEXT).sslParameters(new javax.net.ssl.SSLParameters());
      }
      if (proxy != null) {
        b.proxy(proxy);
      }
      return b.build();
    }

    synchronized void close() {
      HttpClient t = tls;
      HttpClient p = plain;
      tls = null;
      plain = null;
      stop(t);
      stop(p);
    }

    private static void stop(@Nullable HttpClient c) {
      if (c == null) {
        return;
      }
      // shutdownNow, not close(): close() waits for exchanges still running, and a step that ends
      // has none it needs.
      c.shutdownNow();
      try {
        // The selector thread ends within milliseconds of shutdownNow; bounded all the same.
        c.awaitTermination(CLOSE_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The TLS context of the plain-HTTP client: it is never asked for a connection (https goes to the
   * other client), and fails loudly if it were, rather than set up the JDK's TLS for nothing.
   */
  private static final class NoTls extends javax.net.ssl.SSLContextSpi {
    static final javax.net.ssl.SSLContext CONTEXT = new Context();

    private static final class Context extends javax.net.ssl.SSLContext {
      Context() {
        super(new NoTls(), null, "none");
      }
    }

    private static IllegalStateException refused() {
      return new IllegalStateException("the plain-HTTP client was asked for TLS");
    }

    @Override
    protected void engineInit(
        javax.net.ssl.KeyManager @Nullable [] km,
        javax.net.ssl.TrustManager @Nullable [] tm,
        java.security.@Nullable SecureRandom sr) {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }

  /** How long {@link #close} waits for the stopped client's threads to end. */
  private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

  /**
   * Stops the standard client if it was built: the launcher calls this when a step ends. The JDK
   * client's selector thread sits in native code ({@code epoll_wait}), and HotSpot waits up to 30 x
   * 10 ms at exit for such threads ({@code -XX:UserThreadWaitAttemptsAtExit}); stopped, the process
   * exits at once. Every copy made by {@code with...} shares the client, so one close stops them
   * all. A client handed to the public constructor is its owner's to close. A call after close
   * builds a new client.
   */
  public void close() {
    if (client instanceof Lazy lazy) {
      lazy.close();
    }
  }

  public Http withPolicy(RetryPolicy p) {
    return new Http(
        client, clock, log, random, p, requestTimeout, proxy, follow, bodyLimit, deadline);
  }

  public Http withRequestTimeout(Duration t) {
    return new Http(client, clock, log, random, policy, t, proxy, follow, bodyLimit, deadline);
  }

  /** The same client reading at most {@code bytes} of each response body. */
  public Http withBodyLimit(long bytes) {
    return new Http(
        client, clock, log, random, policy, requestTimeout, proxy, follow, bytes, deadline);
  }

  /**
   * The same client bound to {@code d} (a step's timeout): each attempt's wait is cut to the time
   * left, no retry or backoff is started past it, and a call made after it throws {@link
   * HttpException.Kind#DEADLINE}.
   */
  public Http within(Deadline d) {
    return new Http(
        client,
        clock,
        log,
        random,
        policy,
        requestTimeout,
        proxy,
        follow,
        bodyLimit,
        d.earlier(deadline));
  }

  /**
   * The same client with redirects followed (never from https to http) or not, for callers that
   * must see a 3xx themselves (a health check with {@code follow-redirects: false}).
   */
  public Http withRedirects(boolean follow) {
    if (follow == this.follow) {
      return this;
    }
    return new Http(
        client, clock, log, random, policy, requestTimeout, proxy, follow, bodyLimit, deadline);
  }

  public RetryPolicy policy() {
    return policy;
  }

  /** Time left before the deadline given to {@link #within}; a very long time without one. */
  public Duration timeLeft() {
    return deadline == null ? ChronoUnit.FOREVER.getDuration() : deadline.remaining();
  }

  /**
   * Sends with retries. GET, HEAD, PUT, DELETE and OPTIONS are retried on connection errors, 429
   * and 5xx; other methods (POST, PATCH) only when the request cannot have been acted on: refused
   * connections and 429. Returns the last response whatever its status; throws {@link
   * HttpException} when no complete answer ever came.
   *
   * @param description what the call does, for messages ("get Render deploy dep-123")
   */
  public HttpResponse<String> send(HttpRequest request, String description)
      throws IOException, InterruptedException {
    return follow(request, description, IDEMPOTENT.contains(request.method()));
  }

  /**
   * Sends a POST that is idempotent by its meaning (Slack's chat.update: applying it twice changes
   * nothing), so it is retried like a PUT, on 5xx and timeouts too.
   */
  public HttpResponse<String> sendIdempotent(HttpRequest request, String description)
      throws IOException, InterruptedException {
    return follow(request, description, true);
  }

  /**
   * Sends, then follows up to {@link #MAX_REDIRECTS} redirects when asked to, each hop under the
   * same deadlines.
   */
  private HttpResponse<String> follow(HttpRequest request, String description, boolean idempotent)
      throws IOException, InterruptedException {
    Deadline retries = Deadline.after(clock, policy.deadline()).earlier(deadline);
    HttpRequest current = request;
    for (int hop = 0; ; hop++) {
      HttpResponse<String> response = send(current, description, idempotent, retries);
      URI next = follow ? redirectTarget(current.uri(), response) : null;
      if (next == null) {
        return response;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new HttpException(
            HttpException.Kind.CONNECTION,
            description
                + ": more than "
                + MAX_REDIRECTS
                + " redirects (last to "
                + BoundedBody.origin(next)
                + ")",
            null);
      }
      boolean sameOrigin = sameOrigin(current.uri(), next);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  current,
                  (name, value) ->
                      sameOrigin || CROSS_ORIGIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
              .uri(next);
      int status = response.statusCode();
      // As browsers and the JDK do: 303 always, and 301/302 after a POST, become a GET without a
      // body.
      if (status == 303 || ((status == 301 || status == 302) && "POST".equals(current.method()))) {
        b.method("GET", HttpRequest.BodyPublishers.noBody());
      }
      if (!sameOrigin) {
        log.info(
            "%s: redirected to another origin (%s); only the headers %s go there",
            description,
            BoundedBody.origin(next),
            String.join(", ", CROSS_ORIGIN_HEADERS.stream().sorted().toList()));
      }
      current = b.build();
    }
  }

  /**
   * Where a 3xx points, or null: not a redirect, no usable {@code Location}, or https to http
   * (never followed).
   */
  private static @Nullable URI redirectTarget(URI from, HttpResponse<?> response) {
    int status = response.statusCode();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return null;
    }
    Optional<String> location = response.headers().firstValue("Location");
    if (location.isEmpty()) {
      return null;
    }
    URI next;
    try {
      next = from.resolve(location.get().strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (next.getHost() == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http"))) {
      return null;
    }
    return next;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private HttpResponse<String> send(
      HttpRequest request, String description, boolean idempotent, Deadline retries)
      throws IOException, InterruptedException {
    Duration perAttempt = request.timeout().orElse(requestTimeout);
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String why;
      try {
        HttpResponse<String> response = attempt(request, description, perAttempt);
        int status = response.statusCode();
        // A POST answered 503 may have been acted on (a gateway timing out a slow backend), even
        // with Retry-After.
        boolean retryable = status == 429 || (idempotent && status >= 500);
        if (!retryable || attempt >= policy.maxAttempts()) {
          return response;
        }
        Duration hinted = retryAfter(response).orElse(null);
        wait = hinted != null ? hinted : policy.backoff(attempt, random.getAsDouble());
        why = "HTTP " + status;
        if (wait.compareTo(retries.remaining()) > 0) {
          log.info(
              hinted != null
                  ? "%s: %s; the server asks to wait %s before retrying, longer than the time left (%s), so giving up now without waiting"
                  : "%s: %s; the next retry (in %s) would come after the time left (%s), so giving up now",
              description,
              why,
              DurationText.rough(wait),
              DurationText.rough(retries.remaining()));
          return response;
        }
      } catch (HttpException e) {
        boolean retry =
            switch (e.kind()) {
              case CONNECT -> true;
              case TIMEOUT, SLOW_BODY, CONNECTION -> idempotent;
              case DEADLINE, TOO_LARGE -> false;
            };
        wait = policy.backoff(attempt, random.getAsDouble());
        if (!retry || attempt >= policy.maxAttempts() || wait.compareTo(retries.remaining()) > 0) {
          String tail =
              e.kind() == HttpException.Kind.DEADLINE || e.kind() == HttpException.Kind.TOO_LARGE
                  ? ""
                  : " after " + attempt + " attempt(s)";
          throw new HttpException(
              e.kind(), description + ": " + e.getMessage() + tail, e.getCause());
        }
        why = String.valueOf(e.getMessage());
      }
      log.info(
          "%s: %s; retrying in %d ms (attempt %d of %d)",
          description, why, wait.toMillis(), attempt + 1, policy.maxAttempts());
      Progress.sleep(log, clock, description + ": waiting to retry (" + why + ")", wait);
    }
  }

  /**
   * One exchange, headers and body, within {@code perAttempt} (cut to the deadline): the JDK's
   * request timeout stops at the headers, so the whole exchange is awaited here and cancelled when
   * the time is up.
   */
  private HttpResponse<String> attempt(HttpRequest request, String description, Duration perAttempt)
      throws HttpException, InterruptedException {
    Duration wait = deadline == null ? perAttempt : deadline.cap(perAttempt);
    if (wait.isZero() || wait.isNegative()) {
      throw stepDeadline();
    }
    boolean cutByDeadline = wait.compareTo(perAttempt) < 0;
    HttpRequest timed = HttpRequest.newBuilder(request, (k, v) -> true).timeout(wait).build();
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    HttpResponse.BodyHandler<String> handler =
        info -> {
          BoundedBody b = new BoundedBody(bodyLimit, request.uri(), BoundedBody.charset(info));
          body.set(b);
          return b;
        };
    CompletableFuture<HttpResponse<String>> exchange =
        client.apply(timed.uri()).sendAsync(timed, handler);
    try {
      return exchange.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      cancel(exchange, body.get());
      if (cutByDeadline) {
        throw stepDeadline();
      }
      throw body.get() == null
          ? new HttpException(
              HttpException.Kind.TIMEOUT,
              "no answer within " + DurationText.exact(wait),
              new HttpTimeoutException("request timed out"))
          : new HttpException(
              HttpException.Kind.SLOW_BODY,
              "the body did not finish within "
                  + DurationText.exact(wait)
                  + " (the server sent its headers, then too slowly the rest)",
              new HttpTimeoutException("body timed out"));
    } catch (InterruptedException e) {
      cancel(exchange, body.get());
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while ((cause instanceof java.util.concurrent.CompletionException
              || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw switch (cause) {
        case BoundedBody.TooLarge t ->
            new HttpException(HttpException.Kind.TOO_LARGE, reason(t), t);
        case ConnectException c ->
            new HttpException(HttpException.Kind.CONNECT, "cannot connect (" + reason(c) + ")", c);
        case HttpConnectTimeoutException c ->
            new HttpException(HttpException.Kind.CONNECT, "cannot connect (" + reason(c) + ")", c);
        case HttpTimeoutException t when cutByDeadline -> stepDeadline();
        case HttpTimeoutException t ->
            new HttpException(
                HttpException.Kind.TIMEOUT, "no answer within " + DurationText.exact(wait), t);
        case IOException io ->
            new HttpException(
                HttpException.Kind.CONNECTION, "connection failed (" + reason(io) + ")", io);
        default ->
            new HttpException(
                HttpException.Kind.CONNECTION, "connection failed (" + reason(cause) + ")", cause);
      };
    }
  }

  private HttpException stepDeadline() {
    return new HttpException(
        HttpException.Kind.DEADLINE,
        "the step's timeout"
            + (deadline == null ? "" : " of " + DurationText.exact(deadline.budget()))
            + " ran out before a complete answer came",
        new HttpTimeoutException("deadline"));
  }

  private static void cancel(CompletableFuture<?> exchange, @Nullable BoundedBody body) {
    exchange.cancel(true);
    if (body != null) {
      body.abort();
    }
  }

  /**
   * The wait a server asked for: {@code Retry-After} (seconds or an HTTP date), else {@code
   * Ratelimit-Reset} (Render sends epoch seconds; the IETF draft sends seconds to wait, so small
   * values are read as a delay).
   */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> ra = response.headers().firstValue("Retry-After");
    if (ra.isPresent()) {
      String v = ra.get().strip();
      try {
        // Capped: a hostile 99999999999 must still fit in a Duration's millis (and is past any
        // deadline anyway).
        return Optional.of(
            Duration.ofSeconds(Math.min(Math.max(0, Long.parseLong(v)), MAX_HINT_SECONDS)));
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
        n = Math.max(0, Math.min(n, 100_000_000_000L));
        return Optional.of(
            n > 1_000_000_000L
                ? nonNegative(Duration.between(clock.now(), Instant.ofEpochSecond(n)))
                : Duration.ofSeconds(n));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static final long MAX_HINT_SECONDS = Duration.ofDays(366).toSeconds();

  private static Duration nonNegative(Duration d) {
    Duration capped =
        d.compareTo(Duration.ofSeconds(MAX_HINT_SECONDS)) > 0
            ? Duration.ofSeconds(MAX_HINT_SECONDS)
            : d;
    return capped.isNegative() ? Duration.ZERO : capped;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
