package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.RetryPolicy;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Waits until every URL of a fresh deploy answers as expected several times in a row, or fails with the reason. */
public final class HealthVerifyStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "health-verify",
          "Check that a deployed service is healthy: retry during warm-up, then require several passing checks in a row.",
          List.of(
              InputDef.required("url", "The URL(s) to check, one per line or comma separated; all are checked at once and each must pass."),
              InputDef.withDefault("method", "GET or HEAD.", "GET"),
              InputDef.optional("headers", "Request headers, one `Name: value` per line.").asSecret(),
              InputDef.withDefault("expect-status", "Healthy statuses: codes, ranges or classes, such as 200,204 or 200-299 or 2xx.", "2xx"),
              InputDef.optional("expect-body", "Text the body must contain, or a /regex/ it must match."),
              InputDef.optional("expect-json", "Checks on the JSON body, one `path=value` per line, such as `status=ok` or `checks[0].status=pass`."),
              InputDef.withDefault("consecutive-successes", "How many passing checks in a row make a URL healthy.", "3"),
              InputDef.withDefault("interval", "Time between checks.", "5s"),
              InputDef.withDefault("timeout", "Overall deadline; failures until then count as warm-up.", "5m"),
              InputDef.withDefault("request-timeout", "How long one request may take.", "10s"),
              InputDef.optional("max-latency", "A budget for the p95 latency of the passing checks, such as 500ms."),
              InputDef.withDefault("follow-redirects", "Follow redirects (never from https to http); with false a 3xx is checked against expect-status.", "true")),
          List.of(
              OutputDef.of("healthy", "true when every URL passed, else false."),
              OutputDef.of("attempts", "Checks made, over all URLs."),
              OutputDef.of("elapsed-ms", "Time until the last URL became healthy (or until the step gave up)."),
              OutputDef.of("latency-p50-ms", "Median latency of the passing checks (the slowest URL's)."),
              OutputDef.of("latency-p95-ms", "95th-percentile latency of the passing checks (the slowest URL's)."),
              OutputDef.of("last-status", "The last HTTP status of each URL, comma separated in URL order (empty where no answer came)."),
              OutputDef.of("failure-reason", "Why the check failed; with several URLs, `url: reason` for each failing one, separated by `; `.")),
          kit -> new HealthVerifyStep(kit.log(), kit.masker(), kit.outputs(), kit.summary(), kit.clock(), kit.http()));

  /** The most of a health-check body read; a larger one fails the check with that reason. */
  static final long BODY_LIMIT = 1L << 20;

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Clock clock;
  private final Http http;

  public HealthVerifyStep(Log log, Masker masker, Outputs outputs, StepSummary summary, Clock clock, Http http) {
    this.log = log;
    this.masker = masker;
    this.outputs = outputs;
    this.summary = summary;
    this.clock = clock;
    this.http = http;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    // Not healthy until proven: a bad input or a crash must not leave `healthy` empty for an `if:` to misread.
    outputs.set("healthy", false);
    HealthVerifyInputs in = HealthVerifyInputs.read(inputs, masker);
    HealthPlan plan = HealthPlan.of(in, masker);
    log.group("Plan");
    plan.describe().forEach(log::info);
    log.endGroup();
    if (in.dryRun()) {
      outputs.set("healthy", "");
      outputs.set("attempts", 0);
      summary.heading(2, "health-verify: dry run").paragraph("No request was sent. The plan:").bullets(plan.describe());
      log.info("Dry run: no request sent.");
      return;
    }
    // The probe loop owns retries and the deadline; the client must give each answer back as it came, and no
    // request may outlive the step's timeout. A health answer is a status page: 1 MiB is far more than any needs.
    Http probing = http.withPolicy(RetryPolicy.NONE).withRedirects(plan.followRedirects()).withBodyLimit(BODY_LIMIT).within(Deadline.after(clock, plan.timeout()));
    UrlProbe probe = new UrlProbe(plan, probing, clock, log, masker);
    HealthReport report = new HealthReport(checkAll(probe, plan.targets()));
    report.setOutputs(outputs);
    report.writeSummary(summary, plan);
    if (!report.healthy()) {
      throw report.failure();
    }
    log.info("All %d URL(s) healthy.", plan.targets().size());
  }

  private static List<UrlOutcome> checkAll(UrlProbe probe, List<HealthPlan.Target> targets) throws Exception {
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
