package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepSummary;
import java.time.Duration;
import java.util.List;

/** Deploy's outputs and its step summary: the outcome, the timeline as a chart and a table, each phase's own report. */
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

  /** The outputs, and the summary after them; Slack's outputs and the final duration are set here. */
  void finish(Ending ending, String slackTs, String slackChannel, Duration took) {
    setOutputs(ending, took);
    outputs.set("slack-ts", slackTs);
    outputs.set("slack-channel-id", slackChannel);
    String where = plan.waves().stream().flatMap(List::stream).map(plan::target).reduce((a, b) -> a + " and " + b).orElse("");
    if (plan.dryRun()) {
      summary.heading(2, "deploy: dry run to " + where).paragraph("Nothing was changed. The plan:").bullets(plan.describe());
    } else {
      summary.heading(2, "deploy: " + ending.outcome() + " (" + where + ")");
      if (ending.ok()) {
        summary.bullets(ending.serving());
      } else {
        summary.alert(ending.outcome().equals(Ending.ROLLBACK_FAILED) ? "CAUTION" : "WARNING", ending.headline() + "\n\nServing now:\n" + String.join("\n", ending.serving()));
      }
    }
    if (!timeline.phases().isEmpty()) {
      summary.code("mermaid", timeline.gantt("deploy " + (plan.dryRun() ? "dry run" : ending.outcome())));
      summary.table(List.of("Phase", "Result", "Duration", "Link"), timeline.rows());
      for (PhaseResult r : timeline.phases()) {
        if (!r.summary().isBlank()) {
          summary.details(r.label() + ": " + Timeline.result(r), r.summary());
        }
      }
    }
  }

  /** Every output the phases give, as soon as the run has ended (before the Slack message, which shows some). */
  void setOutputs(Ending ending, Duration took) {
    outputs.set("outcome", plan.dryRun() ? "" : ending.outcome());
    outputs.set("failure-reason", ending.reason());
    outputs.set("rolled-back", ending.rolledBackText());
    for (PhaseResult r : timeline.phases()) {
      switch (r.label()) {
        case "backend deploy" -> {
          outputs.set("backend-deploy-id", r.output("deploy-id"));
          outputs.set("backend-previous-deploy-id", r.output("previous-deploy-id"));
          outputs.set("backend-url", r.output("url"));
        }
        case "frontend deploy" -> {
          outputs.set("frontend-deployment-id", r.output("deployment-id"));
          outputs.set("frontend-previous-deployment-id", r.output("previous-deployment-id"));
          outputs.set("frontend-url", r.output("url"));
        }
        case "backup" -> outputs.set("backup-uri", r.output("uri"));
        case "migrate" -> outputs.set("migrate-applied", r.output("applied"));
        default -> {
          // Checks and rollbacks have no output of deploy's own.
        }
      }
    }
    outputs.set("duration-ms", took.toMillis());
  }
}
