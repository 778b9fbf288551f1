package dev.flo.actions.provider.slack;

import dev.flo.actions.runtime.Clock;
import java.io.IOException;
import java.time.Duration;

/**
 * Keeps a step to Slack's "1 message per second" for posting (api.slack.com/docs/rate-limits),
 * counted from the end of one call to the start of the next, so a post followed by a thread reply
 * is not throttled; 429s that still happen are waited out by the runtime's Http.
 */
public final class SlackPacer {
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  /** One HTTP exchange with Slack. */
  @FunctionalInterface
  public interface Exchange<T> {
    T send() throws IOException, InterruptedException;
  }

  private final Clock clock;
  private long lastNanos;
  private boolean sent;

  public SlackPacer(Clock clock) {
    this.clock = clock;
  }

  /** Waits until a second has passed since the previous exchange ended, then runs this one. */
  public synchronized <T> T paced(Exchange<T> exchange) throws IOException, InterruptedException {
    if (sent) {
      long waited = clock.nanoTime() - lastNanos;
      if (waited < INTERVAL.toNanos()) {
        clock.sleep(Duration.ofNanos(INTERVAL.toNanos() - waited));
      }
    }
    try {
      return exchange.send();
    } finally {
      lastNanos = clock.nanoTime();
      sent = true;
    }
  }
}
