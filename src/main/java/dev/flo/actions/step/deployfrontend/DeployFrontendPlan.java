package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.DeploymentFiles;
import dev.flo.actions.provider.vercel.NewDeployment;
import dev.flo.actions.runtime.runner.GitHubContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code deploy-frontend} will do, decided before any call: the files and the deployment
 * request, the aliases, the wait, and the pull request to comment on. Dry-run prints it and stops.
 *
 * @param source the deployed folder, relative to the workspace
 * @param pullRequest the pull request to comment on, or null for none
 */
public record DeployFrontendPlan(
    DeployFrontendInputs inputs,
    String source,
    DeploymentFiles files,
    NewDeployment request,
    Integer pullRequest) {

  /**
   * Vercel's per-deployment file limit ({@code vercel/vercel:
   * packages/client/src/create-deployment.ts FILE_LIMIT}).
   */
  static final int FILE_LIMIT = 15_000;

  static DeployFrontendPlan of(
      DeployFrontendInputs in, String source, DeploymentFiles files, GitHubContext github) {
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, String> git = new LinkedHashMap<>();
    put(meta, "githubCommitSha", github.sha());
    put(meta, "githubCommitRef", github.refName());
    if (github.repository() != null && github.repository().contains("/")) {
      put(meta, "githubOrg", github.repository().substring(0, github.repository().indexOf('/')));
      put(meta, "githubRepo", github.repository().substring(github.repository().indexOf('/') + 1));
      put(git, "remoteUrl", github.serverUrl() + "/" + github.repository());
    }
    put(meta, "githubCommitAuthorLogin", github.actor());
    put(meta, "deployedBy", "flo-actions");
    put(meta, "runUrl", github.runUrl());
    put(git, "commitSha", github.pr().map(GitHubContext.PullRequest::headSha).orElse(github.sha()));
    put(
        git,
        "commitRef",
        github.pr().map(GitHubContext.PullRequest::headRef).orElse(github.refName()));
    Integer pr = github.pr().map(GitHubContext.PullRequest::number).orElse(null);
    github.pr().ifPresent(p -> meta.put("githubPrId", Integer.toString(p.number())));
    NewDeployment request =
        new NewDeployment(in.projectId(), in.wireTarget(), files.files(), meta, git);
    return new DeployFrontendPlan(in, source, files, request, in.prComment() ? pr : null);
  }

  /** The commit deployed: the pull request's head on a pull request, else the workflow's commit. */
  String commitSha() {
    return request.gitMetadata().get("commitSha");
  }

  /** What the GitHub deployment says while it is in progress. */
  String githubDescription() {
    return "Deploy " + source + " to Vercel " + inputs.target();
  }

  /** The plan as the lines dry-run prints. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "Deploy %s (%s) to Vercel project %s%s as %s.",
            source,
            inputs.prebuilt() ? "prebuilt Build Output API tree" : "static files",
            inputs.projectId(),
            inputs.teamId() == null ? "" : " of team " + inputs.teamId(),
            inputs.target()));
    lines.add(
        String.format(
            "Files: %d hashed (SHA-1), %d distinct contents, %s.",
            files.files().size(), files.distinct(), bytes(files.totalBytes())));
    lines.add(
        "GET /v9/projects/"
            + inputs.projectId()
            + ": the production deployment before this one (for rollback).");
    if (inputs.githubDeployment()) {
      lines.add(
          "GitHub deployment to environment `"
              + inputs.environment()
              + "`: in_progress, then success or failure with the deployment URL.");
    }
    lines.add(
        "POST /v13/deployments?skipAutoDetectionConfirmation=1&forceNew=1 listing every file; if Vercel answers missing_files, POST /v2/files for only those, then POST /v13/deployments again.");
    if (inputs.waitForReady()) {
      lines.add(
          "GET /v13/deployments/{id} until READY with its domains assigned, for at most "
              + inputs.timeout().toSeconds()
              + "s; on timeout, PATCH /v12/deployments/{id}/cancel"
              + (inputs.production()
                  ? ", or, if it turned READY, roll production back to the deployment before."
                  : "."));
    }
    for (String a : inputs.aliases()) {
      lines.add("POST /v2/deployments/{id}/aliases for " + a + ".");
    }
    if (pullRequest != null) {
      lines.add(
          "Comment the preview URL on pull request #"
              + pullRequest
              + " (or update our earlier comment).");
    }
    return lines;
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    return n < 1024 * 1024
        ? String.format("%.1f KiB", n / 1024.0)
        : String.format("%.1f MiB", n / (1024.0 * 1024));
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }
}
