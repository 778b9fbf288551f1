package dev.flo.actions.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body read into a string up to {@code limit} bytes: past it the subscription is
 * cancelled (the JDK client stops reading and closes the connection) and the body fails with {@link
 * TooLarge}. A server can send gigabytes or an endless chunked stream; we hold at most the limit.
 * {@link #abort} stops it from outside when the deadline comes while the body still trickles.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
  /** The body passed its limit. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final long limit;
  private final URI uri;
  private final Charset charset;
  private Flow.@Nullable Subscription subscription;
  private long received;
  private boolean aborted;

  BoundedBody(long limit, URI uri, Charset charset) {
    this.limit = limit;
    this.uri = uri;
    this.charset = charset;
  }

  /** Charset from the response's {@code Content-Type}, UTF-8 when absent or unknown. */
  static Charset charset(HttpResponse.ResponseInfo info) {
    String type = info.headers().firstValue("Content-Type").orElse("");
    for (String part : type.split(";")) {
      String p = part.strip();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").strip());
        } catch (RuntimeException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (aborted) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      received += b.remaining();
      if (received > limit) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
        result.completeExceptionally(
            new TooLarge(
                origin(uri)
                    + " sent a response body larger than "
                    + size(limit)
                    + ", the limit for this call"));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.writeBytes(chunk);
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public synchronized void onComplete() {
    result.complete(bytes.toString(charset));
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  /** Stops reading (the deadline came mid-body) and releases what was read. */
  synchronized void abort() {
    aborted = true;
    if (subscription != null) {
      subscription.cancel();
    }
    bytes.reset();
    result.completeExceptionally(new IOException("aborted at the deadline"));
  }

  static String origin(URI uri) {
    return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  static String size(long n) {
    return n >= 1 << 20 && n % (1 << 20) == 0
        ? (n >> 20) + " MiB"
        : n >= 1 << 10 && n % (1 << 10) == 0 ? (n >> 10) + " KiB" : n + " bytes";
  }
}
