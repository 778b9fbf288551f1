package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The whole pipeline as one step: Slack "started", backup, migrate, the halves in order with their
 * checks, a coordinated rollback of whatever went live when anything fails or the job is cancelled,
 * and the Slack message updated with how it ended. Each phase is the composed step itself, run
 * through {@link PhaseRunner}.
 */
public final class DeployStep implements TypedStep<DeployPlan> {
  /**
   * Failed until the run ends otherwise: a bad input or a crash must not leave it empty for an
   * `if:` to misread.
   */
  static final Output<String> OUTCOME =
      Output.named(
              "outcome",
              "`deployed`, `rolled-back` (what went live was rolled back), `failed` (nothing went live) or `rollback-failed`; empty on a dry run.")
          .text()
          .initially(Ending.FAILED);

  static final Output<String> FAILURE_REASON =
      Output.named(
              "failure-reason",
              "Why the run did not deploy: the phase that failed and its message.")
          .text();
  static final Output<String> ROLLED_BACK =
      Output.named(
              "rolled-back",
              "The halves rolled back: `backend`, `frontend`, or both, comma separated.")
          .text();
  static final Output<String> BACKEND_DEPLOY_ID =
      Output.named("backend-deploy-id", "The backend's new deploy id.").text();
  static final Output<String> BACKEND_PREVIOUS_DEPLOY_ID =
      Output.named(
              "backend-previous-deploy-id",
              "The backend deploy that served before: what a rollback restores.")
          .text();
  static final Output<String> BACKEND_URL =
      Output.named("backend-url", "The backend service's URL.").text();
  static final Output<String> FRONTEND_DEPLOYMENT_ID =
      Output.named("frontend-deployment-id", "The new Vercel deployment id.").text();
  static final Output<String> FRONTEND_PREVIOUS_DEPLOYMENT_ID =
      Output.named(
              "frontend-previous-deployment-id",
              "The Vercel production deployment that served before: what a rollback restores.")
          .text();
  static final Output<String> FRONTEND_URL =
      Output.named("frontend-url", "The new Vercel deployment's URL.").text();
  static final Output<String> BACKUP_URI =
      Output.named("backup-uri", "Where the backup was stored.").text();
  static final Output<String> MIGRATE_APPLIED =
      Output.named("migrate-applied", "How many migrations this run applied.").text();
  static final Output<String> SLACK_TS = Output.named("slack-ts", "The Slack message's ts.").text();
  static final Output<String> SLACK_CHANNEL_ID =
      Output.named("slack-channel-id", "The Slack message's channel ID.").text();
  static final Output<Long> DURATION_MS =
      Output.named("duration-ms", "How long the whole run took, in milliseconds.").number();

  static final List<Output<?>> OUTPUTS =
      List.of(
          OUTCOME,
          FAILURE_REASON,
          ROLLED_BACK,
          BACKEND_DEPLOY_ID,
          BACKEND_PREVIOUS_DEPLOY_ID,
          BACKEND_URL,
          FRONTEND_DEPLOYMENT_ID,
          FRONTEND_PREVIOUS_DEPLOYMENT_ID,
          FRONTEND_URL,
          BACKUP_URI,
          MIGRATE_APPLIED,
          SLACK_TS,
          SLACK_CHANNEL_ID,
          DURATION_MS);

  /**
   * Deploy over the given steps; its own inputs, then theirs, prefixed by phase, handed on as text.
   */
  public static StepDefinition definition(DeployPhases phases) {
    Wiring.check(phases);
    return StepDefinition.named(
            "deploy",
            "Ship it in one step: back up, migrate, deploy backend and frontend in order, verify each, roll back whatever went live if anything fails, and keep one Slack message up to date.")
        .inputs(DeployPhases.OWN)
        .handsOn(phases.inputs())
        .outputs(OUTPUTS)
        .reads((in, port) -> DeployPlan.read(in, phases))
        .create(port -> new DeployStep(port, phases));
  }

  private final StepPort port;
  private final DeployPhases phases;

  DeployStep(StepPort port, DeployPhases phases) {
    this.port = port;
    this.phases = phases;
  }

  @Override
  public void run(DeployPlan plan) throws Exception {
    long t0 = port.clock().nanoTime();
    plan.describe()
        .forEach(l -> port.log().info((plan.dryRun() ? "Dry run, the plan: " : "Plan: ") + l));
    Timeline timeline = new Timeline(port.clock().now());
    PhaseRunner runner = new PhaseRunner(port, t0);
    SlackThread slack = new SlackThread(plan, runner, port.annotations(), port.masker());
    DeployReport report = new DeployReport(port.outputs(), port.summary(), plan, timeline);
    slack.started("*Plan:*\n• " + String.join("\n• ", plan.describe()));
    Ending ending = release(plan, runner, timeline);
    report.setOutputs(ending, Duration.ofNanos(port.clock().nanoTime() - t0));
    slack.finished(
        ending,
        timeline.lines(),
        link(port.outputs().get(FRONTEND_URL), port.outputs().get(BACKEND_URL)));
    report.finish(
        ending, slack.ts(), slack.channelId(), Duration.ofNanos(port.clock().nanoTime() - t0));
    if (!ending.ok() && !plan.dryRun()) {
      throw new StepFailure(ending.headline(), String.join("\n", ending.serving()));
    }
  }

  /** The first URL Slack's `deploy-url` would accept (a host java.net.URI can read), or null. */
  private static @Nullable String link(@Nullable String... urls) {
    for (String u : urls) {
      try {
        if (u != null && !u.isEmpty() && java.net.URI.create(u).getHost() != null) {
          return u;
        }
      } catch (IllegalArgumentException e) {
        // Not a URL Slack's step would take: try the next.
      }
    }
    return null;
  }

  /** Backup, migrate, then the halves; a failure stops the run and rolls back what went live. */
  private Ending release(DeployPlan plan, PhaseRunner runner, Timeline timeline) {
    for (Phase before : List.of(phases.backup(), phases.migrate())) {
      if (!plan.runs(before)) {
        continue;
      }
      PhaseResult r = timeline.add(runner.run(before, before.title(), plan.inputs(before)));
      if (!r.ok()) {
        return Ending.beforeRelease(
            r.cancelled()
                ? "the job was cancelled during the " + before.title()
                : before.title() + " failed: " + r.failureMessage(),
            r.cancelled());
      }
      if (Thread.interrupted()) {
        return Ending.beforeRelease("the job was cancelled after the " + before.title(), true);
      }
    }
    Release release = new Release(plan, runner, timeline);
    boolean shipped = release.ship();
    if (!shipped) {
      release.rollBack(Ending.of(release, false).reason());
    }
    return Ending.of(release, shipped);
  }
}
