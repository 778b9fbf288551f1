package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.DeploymentFiles;
import dev.flo.actions.provider.vercel.NewDeployment;
import dev.flo.actions.runtime.runner.GitHubContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code deploy-frontend} will do, decided before any call: the files and the deployment
 * request, and {@link #actions()}, which the dry run prints and a real run executes.
 *
 * @param source the deployed folder, relative to the workspace
 * @param pullRequest the pull request to comment on, or null for none
 */
public record DeployFrontendPlan(
    DeployFrontendInputs inputs,
    String source,
    DeploymentFiles files,
    NewDeployment request,
    @Nullable Integer pullRequest) {

  /**
   * Vercel's per-deployment file limit ({@code vercel/vercel:
   * packages/client/src/create-deployment.ts FILE_LIMIT}).
   */
  static final int FILE_LIMIT = 15_000;

  /** How many times missing contents are uploaded before Vercel's answer is taken as wrong. */
  static final int MAX_UPLOAD_ROUNDS = 2;

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

  /**
   * The commit deployed: the pull request's head on a pull request, else the workflow's commit;
   * null when the GitHub context names none.
   */
  @Nullable String commitSha() {
    return request.gitMetadata().get("commitSha");
  }

  /** What the GitHub deployment says while it is in progress. */
  String githubDescription() {
    return "Deploy " + source + " to Vercel " + inputs.target();
  }

  /** What is deployed, as the first lines of the plan: the source, the target, the files. */
  List<String> facts() {
    return List.of(
        String.format(
            "Deploy %s (%s) to Vercel project %s%s as %s.",
            source,
            inputs.prebuilt() ? "prebuilt Build Output API tree" : "static files",
            inputs.projectId(),
            inputs.teamId() == null ? "" : " of team " + inputs.teamId(),
            inputs.target()),
        String.format(
            "Files: %d hashed (SHA-1), %d distinct contents, %s.",
            files.files().size(), files.distinct(), bytes(files.totalBytes())));
  }

  /**
   * What a deploy does, in order, as data: the dry run prints it and a real run executes it, action
   * by action.
   */
  List<FrontendAction> actions() {
    List<FrontendAction> actions = new ArrayList<>();
    actions.add(new FrontendAction.ReadProduction(inputs.projectId()));
    if (inputs.githubDeployment()) {
      actions.add(new FrontendAction.StartGitHubDeployment(inputs.environment()));
    }
    actions.add(new FrontendAction.CreateDeployment(files.files().size()));
    actions.add(new FrontendAction.UploadMissingFiles(files.distinct(), MAX_UPLOAD_ROUNDS));
    if (inputs.waitForReady()) {
      actions.add(new FrontendAction.AwaitReady(inputs.timeout(), inputs.production()));
    }
    for (String a : inputs.aliases()) {
      actions.add(new FrontendAction.AssignAlias(a));
    }
    if (inputs.githubDeployment()) {
      actions.add(new FrontendAction.FinishGitHubDeployment(inputs.environment()));
    }
    if (pullRequest != null) {
      actions.add(new FrontendAction.CommentOnPullRequest(pullRequest));
    }
    return List.copyOf(actions);
  }

  /** An action as printed, numbered: {@code [2/7] POST ...}. */
  static String numbered(int index, int count, FrontendAction action) {
    return "[" + (index + 1) + "/" + count + "] " + action.describe();
  }

  /** The plan as the dry run prints it: the facts, then the actions, numbered. */
  List<String> describe() {
    List<String> lines = new ArrayList<>(facts());
    List<FrontendAction> actions = actions();
    for (int i = 0; i < actions.size(); i++) {
      lines.add(numbered(i, actions.size(), actions.get(i)));
    }
    return List.copyOf(lines);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    return n < 1024 * 1024
        ? String.format("%.1f KiB", n / 1024.0)
        : String.format("%.1f MiB", n / (1024.0 * 1024));
  }

  private static void put(Map<String, String> m, String k, @Nullable String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }
}
