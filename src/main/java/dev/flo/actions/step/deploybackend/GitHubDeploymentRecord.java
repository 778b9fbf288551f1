package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.github.GitHubDeploymentException;
import dev.flo.actions.provider.github.GitHubDeployments;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Log;
import org.kohsuke.github.GHDeploymentState;

/**
 * The GitHub deployment of one backend deploy: created {@code in_progress} before the deploy, then
 * {@code success} or {@code failure}. A GitHub problem (most often a token without {@code deployments: write})
 * must not stop a deploy, so it becomes a warning with the fix.
 */
final class GitHubDeploymentRecord {
  private final DeployBackendInputs in;
  private final DeployPlan plan;
  private final GitHubContext github;
  private final Annotations annotations;
  private final Clock clock;
  private final Log log;
  private final Http http;
  private GitHubDeployments client;
  private Long id;

  GitHubDeploymentRecord(DeployBackendInputs in, DeployPlan plan, GitHubContext github, Annotations annotations, Clock clock, Log log, Http http) {
    this.in = in;
    this.plan = plan;
    this.github = github;
    this.annotations = annotations;
    this.clock = clock;
    this.log = log;
    this.http = http;
  }

  /** Creates the deployment and marks it in progress; returns its id, or null when disabled or refused. */
  Long start(String description) throws InterruptedException {
    if (!in.githubDeployment()) {
      return null;
    }
    String ref = in.commit() != null ? in.commit() : github.sha();
    try {
      id = client().create(ref, plan.environment(), description);
      client().status(id, GHDeploymentState.IN_PROGRESS, "Deploying " + plan.shipped(), null, github.runUrl());
    } catch (GitHubDeploymentException e) {
      warn(e);
    }
    return id;
  }

  void finish(GHDeploymentState state, String description, String environmentUrl) throws InterruptedException {
    if (id == null) {
      return;
    }
    try {
      client().status(id, state, description, environmentUrl, github.runUrl());
    } catch (GitHubDeploymentException e) {
      warn(e);
    }
  }

  private GitHubDeployments client() throws GitHubDeploymentException {
    if (client == null) {
      client = GitHubDeployments.connect(github.apiUrl(), in.githubToken(), github.repository(), clock, log, http);
    }
    return client;
  }

  private void warn(GitHubDeploymentException e) {
    annotations.add(Annotation.warning(e.getMessage() + "\n" + e.hint()).withTitle("GitHub deployment not recorded"));
  }
}
