package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.RetryPolicy;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Waits until every URL of a fresh deploy answers as expected several times in a row, or fails with
 * the reason.
 */
public final class HealthVerifyStep implements TypedStep<HealthVerifyInputs> {
  static final Output<Boolean> HEALTHY =
      Output.named("healthy", "true when every URL passed, else false.").bool().initially(false);
  static final Output<Integer> ATTEMPTS =
      Output.named("attempts", "Checks made, over all URLs.").integer();
  static final Output<String> ELAPSED_MS =
      Output.named(
              "elapsed-ms", "Time until the last URL became healthy (or until the step gave up).")
          .text();
  static final Output<String> LATENCY_P50_MS =
      Output.named("latency-p50-ms", "Median latency of the passing checks (the slowest URL's).")
          .text();
  static final Output<String> LATENCY_P95_MS =
      Output.named(
              "latency-p95-ms",
              "95th-percentile latency of the passing checks (the slowest URL's).")
          .text();
  static final Output<String> LAST_STATUS =
      Output.named(
              "last-status",
              "The last HTTP status of each URL, comma separated in URL order (empty where no answer came).")
          .text();
  static final Output<String> FAILURE_REASON =
      Output.named(
              "failure-reason",
              "Why the check failed; with several URLs, `url: reason` for each failing one, separated by `; `.")
          .text();

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "health-verify",
              "Check that a deployed service is healthy: retry during warm-up, then require several passing checks in a row.")
          .inputs(HealthVerifyInputs.ALL)
          .outputs(
              HEALTHY,
              ATTEMPTS,
              ELAPSED_MS,
              LATENCY_P50_MS,
              LATENCY_P95_MS,
              LAST_STATUS,
              FAILURE_REASON)
          .reads(HealthVerifyInputs::read)
          .create(HealthVerifyStep::new);

  /** The most of a health-check body read; a larger one fails the check with that reason. */
  static final long BODY_LIMIT = 1L << 20;

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Clock clock;
  private final Http http;

  HealthVerifyStep(StepPort port) {
    this.log = port.log();
    this.masker = port.masker();
    this.outputs = port.outputs();
    this.summary = port.summary();
    this.clock = port.clock();
    this.http = port.http();
  }

  @Override
  public void run(HealthVerifyInputs in) throws Exception {
    HealthPlan plan = HealthPlan.of(in, masker);
    log.group("Plan");
    plan.describe().forEach(log::info);
    log.endGroup();
    if (in.dryRun()) {
      // Neither healthy nor not: nothing was checked.
      outputs.set(HEALTHY, null);
      outputs.set(ATTEMPTS, 0);
      summary
          .heading(2, "health-verify: dry run")
          .paragraph("No request was sent. The plan:")
          .bullets(plan.describe());
      log.info("Dry run: no request sent.");
      return;
    }
    // The probe loop owns retries and the deadline; the client must give each answer back as it
    // came, and no
    // request may outlive the step's timeout. A health answer is a status page: 1 MiB is far more
    // than any needs.
    Http probing =
        http.withPolicy(RetryPolicy.NONE)
            .withRedirects(plan.followRedirects())
            .withBodyLimit(BODY_LIMIT)
            .within(Deadline.after(clock, plan.timeout()));
    UrlProbe probe = new UrlProbe(plan, probing, clock, log, masker);
    HealthReport report = new HealthReport(checkAll(probe, plan.targets()));
    report.setOutputs(outputs);
    report.writeSummary(summary, plan);
    if (!report.healthy()) {
      throw report.failure();
    }
    log.info("All %d URL(s) healthy.", plan.targets().size());
  }

  private static List<UrlOutcome> checkAll(UrlProbe probe, List<HealthPlan.Target> targets)
      throws Exception {
    if (targets.size() == 1) {
      return List.of(probe.probe(targets.getFirst()));
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<UrlOutcome>> futures = new ArrayList<>();
      targets.forEach(t -> futures.add(pool.submit(() -> probe.probe(t))));
      List<UrlOutcome> outcomes = new ArrayList<>();
      for (Future<UrlOutcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      return outcomes;
    }
  }
}
