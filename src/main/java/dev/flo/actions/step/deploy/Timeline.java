package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.runner.StepSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every phase this run went through, for the summary's chart and table and the Slack message. */
final class Timeline {
  /** The outputs that make a phase's link in the table: a deploy's URL, a backup's URI. */
  private static final List<String> LINKS =
      List.of(
          Wiring.DEPLOYED_URL.name(),
          Wiring.BACKUP_URI.name(),
          Wiring.FRONTEND_INSPECTOR_URL.name());

  private final Instant start;
  private final List<PhaseResult> phases = new ArrayList<>();

  Timeline(Instant start) {
    this.start = start;
  }

  synchronized PhaseResult add(PhaseResult r) {
    phases.add(r);
    return r;
  }

  synchronized List<PhaseResult> phases() {
    return phases.stream().sorted(Comparator.comparing(PhaseResult::start)).toList();
  }

  static String result(PhaseResult r) {
    return r.cancelled() ? "cancelled" : r.ok() ? "ok" : "failed";
  }

  /**
   * A Mermaid gantt chart (GitHub renders it in a summary): one bar per phase on a time axis from
   * the run's start, failures in red ({@code crit}). Times are epoch milliseconds ({@code
   * dateFormat x}).
   */
  String gantt(String title) {
    StringBuilder m = new StringBuilder("gantt\n");
    m.append("    title ").append(label(title)).append('\n');
    m.append("    dateFormat x\n    axisFormat %M:%S\n");
    for (PhaseResult r : phases()) {
      long from = start.toEpochMilli() + r.start().toMillis();
      // Mermaid draws nothing for a bar of zero length.
      long to = Math.max(from + 1, start.toEpochMilli() + r.end().toMillis());
      String tag = r.ok() ? "done" : "crit";
      m.append("    ")
          .append(
              label(
                  r.label()
                      + " "
                      + DurationText.rough(r.duration())
                      + (r.ok() ? "" : " " + result(r))))
          .append(" :")
          .append(tag)
          .append(", ")
          .append(from)
          .append(", ")
          .append(to)
          .append('\n');
    }
    return m.toString();
  }

  /** Phase, result, duration, link. */
  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    for (PhaseResult r : phases()) {
      String link = LINKS.stream().map(r::output).filter(v -> v != null).findFirst().orElse("");
      rows.add(
          List.of(
              r.label(),
              result(r) + (r.ok() ? "" : ": " + StepSummary.inline(r.failureMessage())),
              DurationText.rough(r.duration()),
              link));
    }
    return rows;
  }

  /** One line per phase, for Slack. */
  List<String> lines() {
    return phases().stream()
        .map(r -> r.label() + ": " + result(r) + " (" + DurationText.rough(r.duration()) + ")")
        .toList();
  }

  /** Mermaid's gantt syntax ends a task name at {@code :} and a line at {@code ;} or {@code #}. */
  private static String label(String s) {
    return s.replaceAll("[:;#\\n\\r]", " ").strip();
  }
}
