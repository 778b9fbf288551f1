package dev.flo.actions.runtime.http;

import java.time.Duration;

/**
 * How {@link Http} retries: exponential backoff with full jitter from {@code baseDelay} up to
 * {@code maxDelay}, at most {@code maxAttempts} tries, all within {@code deadline}.
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(3));

  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofDays(1));

  public RetryPolicy withDeadline(Duration d) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, d);
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, baseDelay, maxDelay, deadline);
  }

  /**
   * The backoff before attempt {@code attempt + 1} (attempt counts from 1), jittered by {@code
   * random01}.
   */
  public Duration backoff(int attempt, double random01) {
    double cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, attempt - 1));
    // Half fixed, half random ("equal jitter"): never zero, never a thundering herd.
    return Duration.ofMillis((long) (cap / 2 + cap / 2 * random01));
  }
}
