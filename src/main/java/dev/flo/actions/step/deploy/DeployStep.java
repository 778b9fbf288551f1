package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Toolkit;
import java.time.Duration;
import java.util.List;

/**
 * The whole pipeline as one step: Slack "started", backup, migrate, the halves in order with their checks, a
 * coordinated rollback of whatever went live when anything fails or the job is cancelled, and the Slack message
 * updated with how it ended. Each phase is the composed step itself, run through {@link PhaseRunner}.
 */
public final class DeployStep implements Step {
  static final List<OutputDef> OUTPUTS =
      List.of(
          OutputDef.of("outcome", "`deployed`, `rolled-back` (what went live was rolled back), `failed` (nothing went live) or `rollback-failed`; empty on a dry run."),
          OutputDef.of("failure-reason", "Why the run did not deploy: the phase that failed and its message."),
          OutputDef.of("rolled-back", "The halves rolled back: `backend`, `frontend`, or both, comma separated."),
          OutputDef.of("backend-deploy-id", "The backend's new deploy id."),
          OutputDef.of("backend-previous-deploy-id", "The backend deploy that served before: what a rollback restores."),
          OutputDef.of("backend-url", "The backend service's URL."),
          OutputDef.of("frontend-deployment-id", "The new Vercel deployment id."),
          OutputDef.of("frontend-previous-deployment-id", "The Vercel production deployment that served before: what a rollback restores."),
          OutputDef.of("frontend-url", "The new Vercel deployment's URL."),
          OutputDef.of("backup-uri", "Where the backup was stored."),
          OutputDef.of("migrate-applied", "How many migrations this run applied."),
          OutputDef.of("slack-ts", "The Slack message's ts."),
          OutputDef.of("slack-channel-id", "The Slack message's channel ID."),
          OutputDef.of("duration-ms", "How long the whole run took, in milliseconds."));

  /** Deploy over the given steps; its inputs are theirs, prefixed by phase. */
  public static StepDefinition definition(DeployPhases phases) {
    return new StepDefinition(
        "deploy",
        "Ship it in one step: back up, migrate, deploy backend and frontend in order, verify each, roll back whatever went live if anything fails, and keep one Slack message up to date.",
        phases.inputs(),
        OUTPUTS,
        kit -> new DeployStep(kit, phases));
  }

  private final Toolkit kit;
  private final DeployPhases phases;

  DeployStep(Toolkit kit, DeployPhases phases) {
    this.kit = kit;
    this.phases = phases;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    long t0 = kit.clock().nanoTime();
    kit.outputs().set("outcome", Ending.FAILED);
    DeployPlan plan = DeployPlan.read(inputs, phases);
    plan.describe().forEach(l -> kit.log().info((plan.dryRun() ? "Dry run, the plan: " : "Plan: ") + l));
    Timeline timeline = new Timeline(kit.clock().now());
    PhaseRunner runner = new PhaseRunner(kit, t0);
    SlackThread slack = new SlackThread(plan, runner, kit.annotations(), kit.masker());
    DeployReport report = new DeployReport(kit.outputs(), kit.summary(), plan, timeline);
    slack.started("*Plan:*\n• " + String.join("\n• ", plan.describe()));
    Ending ending = release(plan, runner, timeline);
    report.setOutputs(ending, Duration.ofNanos(kit.clock().nanoTime() - t0));
    slack.finished(ending, timeline.lines(), link(kit.outputs().get("frontend-url"), kit.outputs().get("backend-url")));
    report.finish(ending, slack.ts(), slack.channelId(), Duration.ofNanos(kit.clock().nanoTime() - t0));
    if (!ending.ok() && !plan.dryRun()) {
      throw new StepFailure(ending.headline(), String.join("\n", ending.serving()));
    }
  }

  /** The first URL Slack's `deploy-url` would accept (a host java.net.URI can read), or null. */
  private static String link(String... urls) {
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
        return Ending.beforeRelease(r.cancelled() ? "the job was cancelled during the " + before.title() : before.title() + " failed: " + r.failure().getMessage(), r.cancelled());
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
