package dev.flo.actions.step.deploybackend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DeployBackendStepTest {
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";

  @TempDir Path tmp;
  final FakeClock clock = new FakeClock();
  @RegisterExtension final RenderFake render = RenderFake.start(clock);
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  StepHarness step() {
    return new StepHarness(DeployBackendStep.DEFINITION, tmp)
        .clock(clock)
        .env("GITHUB_API_URL", github.apiUrl())
        .input("provider", "render")
        .input("token", RenderFake.TOKEN)
        .input("service-id", RenderFake.SERVICE)
        .input("api-url", render.apiUrl());
  }

  StepHarness withGitHub(StepHarness h) {
    return h.input("github-token", GitHubFake.TOKEN);
  }

  @Test
  void aTricklingPollStillEndsAtTheTimeoutAndCancelsTheDeploy() throws Exception {
    // Headers, then a byte a second: the JDK's own timeout never fires. Real time, since wall time
    // is the promise.
    render.trickleDeployReads();
    long t0 = System.nanoTime();
    var result =
        withGitHub(step())
            .clock(dev.flo.actions.runtime.Clock.SYSTEM)
            .input("timeout", "8s")
            .input("cancel-on-timeout", "true")
            .run();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(took)
        .isLessThan(
            Duration.ofSeconds(8)
                .plus(Deadline.LAST_CALL)
                .plus(DeployBackendStep.WRAP_UP)
                .plusSeconds(3));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(render.deploys().getLast().status()).isEqualTo("canceled");
    assertThat(result.output("status")).isEqualTo("canceled");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("did not finish within 8s and was cancelled")
        .contains("Raise `timeout` if deploys of this service take longer")
        .doesNotContain("set `cancel-on-timeout: true`");
    assertThat(github.deployments().getLast().states()).containsExactly("in_progress", "failure");
  }

  /**
   * What a reader of the log sees: everything but the add-mask commands, which the runner never
   * shows.
   */
  static String printed(StepHarness.Result r) {
    return String.join(
        "\n", r.lines().stream().filter(l -> !l.startsWith("::add-mask::")).toList());
  }

  @Test
  void aRetriedStepAndAReRunOfTheWorkflowReuseTheGitHubDeploymentOfTheRun() throws Exception {
    var first = withGitHub(step()).env("GITHUB_RUN_ATTEMPT", "1").run();
    var retried = withGitHub(step()).env("GITHUB_RUN_ATTEMPT", "1").run();
    var reRun = withGitHub(step()).env("GITHUB_RUN_ATTEMPT", "2").run();

    assertThat(List.of(first, retried, reRun))
        .allSatisfy(r -> assertThat(r.exitCode()).as(r.stdout()).isZero());
    assertThat(github.deployments()).hasSize(1);
    String id = first.output("github-deployment-id");
    assertThat(retried.output("github-deployment-id")).isEqualTo(id);
    assertThat(reRun.output("github-deployment-id")).isEqualTo(id);
    var gh = github.deployment(Long.parseLong(id));
    assertThat(gh.states())
        .containsExactly(
            "in_progress", "success", "in_progress", "success", "in_progress", "success");
    assertThat(gh.last().logUrl())
        .isEqualTo("https://github.com/acme/shop/actions/runs/42/attempts/2");
    assertThat(reRun.stdout()).contains("Reusing GitHub deployment " + id);

    var nextRun = withGitHub(step()).env("GITHUB_RUN_ID", "43").run();
    assertThat(nextRun.output("github-deployment-id")).isNotEqualTo(id);
    assertThat(github.deployments()).hasSize(2);
  }

  @Test
  void deploysTheWorkflowCommitAndWaitsUntilLive() throws Exception {
    var old = render.seed(OLD_SHA, "live");
    var result = withGitHub(step()).input("environment-url", "https://api.shop.example").run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    var ours = render.deploys().getLast();
    assertThat(ours.commit()).isEqualTo(SHA);
    assertThat(result.output("deploy-id")).isEqualTo(ours.id);
    assertThat(result.output("status")).isEqualTo("live");
    assertThat(result.output("previous-deploy-id")).isEqualTo(old.id);
    assertThat(result.output("url")).isEqualTo("https://api.shop.example");
    assertThat(render.deploy(old.id).status()).isEqualTo("deactivated");
    var trigger = render.mutating().getFirst();
    assertThat(trigger.bodyText())
        .contains("\"commitId\":\"" + SHA + "\"")
        .contains("\"clearCache\":\"do_not_clear\"");

    var gh = github.deployment(Long.parseLong(result.output("github-deployment-id")));
    assertThat(gh.sha()).isEqualTo(SHA);
    assertThat(gh.environment()).isEqualTo("production");
    assertThat(gh.states()).containsExactly("in_progress", "success");
    assertThat(gh.last().environmentUrl()).isEqualTo("https://api.shop.example");
    assertThat(gh.last().logUrl()).isEqualTo("https://github.com/acme/shop/actions/runs/42");
    assertThat(result.summary()).contains("Backend deploy live").contains(ours.id).contains(old.id);
    assertThat(printed(result)).doesNotContain(RenderFake.TOKEN).doesNotContain(GitHubFake.TOKEN);
  }

  @Test
  void gitHubEnterpriseServerIsReachedThroughGithubApiUrl() throws Exception {
    try (var ghes = new GitHubFake("/api/v3")) {
      var result =
          step().env("GITHUB_API_URL", ghes.apiUrl()).input("github-token", GitHubFake.TOKEN).run();
      assertThat(result.exitCode()).isZero();
      assertThat(result.annotations("warning")).isEmpty();
      assertThat(ghes.deployments())
          .singleElement()
          .satisfies(d -> assertThat(d.states()).containsExactly("in_progress", "success"));
      assertThat(github.deployments()).isEmpty();
    }
  }

  @Test
  void withoutWaitingTheStepReportsTheTriggeredDeploy() throws Exception {
    var result = step().input("wait", "false").run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output("deploy-id")).isEqualTo(render.deploys().getLast().id);
    assertThat(result.output("status")).isEqualTo("created");
    assertThat(render.requests().stream().filter(r -> r.path().contains("/deploys/"))).isEmpty();
    assertThat(result.summary()).contains("not followed to the end");
  }

  @Test
  void aFailedBuildFailsTheStepWithTheStatusAndALinkToTheDeploy() throws Exception {
    var old = render.seed(OLD_SHA, "live");
    render.script("build_in_progress", "build_failed");
    var result = withGitHub(step()).run();

    assertThat(result.exitCode()).isEqualTo(1);
    String id = render.deploys().getLast().id;
    assertThat(result.output("deploy-id")).isEqualTo(id);
    assertThat(result.output("status")).isEqualTo("build_failed");
    assertThat(result.output("previous-deploy-id")).isEqualTo(old.id);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("ended build_failed")
        .contains("https://dashboard.render.com/web/" + RenderFake.SERVICE + "/deploys/" + id)
        .contains(old.id);
    assertThat(github.deployments().getLast().states()).containsExactly("in_progress", "failure");
    assertThat(result.summary()).contains("Backend deploy failed");
  }

  @Test
  void preDeployAndUpdateFailuresAndCancellationFailToo() throws Exception {
    for (String status : new String[] {"pre_deploy_failed", "update_failed", "canceled"}) {
      render.script("build_in_progress", status);
      var result =
          step()
              .input(
                  "commit",
                  status.equals("canceled")
                      ? "1111111"
                      : status.equals("update_failed") ? "2222222" : "3333333")
              .run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output("status")).isEqualTo(status);
    }
  }

  @Test
  void aDeploySupersededWhileWeWaitedCountsAsSucceeded() throws Exception {
    render.script("build_in_progress", "deactivated");
    var result = step().run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output("status")).isEqualTo("deactivated");
    assertThat(result.annotations("notice"))
        .singleElement()
        .asString()
        .contains("already replaced");
  }

  @Test
  void aDeployPastTheTimeoutIsCancelledWhenAsked() throws Exception {
    render.script("build_in_progress");
    var result = withGitHub(step()).input("timeout", "3m").input("cancel-on-timeout", "true").run();

    assertThat(result.exitCode()).isEqualTo(1);
    var ours = render.deploys().getLast();
    assertThat(ours.status()).isEqualTo("canceled");
    assertThat(result.output("status")).isEqualTo("canceled");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("did not finish within 3m")
        .contains("cancelled");
    assertThat(result.stdout()).contains("after 3m: cancelling it");
    assertThat(github.deployments().getLast().states()).containsExactly("in_progress", "failure");
    // Virtual time: the polls never overshoot the deadline.
    assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .isLessThanOrEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aRunStoppedWhileWaitingDoesNotLeaveTheGitHubDeploymentInProgress() throws Exception {
    render.script("build_in_progress");
    // The wait is interrupted (the job is being cancelled): the deploy's outcome is unknown.
    var result = withGitHub(step()).clock(clock.interruptedOnSleep()).run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("deploy-id")).isEqualTo(render.deploys().getLast().id);
    assertThat(github.deployment(Long.parseLong(result.output("github-deployment-id"))).states())
        .containsExactly("in_progress", "error");
  }

  @Test
  void aDeployPastTheTimeoutKeepsRunningByDefaultAndARetryFollowsIt() throws Exception {
    render.script("build_in_progress");
    var first = step().input("timeout", "1m").run();
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.output("status")).isEqualTo("build_in_progress");
    assertThat(first.annotations("error"))
        .singleElement()
        .asString()
        .contains("still build_in_progress after 1m");

    render.deploy(first.output("deploy-id")).willShow("live");
    var retry = step().run();
    assertThat(retry.exitCode()).isZero();
    assertThat(retry.output("deploy-id")).isEqualTo(first.output("deploy-id"));
    assertThat(render.mutating()).hasSize(1);
  }

  @Test
  void aRetriedStepNeverTriggersASecondDeploy() throws Exception {
    var first = step().run();
    var second = step().run();
    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).isZero();
    assertThat(second.output("deploy-id")).isEqualTo(first.output("deploy-id"));
    assertThat(render.mutating()).hasSize(1);
    assertThat(render.deploys()).hasSize(1);
    assertThat(second.stdout()).contains("following it instead of deploying again");
  }

  @Test
  void a202QueuedAnswerWithNoBodyIsResolvedByListingDeploys() throws Exception {
    render.seed(OLD_SHA, "live");
    render.seed(SHA, "build_failed");
    render.queueNextTrigger();
    var result = step().run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("deploy-id")).isEqualTo(render.deploys().getLast().id);
    assertThat(result.output("status")).isEqualTo("live");
    assertThat(result.stdout()).contains("HTTP 202");
  }

  @Test
  void aQueuedDeployThatNeverShowsUpIsLookedForAloudWithoutRepeatingItselfThenReported()
      throws Exception {
    render.seed(OLD_SHA, "live");
    render.queueNextTriggerUnlisted();
    // A virtual clock: the lines below are due by time, and real HTTP time under load would shift
    // the last poll past a 30 s mark and add a line.
    var result = step().clock(FakeClock.virtual()).run();
    assertThat(result.exitCode()).as(result.stdout()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("did not appear in the service's deploys within");
    // A poll every 5 s for a minute: the state at once, then the unchanged state counted after 30 s
    // with the time
    // left; the failure says the rest.
    assertThat(
            result.lines().stream().filter(l -> l.startsWith("Looking for the queued deploy of ")))
        .containsExactly(
            "Looking for the queued deploy of 0123456789ab in the service's deploys: not listed yet, 60s left",
            "Looking for the queued deploy of 0123456789ab in the service's deploys: not listed yet (unchanged, 6 checks), 30s left");
  }

  @Test
  void theDeployRateLimitIsWaitedOutUsingRatelimitReset() throws Exception {
    render.rateLimitTriggers(1);
    var result = step().run();
    assertThat(result.exitCode()).isZero();
    assertThat(render.deploys()).hasSize(1);
    assertThat(clock.sleeps())
        .anySatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(31)));
  }

  @Test
  void aBurstOfHtml503PagesWhilePollingIsRetried() throws Exception {
    render.script("build_in_progress", "build_in_progress", "live");
    render.failReads(3);
    var result = step().run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("status")).isEqualTo("live");
  }

  @Test
  void aTriggerThatFailsAfterRenderActedIsNotRepeatedAndARerunFollowsTheDeploy() throws Exception {
    render.failTriggersAfterActing(1);
    var first = step().run();
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.annotations("error"))
        .singleElement()
        .asString()
        .contains("HTTP 503")
        .contains("HTML error page");
    assertThat(render.mutating()).hasSize(1);

    var rerun = step().run();
    assertThat(rerun.exitCode()).as(rerun.stdout()).isZero();
    assertThat(render.mutating()).hasSize(1);
    assertThat(rerun.output("deploy-id")).isEqualTo(render.deploys().getLast().id);
  }

  @Test
  void anImageBackedServiceDeploysTheImageAndToleratesANullCommit() throws Exception {
    var result =
        step().input("image", "ghcr.io/acme/shop-api:v2").input("clear-cache", "true").run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    var trigger = render.mutating().getFirst();
    assertThat(trigger.bodyText())
        .contains("\"imageUrl\":\"ghcr.io/acme/shop-api:v2\"")
        .contains("\"clearCache\":\"clear\"")
        .doesNotContain("commitId");
    assertThat(result.summary()).contains("ghcr.io/acme/shop-api:v2");
  }

  @Test
  void dryRunPrintsThePlanAndMakesNoMutatingCall() throws Exception {
    var old = render.seed(OLD_SHA, "live");
    var result = withGitHub(step()).input("dry-run", "true").run();
    assertThat(result.exitCode()).isZero();
    assertThat(render.mutating()).isEmpty();
    assertThat(github.mutating()).isEmpty();
    assertThat(result.output("status")).isEqualTo("dry-run");
    assertThat(result.output("previous-deploy-id")).isEqualTo(old.id);
    assertThat(result.stdout())
        .contains(
            "POST "
                + render.apiUrl()
                + "/services/"
                + RenderFake.SERVICE
                + "/deploys {commitId="
                + SHA);
    assertThat(result.summary()).contains("dry run").contains("would trigger a new deploy");
  }

  @Test
  void aTokenWithoutDeploymentsPermissionWarnsAndStillDeploys() throws Exception {
    github.forbidDeployments();
    var result = withGitHub(step()).run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output("status")).isEqualTo("live");
    assertThat(result.annotations("warning"))
        .singleElement()
        .asString()
        .contains("deployments: write");
  }

  @Test
  void aGitHubRateLimitFarInTheFutureIsNotSleptThrough() throws Exception {
    github.rateLimitedUntil(clock.now().plus(Duration.ofHours(1)).getEpochSecond());
    var result = withGitHub(step()).run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.annotations("warning")).isNotEmpty();
    assertThat(clock.sleeps())
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)));
  }

  @Test
  void aRejectedApiKeyNamesTheTokenInput() throws Exception {
    var result = step().input("token", "rnd_wrong_key").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("HTTP 401")
        .contains("`token`");
    assertThat(printed(result)).doesNotContain("rnd_wrong_key");
  }

  @Test
  void anUnreachableApiIsAFailureThatNamesTheApiUrlInput() throws Exception {
    String closed;
    try (var gone = new LocalHttpServer((r, ex) -> {})) {
      closed = gone.baseUrl() + "/v1";
    }
    var result = step().input("api-url", closed).run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not reach Render at " + closed)
        .contains("`api-url`")
        .doesNotContain("Unexpected error");
  }

  @Test
  void missingInputsAreReportedTogether() throws Exception {
    var result =
        new StepHarness(DeployBackendStep.DEFINITION, tmp)
            .input("provider", "render")
            .input("timeout", "soon")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'token'")
        .contains("Input 'service-id'")
        .contains("Input 'timeout'");
  }

  @Test
  void aDeployHookTriggersOnceAndSaysItCannotWait() throws Exception {
    String key = "hookkey_s3cr3t_987";
    try (var hook =
        new LocalHttpServer(
            (r, ex) -> LocalHttpServer.json(ex, 200, "{\"deploy\":{\"id\":\"dep-hook1\"}}"))) {
      var result =
          new StepHarness(DeployBackendStep.DEFINITION, tmp)
              .input("provider", "hook")
              .input("hook-url", hook.baseUrl() + "/deploy/srv-x?key=" + key)
              .run();
      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(hook.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.method()).isEqualTo("POST"));
      assertThat(result.output("deploy-id")).isEqualTo("dep-hook1");
      assertThat(result.output("status")).isEqualTo("triggered");
      assertThat(result.summary()).contains("cannot report whether the deploy went live");
      assertThat(printed(result) + result.summary()).doesNotContain(key);
    }
  }

  @Test
  void aDryRunWhoseProviderDoesNotAnswerWarnsAndMarksTheStateUnknown() throws Exception {
    // A port that accepts connections and never answers: the dry run's look gives up after 5 s, not
    // a real run's retries.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      var result =
          step()
              .clock(dev.flo.actions.runtime.Clock.SYSTEM)
              .input("api-url", "http://127.0.0.1:" + silent.getLocalPort())
              .input("dry-run", "true")
              .run();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(result.output("status")).isEqualTo("dry-run");
      assertThat(result.output("previous-deploy-id")).isEmpty();
      assertThat(result.annotations("warning"))
          .singleElement()
          .asString()
          .contains("could not read the current deploys on Render")
          .contains("unknown");
      assertThat(result.summary()).contains("Unknown: Render did not answer");
    }
  }

  @Test
  void aDryRunWithARefusedKeyIsTheErrorWithItsFix() throws Exception {
    var result = step().input("token", "rnd_not_the_key").input("dry-run", "true").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("HTTP 401")
        .contains("check the `token` input");
    assertThat(render.mutating()).isEmpty();
  }
}
