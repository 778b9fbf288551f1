package dev.flo.actions.testing;

import dev.flo.actions.runtime.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real clock, except that the waits of code in one package ({@code
 * dev.flo.actions.step.healthverify}: a check every 5 s until a 5-minute deadline) pass at once:
 * the clock jumps ahead instead. For the one-step deploy, whose other phases must really wait
 * (containers starting, polled every 1 to 5 s), in a rehearsal that would otherwise take minutes to
 * see a health check fail.
 */
public final class SkippingClock implements Clock {
  private final String skippedPackage;
  private final AtomicLong skippedNanos = new AtomicLong();

  public SkippingClock(String skippedPackage) {
    this.skippedPackage = skippedPackage + ".";
  }

  @Override
  public Instant now() {
    return Instant.now().plusNanos(skippedNanos.get());
  }

  @Override
  public long nanoTime() {
    return System.nanoTime() + skippedNanos.get();
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    boolean skipped =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .skip(1)
                        .limit(12)
                        .anyMatch(f -> f.getDeclaringClass().getName().startsWith(skippedPackage)));
    if (skipped) {
      skippedNanos.addAndGet(d.toNanos());
    } else {
      Clock.SYSTEM.sleep(d);
    }
  }
}
