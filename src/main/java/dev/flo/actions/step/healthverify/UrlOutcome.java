package dev.flo.actions.step.healthverify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one URL fared.
 *
 * @param statuses how often each answer was seen, in order of first sight ({@code 200}, {@code
 *     refused}, ...)
 * @param latenciesMs the passing window when healthy, else every answered check
 * @param elapsedMs from the first check until healthy, or until the step gave up
 * @param lastStatus the last HTTP status, or {@code ""} when the last check got no answer
 * @param reason why the URL is not healthy, or {@code ""}
 * @param hint what to check, or {@code ""}
 */
public record UrlOutcome(
    String url,
    boolean healthy,
    int attempts,
    Map<String, Integer> statuses,
    List<Long> latenciesMs,
    long elapsedMs,
    String lastStatus,
    String reason,
    String hint) {

  public long p50() {
    return percentile(latenciesMs, 50);
  }

  public long p95() {
    return percentile(latenciesMs, 95);
  }

  /** Nearest-rank percentile, or -1 for no samples. */
  static long percentile(List<Long> samples, int p) {
    if (samples.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** {@code refused ×3, 404 ×2, 200 ×3}. */
  public String statusesSeen() {
    List<String> parts = new ArrayList<>();
    statuses.forEach((s, n) -> parts.add(s + " ×" + n));
    return String.join(", ", parts);
  }
}
