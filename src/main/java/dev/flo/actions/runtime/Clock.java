package dev.flo.actions.runtime;

import java.time.Duration;
import java.time.Instant;

/** Time and waiting, injected so polling and deadlines are tested without sleeping. */
public interface Clock {
  Instant now();

  /** A monotonic reading in nanoseconds, for durations and latencies. */
  long nanoTime();

  void sleep(Duration d) throws InterruptedException;

  Clock SYSTEM =
      new Clock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
          if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d);
          }
        }
      };
}
