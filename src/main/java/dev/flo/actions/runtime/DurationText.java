package dev.flo.actions.runtime;

import java.time.Duration;

/**
 * Durations in messages, in the units a user writes in an input ({@code 500ms}, {@code 90s}, {@code
 * 5m}).
 */
public final class DurationText {
  private DurationText() {}

  /**
   * Exact, in the largest whole unit, as {@link Inputs#parseDuration} reads it back: {@code 200ms},
   * {@code 90s}, {@code 5m}, {@code 1h}, {@code 5d}.
   */
  public static String exact(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s > 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
  }

  /**
   * To the second, for how long something took: {@code 850ms}, {@code 55s}, {@code 5m02s}; from 2
   * h, {@code 27h46m}.
   */
  public static String rough(Duration d) {
    long s = d.getSeconds();
    if (s >= 7200) {
      return "%dh%02dm".formatted(s / 3600, s % 3600 / 60);
    }
    long ms = d.toMillis();
    s = Math.round(ms / 1000.0);
    return ms < 1000 ? ms + "ms" : s < 120 ? s + "s" : "%dm%02ds".formatted(s / 60, s % 60);
  }
}
