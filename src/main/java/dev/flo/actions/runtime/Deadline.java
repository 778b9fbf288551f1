package dev.flo.actions.runtime;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A point in time (on the injected {@link Clock}'s monotonic reading) by which work must be over: a
 * step's {@code timeout} becomes one, and {@link Http#within} makes every request, retry and
 * backoff end before it.
 */
public final class Deadline {
  /**
   * A poll due exactly at a step's deadline (PollSchedule lands the last one there) still needs
   * time to be answered: the step's client gets this much past its timeout.
   */
  public static final Duration LAST_CALL = Duration.ofSeconds(5);

  private final Clock clock;
  private final long atNanos;
  private final Duration budget;

  private Deadline(Clock clock, long atNanos, Duration budget) {
    this.clock = clock;
    this.atNanos = atNanos;
    this.budget = budget;
  }

  /**
   * {@code budget} from now; a budget too large to add to the clock (days of years) is capped, not
   * overflowed.
   */
  public static Deadline after(Clock clock, Duration budget) {
    long now = clock.nanoTime();
    long nanos;
    try {
      nanos = budget.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE / 4;
    }
    nanos = Math.max(0, Math.min(nanos, Long.MAX_VALUE / 4));
    return new Deadline(clock, now + nanos, budget);
  }

  /** Time left, never negative. */
  public Duration remaining() {
    long left = atNanos - clock.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  public boolean expired() {
    return atNanos - clock.nanoTime() <= 0;
  }

  /** The duration this deadline was set from, for messages ("the step's timeout of 2m ran out"). */
  public Duration budget() {
    return budget;
  }

  /** {@code d}, or the time left when that is shorter. */
  public Duration cap(Duration d) {
    Duration left = remaining();
    return d.compareTo(left) < 0 ? d : left;
  }

  /**
   * This deadline moved {@code d} later (the same budget in messages): room for the call due at it.
   */
  public Deadline plus(Duration d) {
    return new Deadline(clock, atNanos + d.toNanos(), budget);
  }

  /** The earlier of this deadline and {@code other}. */
  public Deadline earlier(@Nullable Deadline other) {
    return other == null || atNanos - other.atNanos <= 0 ? this : other;
  }

  @Override
  public String toString() {
    return "Deadline["
        + DurationText.exact(remaining())
        + " left of "
        + DurationText.exact(budget)
        + "]";
  }
}
