package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.runner.StepSummary;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Deploy's outputs and its step summary: the outcome, the timeline as a chart and a table, each
 * phase's own report.
 */
final class DeployReport {
  private final Outputs outputs;
  private final StepSummary summary;
  private final DeployPlan plan;
  private final Timeline timeline;

  DeployReport(Outputs outputs, StepSummary summary, DeployPlan plan, Timeline timeline) {
    this.outputs = outputs;
    this.summary = summary;
    this.plan = plan;
    this.timeline = timeline;
  }

  /**
   * The outputs, and the summary after them; Slack's outputs and the final duration are set here.
   */
  void finish(
      Ending ending, @Nullable String slackTs, @Nullable String slackChannel, Duration took) {
    setOutputs(ending, took);
    outputs.set(DeployStep.SLACK_TS, slackTs);
    outputs.set(DeployStep.SLACK_CHANNEL_ID, slackChannel);
    String where =
        plan.waves().stream()
            .flatMap(List::stream)
            .map(plan::target)
            .reduce((a, b) -> a + " and " + b)
            .orElse("");
    if (plan.dryRun()) {
      summary
          .heading(2, "deploy: dry run to " + where)
          .paragraph("Nothing was changed. The plan:")
          .bullets(plan.describe());
    } else {
      summary.heading(2, "deploy: " + ending.outcome() + " (" + where + ")");
      if (ending.ok()) {
        summary.bullets(ending.serving());
      } else {
        summary.alert(
            ending.outcome().equals(Ending.ROLLBACK_FAILED) ? "CAUTION" : "WARNING",
            ending.headline() + "\n\nServing now:\n" + String.join("\n", ending.serving()));
      }
    }
    if (!timeline.phases().isEmpty()) {
      summary.code(
          "mermaid", timeline.gantt("deploy " + (plan.dryRun() ? "dry run" : ending.outcome())));
      summary.table(List.of("Phase", "Result", "Duration", "Link"), timeline.rows());
      for (PhaseResult r : timeline.phases()) {
        if (!r.summary().isBlank()) {
          summary.details(r.label() + ": " + Timeline.result(r), r.summary());
        }
      }
    }
  }

  /**
   * Every output the phases give, as soon as the run has ended (before the Slack message, which
   * shows some).
   */
  void setOutputs(Ending ending, Duration took) {
    outputs.set(DeployStep.OUTCOME, plan.dryRun() ? "" : ending.outcome());
    outputs.set(DeployStep.FAILURE_REASON, ending.reason());
    outputs.set(DeployStep.ROLLED_BACK, ending.rolledBackText());
    for (PhaseResult r : timeline.phases()) {
      switch (r.label()) {
        case "backend deploy" -> {
          outputs.set(DeployStep.BACKEND_DEPLOY_ID, r.output(Wiring.BACKEND_DEPLOY_ID.name()));
          outputs.set(
              DeployStep.BACKEND_PREVIOUS_DEPLOY_ID,
              r.output(Wiring.BACKEND_PREVIOUS_DEPLOY_ID.name()));
          outputs.set(DeployStep.BACKEND_URL, r.output(Wiring.DEPLOYED_URL.name()));
        }
        case "frontend deploy" -> {
          outputs.set(
              DeployStep.FRONTEND_DEPLOYMENT_ID, r.output(Wiring.FRONTEND_DEPLOYMENT_ID.name()));
          outputs.set(
              DeployStep.FRONTEND_PREVIOUS_DEPLOYMENT_ID,
              r.output(Wiring.FRONTEND_PREVIOUS_DEPLOYMENT_ID.name()));
          outputs.set(DeployStep.FRONTEND_URL, r.output(Wiring.DEPLOYED_URL.name()));
        }
        case "backup" -> outputs.set(DeployStep.BACKUP_URI, r.output(Wiring.BACKUP_URI.name()));
        case "migrate" ->
            outputs.set(DeployStep.MIGRATE_APPLIED, r.output(Wiring.MIGRATE_APPLIED.name()));
        default -> {
          // Checks and rollbacks have no output of deploy's own.
        }
      }
    }
    outputs.set(DeployStep.DURATION_MS, took.toMillis());
  }
}
