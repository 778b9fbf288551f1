package dev.flo.actions.testing;

import dev.flo.actions.runtime.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real time plus a virtual offset: {@link #sleep} returns at once and moves the clock forward, so polling and
 * deadlines run without waiting, while real work (an HTTP round trip) still takes its real time.
 */
public final class FakeClock implements Clock {
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private long offsetNanos;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized Instant now() {
    return start.plusNanos(nanoTime() - startNanos);
  }

  @Override
  public synchronized long nanoTime() {
    return System.nanoTime() + offsetNanos;
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
}
