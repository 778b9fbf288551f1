package dev.flo.actions.runtime;

import dev.flo.actions.runtime.runner.Log;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When to poll a remote job (a deploy) until a deadline: waits grow by half from {@code first} up
 * to {@code max}, and the last wait is cut so one final poll lands on the deadline. Render and
 * Railway deploys take minutes, so a poll every 5 to 20 seconds is plenty and stays far below their
 * rate limits.
 */
public final class PollSchedule {
  private final Clock clock;
  private final Instant deadline;
  private final Duration max;
  private Duration interval;
  private @Nullable Progress progress;

  public PollSchedule(Clock clock, Duration timeout, Duration first, Duration max) {
    this.clock = clock;
    this.deadline = clock.now().plus(timeout);
    this.interval = first;
    this.max = max;
  }

  /** How often {@link #saw} prints an unchanged state. */
  public static final Duration REPORT_EVERY = Duration.ofSeconds(30);

  /**
   * Makes {@link #saw} print what the polls wait for ({@code what}, such as "Render deploy dep-1"),
   * the state last seen and the time left: at once when it changed, else at least every {@link
   * #REPORT_EVERY} with a count.
   */
  public PollSchedule reporting(Log log, String what) {
    this.progress = Progress.ofWait(log, clock, what, REPORT_EVERY);
    return this;
  }

  /** The state a poll found; printed as {@link #reporting} says (nothing without it). */
  public void saw(String state) {
    if (progress != null) {
      Duration left = Duration.between(clock.now(), deadline);
      progress.state(state, left.isNegative() ? Duration.ZERO : left);
    }
  }

  /**
   * Sleeps until the next poll is due; false, at once, when the deadline has passed and the caller
   * should stop.
   */
  public boolean awaitNext() throws InterruptedException {
    Duration left = Duration.between(clock.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    clock.sleep(interval.compareTo(left) < 0 ? interval : left);
    Duration next = interval.multipliedBy(3).dividedBy(2);
    interval = next.compareTo(max) < 0 ? next : max;
    return true;
  }
}
