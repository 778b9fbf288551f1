package dev.flo.actions.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One GitHub deployment per release: a retried step and a re-run of the workflow find the run's own
 * deployment.
 */
class TrackedDeploymentTest {
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  final FakeClock clock = new FakeClock();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final Log log =
      new Log(new PrintStream(out, true), new Masker(new PrintStream(out, true)), false, () -> "t");
  final List<GitHubDeploymentException> problems = new ArrayList<>();
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  /** One deploy step's attempt: start, then success. */
  long deploy(String target, String runId, String attempt) throws Exception {
    Http http = Http.create(ProxySelector.getDefault(), clock, log, true);
    TrackedDeployment tracked =
        new TrackedDeployment(
            github.apiUrl(),
            Secret.of(GitHubFake.TOKEN),
            GitHubFake.REPOSITORY,
            "https://github.com/acme/shop/actions/runs/" + runId + "/attempts/" + attempt,
            clock,
            log,
            http,
            problems::add);
    Long id =
        tracked.start(
            SHA,
            "production",
            "Deploy",
            "Deploying",
            DeploymentMarker.of("deploy-backend", target, runId, attempt));
    tracked.finish(DeploymentState.SUCCESS, "Live", null);
    return id;
  }

  @Test
  void theSameRunReusesItsDeploymentWhileAnotherRunOrServiceGetsItsOwn() throws Exception {
    long first = deploy("render:srv-api", "42", "1");
    assertThat(deploy("render:srv-api", "42", "1")).as("retried step").isEqualTo(first);
    assertThat(deploy("render:srv-api", "42", "2")).as("re-run of the workflow").isEqualTo(first);
    long worker = deploy("render:srv-worker", "42", "1");
    long nextRun = deploy("render:srv-api", "43", "1");

    assertThat(problems).isEmpty();
    assertThat(List.of(worker, nextRun)).doesNotContain(first).doesNotHaveDuplicates();
    assertThat(github.deployments()).hasSize(3);
    assertThat(github.deployment(first).states())
        .containsExactly(
            "in_progress", "success", "in_progress", "success", "in_progress", "success");
    assertThat(github.deployment(first).last().logUrl()).endsWith("/runs/42/attempts/2");
    assertThat(github.deployment(first).request().path("payload").asText())
        .isEqualTo(
            "{\"flo-actions\":{\"step\":\"deploy-backend\",\"target\":\"render:srv-api\",\"run_id\":\"42\",\"run_attempt\":\"1\"}}");
  }

  @Test
  void aDeploymentWithoutOurMarkerIsNeverTakenOver() throws Exception {
    var foreign = github.seedDeployment(SHA, "production");
    long ours = deploy("render:srv-api", "42", "1");
    assertThat(ours).isNotEqualTo(foreign.id());
    assertThat(foreign.statuses()).isEmpty();
  }

  @Test
  void outsideAWorkflowRunThereIsNoMarkerAndEveryStartCreates() throws Exception {
    assertThat(DeploymentMarker.of("deploy-backend", "render:srv-api", null, null)).isNull();
    Http http = Http.create(ProxySelector.getDefault(), clock, log, true);
    for (int i = 0; i < 2; i++) {
      new TrackedDeployment(
              github.apiUrl(),
              Secret.of(GitHubFake.TOKEN),
              GitHubFake.REPOSITORY,
              null,
              clock,
              log,
              http,
              problems::add)
          .start(SHA, "production", "Deploy", "Deploying", null);
    }
    assertThat(github.deployments()).hasSize(2);
  }
}
