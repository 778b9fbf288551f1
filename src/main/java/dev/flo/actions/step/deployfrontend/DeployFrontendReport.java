package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.VercelDeployment;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The step summary and the pull request comment of {@code deploy-frontend}, from the plan and the
 * result.
 */
final class DeployFrontendReport {
  static final String MARKER_PREFIX = "<!-- flo-actions:deploy-frontend";

  private DeployFrontendReport() {}

  /** One comment per project, so a monorepo deploying two frontends keeps two comments. */
  static String marker(String projectId) {
    return MARKER_PREFIX + " project=" + projectId + " -->";
  }

  static void summary(StepSummary s, DeployFrontendPlan plan, DeployFrontendResult r) {
    DeployFrontendInputs in = plan.inputs();
    s.heading(2, "deploy-frontend: " + in.target() + " " + r.status().label);
    if (r.status() == DeployFrontendResult.Status.PLANNED) {
      s.paragraph("Dry-run: nothing was uploaded or created. The plan:").bullets(plan.describe());
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "Project",
            StepSummary.code(in.projectId())
                + (in.teamId() == null ? "" : " (team " + StepSummary.code(in.teamId()) + ")")));
    rows.add(
        List.of(
            "Source",
            StepSummary.code(plan.source()) + (in.prebuilt() ? " (prebuilt)" : " (static files)")));
    VercelDeployment d = r.deployment();
    if (d != null) {
      rows.add(
          List.of(
              "Deployment",
              StepSummary.code(String.valueOf(d.id()))
                  + ", state "
                  + d.readyState()
                  + (r.undo() == null
                      ? ""
                      : switch (r.undo().kind()) {
                        case CANCELLED -> ", cancelled after the timeout";
                        case ROLLED_BACK ->
                            ", production rolled back to "
                                + Objects.requireNonNull(r.previous(), "a rollback has a target")
                                    .id();
                        case NOT_UNDONE -> ", NOT cancelled: it may go live";
                        case NOTHING_NEEDED -> "";
                      })));
      rows.add(List.of("URL", String.valueOf(d.httpsUrl())));
      if (d.inspectorUrl() != null) {
        rows.add(List.of("Inspector", d.inspectorUrl()));
      }
    }
    if (d != null && !d.aliases().isEmpty()) {
      rows.add(
          List.of(
              "Domains",
              String.join(", ", d.aliases().stream().map(a -> "https://" + a).toList())));
    }
    if (!r.aliases().isEmpty()) {
      rows.add(
          List.of(
              "Aliases",
              String.join(", ", r.aliases().stream().map(a -> "https://" + a).toList())));
    }
    String files =
        plan.files().files().size()
            + " files, "
            + plan.files().distinct()
            + " distinct contents ("
            + DeployFrontendPlan.bytes(plan.files().totalBytes())
            + ")";
    if (r.status() != DeployFrontendResult.Status.PLANNED && d != null) {
      files +=
          "; uploaded "
              + r.uploaded()
              + " ("
              + DeployFrontendPlan.bytes(r.uploadedBytes())
              + "), Vercel already had "
              + r.reused();
    }
    rows.add(List.of("Files", files));
    VercelDeployment previous = r.previous();
    rows.add(
        List.of(
            "Production before",
            previous == null
                ? "none"
                : StepSummary.code(String.valueOf(previous.id())) + " " + previous.httpsUrl()));
    s.table(List.of("", ""), rows);
    switch (r.status()) {
      case FAILED -> {
        s.alert(
            "CAUTION",
            "The deployment failed: "
                + r.failureReason()
                + ".\nOpen the inspector for the build log: "
                + r.created().inspectorUrl()
                + "\nProduction was not changed"
                + (r.previous() == null ? "." : "; it still serves " + r.previous().id() + "."));
        if (!r.buildLog().isEmpty()) {
          s.details(
              "The last " + r.buildLog().size() + " lines of the build log",
              "```text\n" + String.join("\n", r.buildLog()).replace("```", "` ` `") + "\n```");
        }
      }
      case TIMED_OUT -> s.alert("WARNING", timeoutText(plan, r));
      default -> {}
    }
  }

  /**
   * The summary of a run stopped by an error before it had a result (a refused call, a failed
   * upload or alias).
   *
   * @param createUnanswered the create call got no answer, so a deployment may exist without our
   *     knowing its id
   */
  static void stopped(
      StepSummary s,
      DeployFrontendPlan plan,
      StepFailure f,
      @Nullable String deploymentId,
      boolean createUnanswered) {
    s.heading(2, "deploy-frontend: " + plan.inputs().target() + " stopped");
    s.alert("CAUTION", f.getMessage() + (f.hint() == null ? "" : "\n" + f.hint()));
    s.bullets(
        List.of(
            "Project: " + plan.inputs().projectId(),
            "Source: "
                + plan.source()
                + " ("
                + plan.files().files().size()
                + (plan.files().files().size() == 1 ? " file)" : " files)"),
            deploymentId != null && !deploymentId.isEmpty()
                ? "Deployment " + deploymentId + " was created; see the outputs."
                : createUnanswered
                    ? "Unknown: Vercel did not answer the create call, so a deployment may exist"
                        + (plan.inputs().production()
                            ? " and go live in production once built, unverified"
                            : "")
                        + ". Check the project's Deployments in Vercel and cancel it"
                        + (plan.inputs().production() ? " or roll back." : ".")
                    : "No deployment was created; production was not changed."));
  }

  static String timeoutText(DeployFrontendPlan plan, DeployFrontendResult r) {
    VercelDeployment d = r.created();
    String state = d.readyState();
    String staged =
        d.isReady() && "STAGED".equals(d.readySubstate())
            ? " Vercel built it but kept it staged: automatic assignment of production domains is off (it is after an instant rollback). Promote it in Vercel, or undo the rollback, to serve it."
            : "";
    return "The deployment was still "
        + state
        + " after "
        + plan.inputs().timeout().toSeconds()
        + "s."
        + staged
        + (r.undo() == null ? "" : " " + r.undo().text())
        + " Raise `timeout` if builds take longer; inspector: "
        + d.inspectorUrl();
  }

  /** The pull request comment (the marker is added by the writer). */
  static String comment(
      DeployFrontendPlan plan,
      DeployFrontendResult r,
      @Nullable String sha,
      @Nullable String runUrl) {
    StringBuilder b = new StringBuilder();
    String env = plan.inputs().target();
    switch (r.status()) {
      case READY ->
          b.append("**Vercel ")
              .append(env)
              .append(" deployment is ready:** ")
              .append(r.visitUrl())
              .append('\n');
      case CREATED ->
          b.append("**Vercel ")
              .append(env)
              .append(" deployment is building:** ")
              .append(r.created().httpsUrl())
              .append('\n');
      case FAILED ->
          b.append("**Vercel ")
              .append(env)
              .append(" deployment failed:** ")
              .append(StepSummary.html(r.failureReason()))
              .append('\n');
      case TIMED_OUT ->
          b.append("**Vercel ")
              .append(env)
              .append(" deployment timed out** while ")
              .append(r.created().readyState())
              .append('\n');
      case PLANNED -> b.append("Dry-run: no deployment.\n");
    }
    b.append("\n| | |\n| --- | --- |\n");
    b.append("| Project | `").append(plan.inputs().projectId()).append("` |\n");
    b.append("| Deployment | [")
        .append(r.created().id())
        .append("](")
        .append(r.created().inspectorUrl())
        .append(") |\n");
    b.append("| URL | ").append(r.created().httpsUrl()).append(" |\n");
    if (!r.aliases().isEmpty()) {
      b.append("| Aliases | ")
          .append(String.join(", ", r.aliases().stream().map(a -> "https://" + a).toList()))
          .append(" |\n");
    }
    if (sha != null) {
      b.append("| Commit | ").append(sha, 0, Math.min(7, sha.length())).append(" |\n");
    }
    if (runUrl != null) {
      b.append("\n[Workflow run](").append(runUrl).append(")\n");
    }
    return b.toString();
  }
}
