package dev.flo.actions.step.deploybackend;

import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.DeployProvider;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The step summary of {@code deploy-backend}: what was deployed, where, how it ended, what to do
 * next.
 */
final class DeploySummary {
  private final StepSummary md;
  private final DeployPlan plan;

  DeploySummary(StepSummary md, DeployPlan plan) {
    this.md = md;
    this.plan = plan;
  }

  void dryRun(@Nullable String note) {
    md.heading(2, "Backend deploy (dry run)");
    md.paragraph("Nothing was deployed. A real run would make these calls:");
    md.bullets(plan.calls());
    if (note != null) {
      md.paragraph(StepSummary.html(note));
    }
  }

  void outcome(DeployOutcome o, @Nullable Long githubId) {
    String verdict =
        switch (o.result()) {
          case LIVE -> "live";
          case SUPERSEDED -> "went live (already superseded)";
          case TRIGGERED -> "triggered";
          case FAILED -> "failed";
          case TIMED_OUT -> "timed out";
        };
    md.heading(2, "Backend deploy " + verdict);
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "Provider",
            switch (plan.provider()) {
              case RENDER -> "Render (" + plan.serviceId() + ")";
              case RAILWAY ->
                  "Railway (service "
                      + plan.serviceId()
                      + ", environment "
                      + plan.environmentId()
                      + ")";
              case HOOK -> "deploy hook";
              case COMPOSE, VERCEL -> plan.provider().displayName();
            }));
    rows.add(
        List.of(
            "Deploy",
            o.deployId() == null ? "(the hook returned no id)" : link(o.deployId(), o.link())));
    if (o.shipped() != null || plan.provider() != DeployProvider.HOOK) {
      rows.add(
          List.of(
              plan.image() != null ? "Image" : "Commit",
              o.shipped() == null ? plan.shipped() : o.shipped()));
    }
    rows.add(List.of("Status", o.status()));
    if (o.reused()) {
      rows.add(
          List.of(
              "Reused",
              "a deploy of this commit was already running or live; it was followed, not triggered again"));
    }
    if (o.previousDeployId() != null) {
      rows.add(List.of("Previous deploy (rollback target)", o.previousDeployId()));
    }
    if (o.url() != null) {
      rows.add(List.of("URL", o.url()));
    }
    if (githubId != null) {
      rows.add(List.of("GitHub deployment", githubId + " (" + plan.environment() + ")"));
    }
    md.table(List.of("", ""), rows);
    if (plan.provider() == DeployProvider.HOOK) {
      md.alert(
          "NOTE",
          "A deploy hook only starts a deploy: it cannot report whether the deploy went live, so this step did not wait."
              + " Follow it with `health-verify`, or use `provider: render` with an API key to wait for the deploy.");
    } else if (!plan.waitForLive() && o.result() == DeployOutcome.Result.TRIGGERED) {
      md.alert("NOTE", "`wait: false`: the deploy was started and not followed to the end.");
    }
  }

  void error(String what, @Nullable String hint) {
    md.heading(2, "Backend deploy failed");
    caution(what, hint);
  }

  void caution(String what, @Nullable String hint) {
    md.alert(
        "CAUTION", StepSummary.html(what) + (hint == null ? "" : "\n\n" + StepSummary.html(hint)));
  }

  private static String link(String text, @Nullable String url) {
    return url == null ? text : "[" + text + "](" + url + ")";
  }
}
