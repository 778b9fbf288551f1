package dev.flo.actions.runtime;

import dev.flo.actions.runtime.runner.Log;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reports long work so a job log is never silent: a line at every quarter of a known total and at
 * least every {@code every}, with the amount, rate and time left; for waits, the state last seen
 * and the time left, where an unchanged state is counted instead of repeated. On a terminal the
 * lines update one line in place ({@link Log#status}). Time comes from the injected {@link Clock},
 * so the cadence is tested without sleeping.
 */
public final class Progress {
  private final Log log;
  private final Clock clock;
  private final String what;
  private final long total;
  private final boolean estimate;
  private final @Nullable String noun;
  private final Duration every;
  private final long startNanos;
  private Supplier<String> detail = () -> "";
  private long done;
  private int quarter;
  private long lastLineNanos;
  private @Nullable String lastKey;
  private int unchanged;
  private long lines;
  private long endNanos = -1;
  private long changedNanos;

  private Progress(
      Log log,
      Clock clock,
      String what,
      long total,
      boolean estimate,
      @Nullable String noun,
      Duration every) {
    this.log = log;
    this.clock = clock;
    this.what = what;
    this.total = total;
    this.estimate = estimate;
    this.noun = noun;
    this.every = every;
    this.startNanos = clock.nanoTime();
    this.lastLineNanos = startNanos;
    this.changedNanos = startNanos;
  }

  /**
   * Bytes of {@code total} (0 or less: unknown); {@code estimate} when the total is only a guide
   * ("about").
   */
  public static Progress ofBytes(
      Log log, Clock clock, String what, long total, boolean estimate, Duration every) {
    return new Progress(log, clock, what, total, estimate, null, every);
  }

  /** A count of {@code noun} ("files") of {@code total}. */
  public static Progress ofCount(
      Log log, Clock clock, String what, long total, String noun, Duration every) {
    return new Progress(log, clock, what, total, false, noun, every);
  }

  /** A wait, reported with {@link #state}. */
  public static Progress ofWait(Log log, Clock clock, String what, Duration every) {
    return new Progress(log, clock, what, 0, false, "", every);
  }

  /**
   * More text after the amount, such as what was written after compression; asked for each line.
   */
  public Progress withDetail(Supplier<String> detail) {
    this.detail = detail;
    return this;
  }

  public synchronized void add(long n) {
    update(done + n);
  }

  /**
   * The amount done so far: prints a line when it crosses a quarter of the total or {@code every}
   * has passed.
   */
  public synchronized void update(long now) {
    if (now != done) {
      changedNanos = clock.nanoTime();
    }
    done = now;
    // The whole is the last line's to say (finish): quarters stop short of it.
    int q = total > 0 && done < total ? (int) (done * 4 / total) : 0;
    if (q > quarter) {
      quarter = q;
      print(Long.toString(done), amountLine());
    } else if (due()) {
      print(Long.toString(done), amountLine());
    }
  }

  /**
   * Prints the amount again when {@code every} has passed without a line, saying how long nothing
   * moved: called by {@link #watch}, so a transfer that stalls (pg_dump waiting on a lock, a slow
   * store) is not silent.
   */
  public synchronized void heartbeat() {
    if (noun != null && noun.isEmpty() || endNanos >= 0 || !due()) {
      return;
    }
    long still = clock.nanoTime() - changedNanos;
    print(
        Long.toString(done),
        amountLine()
            + (still >= every.toNanos()
                ? " (nothing new for " + DurationText.rough(Duration.ofNanos(still)) + ")"
                : ""));
  }

  /** Stops the watch. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@link #heartbeat} every second until closed. Only the wake-up is real time; whether a
   * line is due is decided on the injected clock, which is what the tests drive.
   */
  public Watch watch() {
    return watch(this::heartbeat);
  }

  /**
   * Calls {@code beat} every second until closed (it decides, on the injected clock, whether to
   * print).
   */
  public static Watch watch(Runnable beat) {
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("progress")
            .start(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      Thread.sleep(1000);
                      beat.run();
                    }
                  } catch (InterruptedException e) {
                    // closed
                  }
                });
    return () -> {
      t.interrupt();
      try {
        // A beat in flight (a query) ends first, so nothing is printed after the work's own last
        // line.
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * A wait's state after a poll: printed at once when it changed, else counted and printed again
   * only once {@code every} has passed, with how many checks saw it and the time {@code left}
   * before the deadline (null: no deadline, the time waited so far instead). An unchanged state at
   * the deadline is not repeated: the wait's own ending says it.
   */
  public synchronized void state(String state, @Nullable Duration left) {
    String text = what + ": " + state;
    String time =
        left == null
            ? ", for " + DurationText.rough(elapsed())
            : ", " + DurationText.rough(left) + " left";
    if (!text.equals(lastKey)) {
      print(text, text + time);
    } else if (due() && (left == null || left.compareTo(Duration.ofSeconds(1)) >= 0)) {
      print(text, text + " (unchanged, " + (unchanged + 1) + " checks)" + time);
    } else {
      unchanged++;
    }
  }

  /**
   * For work that says nothing of itself (a command on a remote host, a long wait): once {@code
   * every} has passed without a line, says it is still at it, for how long, and the time {@code
   * left} (null: no deadline). Call it often, from {@link #watch(Runnable)}; it prints only when
   * due on the injected clock.
   */
  public synchronized void stillRunning(@Nullable Duration left) {
    beat("still running after ", left);
  }

  synchronized void beat(String verb, @Nullable Duration left) {
    if (endNanos >= 0 || !due()) {
      return;
    }
    print(
        what,
        what
            + ": "
            + verb
            + DurationText.rough(elapsed())
            + (left == null
                ? ""
                : ", " + DurationText.rough(left.isNegative() ? Duration.ZERO : left) + " left"));
  }

  /**
   * Watches work that says nothing of itself ({@code docker compose pull} over SSH, the last parts
   * of an upload): from {@code every} on, every {@code every}, a line that {@code what} is still
   * running and the time left before {@code deadline} (null: none). Close it when the work ends.
   */
  public static Watch whileRunning(
      Log log, Clock clock, String what, java.time.@Nullable Instant deadline, Duration every) {
    Progress running = ofWait(log, clock, what, every);
    return watch(
        () ->
            running.stillRunning(
                deadline == null ? null : Duration.between(clock.now(), deadline)));
  }

  /** A wait longer than this says how far it is ({@link #sleep}). */
  public static final Duration LONG_WAIT = Duration.ofSeconds(10);

  /**
   * Sleeps {@code wait} on the clock, which the caller has announced (a rate limit's {@code
   * Retry-After}); a wait longer than {@link #LONG_WAIT} says every {@link #LONG_WAIT} how long it
   * has waited and how long is left, so a minute's rate-limit wait is not a silent minute. The
   * clock sleeps in one piece, as before.
   */
  public static void sleep(Log log, Clock clock, String what, Duration wait)
      throws InterruptedException {
    if (wait.compareTo(LONG_WAIT) <= 0) {
      clock.sleep(wait);
      return;
    }
    Progress waiting = ofWait(log, clock, what, LONG_WAIT);
    long end = waiting.startNanos + wait.toNanos();
    try (Watch w = watch(() -> waiting.beat("waited ", Duration.ofNanos(end - clock.nanoTime())))) {
      clock.sleep(wait);
    } finally {
      waiting.endNanos = clock.nanoTime();
    }
  }

  /**
   * The last line: totals and the average rate, always printed; elapsed time and rate stop here.
   */
  public synchronized String finish() {
    endNanos = clock.nanoTime();
    String line =
        what
            + ": "
            + amount(done)
            + " in "
            + DurationText.rough(elapsed())
            + rate(", average ")
            + extra();
    lines++;
    log.status(line);
    log.endStatus();
    return line;
  }

  public synchronized long done() {
    return done;
  }

  public synchronized Duration elapsed() {
    return Duration.ofNanos(now() - startNanos);
  }

  /** The average rate so far ("12.0 MiB/s"), empty before any time has passed. */
  public synchronized String averageRate() {
    return rate("");
  }

  /** Lines printed so far, the last included. */
  public synchronized long lines() {
    return lines;
  }

  private long now() {
    return endNanos >= 0 ? endNanos : clock.nanoTime();
  }

  private boolean due() {
    return clock.nanoTime() - lastLineNanos >= every.toNanos();
  }

  private void print(String key, String line) {
    lastKey = key;
    unchanged = 0;
    lastLineNanos = clock.nanoTime();
    lines++;
    log.status(line);
  }

  private String amountLine() {
    StringBuilder sb = new StringBuilder(what).append(": ").append(amount(done));
    if (total > 0) {
      sb.append(" of ").append(estimate ? "about " : "").append(amount(total));
      if (done <= total) {
        sb.append(" (").append(done * 100 / total).append("%)");
      }
    }
    sb.append(rate(", "));
    long nanos = clock.nanoTime() - startNanos;
    if (total > done && done > 0 && nanos > 0) {
      long left = (long) ((double) (total - done) * nanos / done);
      sb.append(", ")
          .append(estimate ? "roughly " : "about ")
          .append(DurationText.rough(Duration.ofNanos(left)))
          .append(" left");
    }
    return sb.append(extra()).toString();
  }

  private String extra() {
    String d = detail.get();
    return d.isEmpty() ? "" : "; " + d;
  }

  private String amount(long n) {
    return noun == null ? bytes(n) : n + " " + noun;
  }

  private String rate(String prefix) {
    long nanos = now() - startNanos;
    if (nanos <= 0 || done == 0) {
      return "";
    }
    double perSecond = done * 1e9 / nanos;
    return prefix
        + (noun == null
            ? bytes(Math.round(perSecond)) + "/s"
            : String.format(Locale.ROOT, "%.1f %s/s", perSecond, noun));
  }

  /** Byte counts for people: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 GiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
