package dev.flo.actions.testing;

import dev.flo.actions.runtime.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real time plus a virtual offset: {@link #sleep} returns at once and moves the clock forward, so
 * polling and deadlines run without waiting, while real work (an HTTP round trip) still takes its
 * real time. A {@link #virtual()} clock leaves real time out, so measured durations are exactly
 * what a test advanced.
 */
public final class FakeClock implements Clock {
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final boolean realTimePasses;
  private long offsetNanos;
  private final List<Duration> sleeps = new ArrayList<>();

  public FakeClock() {
    this(true);
  }

  private FakeClock(boolean realTimePasses) {
    this.realTimePasses = realTimePasses;
  }

  /**
   * A clock that moves only on {@link #sleep} and {@link #advance}: elapsed times and latencies are
   * exact.
   */
  public static FakeClock virtual() {
    return new FakeClock(false);
  }

  @Override
  public synchronized Instant now() {
    return start.plusNanos(nanoTime() - startNanos);
  }

  @Override
  public synchronized long nanoTime() {
    return (realTimePasses ? System.nanoTime() : startNanos) + offsetNanos;
  }

  @Override
  public synchronized void sleep(Duration d) {
    if (!d.isNegative()) {
      offsetNanos += d.toNanos();
      sleeps.add(d);
    }
  }

  public synchronized void advance(Duration d) {
    offsetNanos += d.toNanos();
  }

  /** Every sleep asked for, in order. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /**
   * This clock's time, but every sleep throws {@link InterruptedException}, as when the job is
   * cancelled mid-wait.
   */
  public Clock interruptedOnSleep() {
    FakeClock time = this;
    return new Clock() {
      @Override
      public Instant now() {
        return time.now();
      }

      @Override
      public long nanoTime() {
        return time.nanoTime();
      }

      @Override
      public void sleep(Duration d) throws InterruptedException {
        throw new InterruptedException("cancelled");
      }
    };
  }
}
