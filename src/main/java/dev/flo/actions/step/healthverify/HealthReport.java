package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The outcome over every URL, and how several URLs fold into one set of outputs: healthy only when
 * all are, attempts summed, the slowest time and latencies, statuses listed in URL order, reasons
 * of the failing URLs.
 */
record HealthReport(List<UrlOutcome> urls) {

  boolean healthy() {
    return urls.stream().allMatch(UrlOutcome::healthy);
  }

  List<UrlOutcome> failing() {
    return urls.stream().filter(u -> !u.healthy()).toList();
  }

  void setOutputs(Outputs outputs) {
    outputs.set(HealthVerifyStep.HEALTHY, healthy());
    outputs.set(HealthVerifyStep.ATTEMPTS, urls.stream().mapToInt(UrlOutcome::attempts).sum());
    outputs.set(HealthVerifyStep.ELAPSED_MS, max(UrlOutcome::elapsedMs));
    outputs.set(HealthVerifyStep.LATENCY_P50_MS, max(UrlOutcome::p50));
    outputs.set(HealthVerifyStep.LATENCY_P95_MS, max(UrlOutcome::p95));
    outputs.set(
        HealthVerifyStep.LAST_STATUS,
        urls.stream().map(UrlOutcome::lastStatus).collect(Collectors.joining(",")));
    outputs.set(HealthVerifyStep.FAILURE_REASON, failureReason());
  }

  String failureReason() {
    List<UrlOutcome> failing = failing();
    if (failing.isEmpty()) {
      return "";
    }
    if (urls.size() == 1) {
      return failing.getFirst().reason();
    }
    return failing.stream().map(u -> u.url() + ": " + u.reason()).collect(Collectors.joining("; "));
  }

  StepFailure failure() {
    List<UrlOutcome> failing = failing();
    String what =
        urls.size() == 1
            ? failing.getFirst().url() + " is " + failing.getFirst().reason() + "."
            : failing.size()
                + " of "
                + urls.size()
                + " URLs are not healthy: "
                + failureReason()
                + ".";
    return new StepFailure(what, failing.getFirst().hint());
  }

  void writeSummary(StepSummary summary, HealthPlan plan) {
    List<UrlOutcome> failing = failing();
    summary.heading(2, healthy() ? "health-verify: healthy" : "health-verify: not healthy");
    if (!failing.isEmpty()) {
      summary.alert(
          "CAUTION",
          failing.size()
              + " of "
              + urls.size()
              + " URL(s) did not pass. "
              + failing.getFirst().hint());
    }
    for (UrlOutcome u : urls) {
      summary.heading(3, (u.healthy() ? "✅ " : "❌ ") + u.url());
      summary.table(
          List.of("Check", "Value"),
          List.of(
              List.of(
                  "Result", u.healthy() ? "healthy after " + u.elapsedMs() + " ms" : "not healthy"),
              List.of("Checks", String.valueOf(u.attempts())),
              List.of("Statuses seen", u.statusesSeen()),
              List.of(
                  "Latency p50 / p95",
                  u.latenciesMs().isEmpty() ? "no answer" : u.p50() + " ms / " + u.p95() + " ms"),
              List.of("Reason", u.healthy() ? "" : u.reason())));
    }
    summary.details(
        "Plan",
        plan.describe().stream()
            .map(l -> "- " + StepSummary.html(l))
            .collect(Collectors.joining("\n")));
  }

  private String max(ToLongFunction<UrlOutcome> f) {
    long m = urls.stream().mapToLong(f).max().orElse(-1);
    return m < 0 ? "" : String.valueOf(m);
  }
}
