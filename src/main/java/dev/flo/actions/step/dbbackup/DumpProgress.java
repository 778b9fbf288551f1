package dev.flo.actions.step.dbbackup;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.runner.Log;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a dump on its way to or from the store: pg_dump's bytes (the plain archive) against
 * an expected size, and the stored, compressed bytes beside them, counted by the streams this hands
 * out.
 */
final class DumpProgress {
  /**
   * What went through: the plain archive, its stored form, how long it took and the average rate of
   * the archive.
   */
  record Totals(long dumpBytes, long storedBytes, Duration took, String averageRate) {
    String describe() {
      return Progress.bytes(dumpBytes)
          + " of pg_dump output, "
          + Progress.bytes(storedBytes)
          + " stored"
          + ratio(dumpBytes, storedBytes)
          + " in "
          + DurationText.rough(took)
          + (averageRate.isEmpty() ? "" : ", average " + averageRate);
    }
  }

  private final Progress progress;
  // Written by the copying thread, read by the watch's.
  private volatile long stored;

  /**
   * {@code expected} bytes of plain archive; {@code estimate} when that is only a guide (a
   * database's size).
   */
  DumpProgress(Log log, Clock clock, String what, long expected, boolean estimate) {
    this.progress =
        Progress.ofBytes(log, clock, what, expected, estimate, Duration.ofSeconds(10))
            .withDetail(this::detail);
  }

  /** Counts the plain archive written through it (pg_dump's output, before the compressor). */
  OutputStream dump(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        progress.add(1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        progress.add(len);
      }
    };
  }

  /** Counts the stored bytes written through it (after the compressor). */
  OutputStream stored(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        stored += 1;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        stored += len;
      }
    };
  }

  /** Counts the plain archive read through it (the decompressed object, for pg_restore). */
  InputStream dump(InputStream in) {
    return new Counted(in, true);
  }

  /** Counts the stored bytes read through it (the object as it comes from the store). */
  InputStream stored(InputStream in) {
    return new Counted(in, false);
  }

  /** Prints the amount every 10 s even while nothing moves, until closed. */
  Progress.Watch watch() {
    return progress.watch();
  }

  /** Prints the last line and returns the totals. */
  Totals finish() {
    progress.finish();
    return new Totals(progress.done(), stored, progress.elapsed(), progress.averageRate());
  }

  private String detail() {
    return stored == 0 ? "" : Progress.bytes(stored) + " stored" + ratio(progress.done(), stored);
  }

  private static String ratio(long plain, long stored) {
    return stored == 0
        ? ""
        : String.format(Locale.ROOT, " (ratio %.1f:1)", (double) plain / stored);
  }

  private final class Counted extends FilterInputStream {
    private final boolean plain;

    Counted(InputStream in, boolean plain) {
      super(in);
      this.plain = plain;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) {
      if (plain) {
        progress.add(n);
      } else {
        stored += n;
      }
    }
  }
}
