package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.runner.GitHubContext;
import org.jspecify.annotations.Nullable;

/**
 * What the message says about the run, from the runner's variables and the event payload: for a
 * pull request the head branch, head commit and PR title (GITHUB_SHA is the merge commit there);
 * for a push the head commit's message.
 */
public record RunFacts(
    @Nullable String repository,
    @Nullable String repositoryUrl,
    @Nullable String branch,
    @Nullable String sha,
    @Nullable String commitUrl,
    @Nullable String commitMessage,
    @Nullable String actor,
    @Nullable String workflow,
    @Nullable String runUrl) {

  public static RunFacts from(GitHubContext github) {
    JsonNode event = github.event();
    String sha = github.pr().map(GitHubContext.PullRequest::headSha).orElse(github.sha());
    String branch = github.pr().map(GitHubContext.PullRequest::headRef).orElse(github.refName());
    String message =
        event.has("pull_request")
            ? event.at("/pull_request/title").asText(null)
            : event.has("head_commit")
                ? event.path("head_commit").path("message").asText(null)
                : event.path("workflow_run").path("head_commit").path("message").asText(null);
    String repoUrl =
        github.repository() == null ? null : github.serverUrl() + "/" + github.repository();
    return new RunFacts(
        github.repository(),
        repoUrl,
        branch,
        sha,
        repoUrl == null || sha == null ? null : repoUrl + "/commit/" + sha,
        message,
        github.actor(),
        github.workflow(),
        github.runUrl());
  }

  public @Nullable String shortSha() {
    return sha == null ? null : sha.substring(0, Math.min(7, sha.length()));
  }

  /** The commit message's first line: the subject, as git shows it. */
  public @Nullable String commitSubject() {
    if (commitMessage == null) {
      return null;
    }
    return commitMessage.strip().lines().findFirst().orElse("");
  }

  /** The repository's name without the owner, for headlines. */
  public @Nullable String repositoryName() {
    return repository == null ? null : repository.substring(repository.indexOf('/') + 1);
  }
}
