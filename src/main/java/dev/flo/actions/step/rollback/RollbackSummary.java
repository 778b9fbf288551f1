package dev.flo.actions.step.rollback;

import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.DeployProvider;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The step summary of {@code rollback}. */
final class RollbackSummary {
  private final StepSummary md;
  private final RollbackInputs in;

  RollbackSummary(StepSummary md, RollbackInputs in) {
    this.md = md;
    this.in = in;
  }

  void dryRun(RollbackPlan<?> plan, List<String> githubCalls) {
    md.heading(2, "Rollback (dry run)");
    md.paragraph(StepSummary.html(plan.why()));
    List<String> calls = new ArrayList<>(plan.calls());
    calls.addAll(githubCalls);
    if (calls.isEmpty()) {
      md.paragraph("A real run would change nothing.");
    } else {
      md.paragraph("A real run would make these calls:");
      md.bullets(calls);
    }
    warnings(plan);
  }

  /** A dry run whose look at the provider got no answer: the plan's target is unknown. */
  void unknown(String provider, @Nullable String why) {
    md.heading(2, "Rollback (dry run)");
    md.paragraph(
        StepSummary.html(
            "Unknown: "
                + provider
                + " did not answer ("
                + why
                + "), so the live deploy and the deploy a real run would restore are not known."));
  }

  void done(RollbackPlan<?> plan, RollbackResult result, @Nullable String github) {
    md.heading(
        2,
        plan.action() == RollbackPlan.Action.ROLL_BACK ? "Rolled back" : "Rollback: nothing to do");
    md.paragraph(StepSummary.html(plan.why()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "Provider",
            plan.provider()
                + " ("
                + (in.projectId() != null && in.provider() == DeployProvider.VERCEL
                    ? in.projectId()
                    : in.serviceId())
                + ")"));
    if (plan.failedDeployId() != null) {
      rows.add(List.of("Rolled back from", plan.failedDeployId()));
    }
    rows.add(
        List.of(
            "Restored",
            result.rolledBackTo()
                + (plan.targetCommit() == null ? "" : " (" + plan.targetCommit() + ")")));
    if (result.rollbackDeployId() != null) {
      rows.add(
          List.of("Rollback deploy", result.rollbackDeployId() + " (" + result.status() + ")"));
    }
    if (in.reason() != null) {
      rows.add(List.of("Reason", in.reason()));
    }
    if (github != null) {
      rows.add(List.of("GitHub", github));
    }
    md.table(List.of("", ""), rows);
    warnings(plan);
  }

  void failed(StepFailure f) {
    md.heading(2, "Rollback failed");
    md.alert(
        "CAUTION",
        StepSummary.html(String.valueOf(f.getMessage()))
            + (f.hint() == null ? "" : "\n\n" + StepSummary.html(f.hint())));
  }

  private void warnings(RollbackPlan<?> plan) {
    plan.warnings().forEach(w -> md.alert("WARNING", StepSummary.html(w)));
  }
}
