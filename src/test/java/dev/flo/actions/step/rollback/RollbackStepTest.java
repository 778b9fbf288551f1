package dev.flo.actions.step.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RollbackStepTest {
  static final String GOOD = "1111111111111111111111111111111111111111";
  static final String BAD = "2222222222222222222222222222222222222222";

  @TempDir Path tmp;
  final FakeClock clock = new FakeClock();
  @RegisterExtension final RenderFake render = RenderFake.start(clock);
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  StepHarness rollback() {
    return new StepHarness(RollbackStep.DEFINITION, tmp)
        .clock(clock)
        .env("GITHUB_API_URL", github.apiUrl())
        .input("provider", "render")
        .input("token", RenderFake.TOKEN)
        .input("service-id", RenderFake.SERVICE)
        .input("api-url", render.apiUrl())
        .input("github-token", GitHubFake.TOKEN);
  }

  @Test
  void restoresTheLastGoodDeployAndMarksGitHubDeployments() throws Exception {
    var good = render.seed(GOOD, "deactivated");
    var bad = render.seed(BAD, "live");
    var goodGh = github.seedDeployment(GOOD, "production");
    var badGh = github.seedDeployment(BAD, "production");

    var result =
        rollback()
            .input("github-deployment-id", String.valueOf(badGh.id()))
            .input("reason", "health check failed")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    var restore = render.deploys().getLast();
    assertThat(restore.trigger()).isEqualTo("rollback");
    assertThat(restore.commit()).isEqualTo(GOOD);
    assertThat(restore.status()).isEqualTo("live");
    assertThat(render.deploy(bad.id).status()).isEqualTo("deactivated");
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(result.output("rollback-deploy-id")).isEqualTo(restore.id);
    assertThat(render.mutating())
        .singleElement()
        .satisfies(r -> assertThat(r.bodyText()).isEqualTo("{\"deployId\":\"" + good.id + "\"}"));

    assertThat(github.deployment(badGh.id()).states()).containsExactly("failure");
    assertThat(github.deployment(badGh.id()).last().description())
        .contains(good.id)
        .contains("health check failed");
    assertThat(github.deployment(goodGh.id()).states()).containsExactly("success");
    assertThat(github.deployment(goodGh.id()).last().environmentUrl())
        .isEqualTo("https://shop-api.onrender.com");
    assertThat(result.annotations("warning"))
        .singleElement()
        .asString()
        .contains("autodeploy is on");
    assertThat(result.summary())
        .contains("Rolled back")
        .contains(bad.id)
        .contains(good.id)
        .contains("health check failed");
  }

  @Test
  void withoutARepositoryInTheContextGitHubIsLeftAloneAndTheSummarySaysSo() throws Exception {
    var good = render.seed(GOOD, "deactivated");
    render.seed(BAD, "live");
    var badGh = github.seedDeployment(BAD, "production");

    var result =
        rollback()
            .env("GITHUB_REPOSITORY", "")
            .input("github-deployment-id", String.valueOf(badGh.id()))
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    // Not a POST to /repos//...: no repository, no GitHub call at all.
    assertThat(github.requests()).isEmpty();
    assertThat(github.deployment(badGh.id()).states()).isEmpty();
    assertThat(result.annotations("warning"))
        .noneSatisfy(w -> assertThat(w).asString().contains("GitHub deployment not updated"));
    assertThat(result.summary()).contains("No repository in the GitHub context");
  }

  @Test
  void rollingBackTwiceLeavesTheSameDeployLive() throws Exception {
    var good = render.seed(GOOD, "deactivated");
    render.seed(BAD, "live");
    var first = rollback().run();
    var second = rollback().run();

    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).as(second.stdout()).isZero();
    assertThat(render.mutating()).hasSize(1);
    assertThat(second.output("rolled-back-to"))
        .isEqualTo(good.id)
        .isEqualTo(first.output("rolled-back-to"));
    assertThat(second.output("rollback-deploy-id")).isEqualTo(first.output("rollback-deploy-id"));
    assertThat(render.deploys().stream().filter(d -> d.status().equals("live")).toList())
        .singleElement()
        .satisfies(d -> assertThat(d.commit()).isEqualTo(GOOD));
    assertThat(second.summary()).contains("nothing to do");
  }

  @Test
  void neverRestoresADeployThatFailed() throws Exception {
    var good = render.seed(GOOD, "deactivated");
    var broken = render.seed("3333333333333333333333333333333333333333", "build_failed");
    render.seed(BAD, "live");

    var explicit = rollback().input("to", broken.id).run();
    assertThat(explicit.exitCode()).isEqualTo(1);
    assertThat(explicit.annotations("error"))
        .singleElement()
        .asString()
        .contains("never went live")
        .contains("build_failed");
    assertThat(render.mutating()).isEmpty();

    var previous = rollback().run();
    assertThat(previous.exitCode()).isZero();
    assertThat(previous.output("rolled-back-to")).isEqualTo(good.id);
  }

  @Test
  void aDeployThatNeverWentLiveNeedsNoRollback() throws Exception {
    var good = render.seed(GOOD, "live");
    var failed = render.seed(BAD, "build_failed");
    var result = rollback().input("deploy-id", failed.id).run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(result.output("rollback-deploy-id")).isEmpty();
    assertThat(render.mutating()).isEmpty();
    assertThat(result.stdout()).contains("already live");
  }

  @Test
  void doesNotReplaceANewerDeploySomeoneElseMade() throws Exception {
    render.seed(GOOD, "deactivated");
    var ours = render.seed(BAD, "deactivated");
    var newer = render.seed("4444444444444444444444444444444444444444", "live");
    var result = rollback().input("deploy-id", ours.id).run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains(newer.id)
        .contains("did not make");
    assertThat(render.mutating()).isEmpty();
  }

  @Test
  void dryRunShowsThePlanAndChangesNothing() throws Exception {
    var good = render.seed(GOOD, "deactivated");
    render.seed(BAD, "live");
    var badGh = github.seedDeployment(BAD, "production");
    var result =
        rollback()
            .input("dry-run", "true")
            .input("github-deployment-id", String.valueOf(badGh.id()))
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(render.mutating()).isEmpty();
    assertThat(github.mutating()).isEmpty();
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(result.stdout())
        .contains(
            "POST "
                + render.apiUrl()
                + "/services/"
                + RenderFake.SERVICE
                + "/rollback {deployId="
                + good.id
                + "}");
    assertThat(result.summary()).contains("dry run").contains("status failure");
  }

  @Test
  void noAutodeployWarningWhenAutodeployIsOff() throws Exception {
    render.autoDeploy(false);
    render.seed(GOOD, "deactivated");
    render.seed(BAD, "live");
    var result = rollback().run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.annotations("warning")).isEmpty();
  }

  @Test
  void aRollbackDeployThatFailsFailsTheStepWithALink() throws Exception {
    render.seed(GOOD, "deactivated");
    var bad = render.seed(BAD, "live");
    render.rollbackScript("update_in_progress", "update_failed");
    var result = rollback().run();
    assertThat(result.exitCode()).isEqualTo(1);
    String id = render.deploys().getLast().id;
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Rollback deploy " + id)
        .contains("update_failed")
        .contains(bad.id + " may still be live")
        .contains("https://dashboard.render.com/web/" + RenderFake.SERVICE + "/deploys/" + id);
    assertThat(result.summary()).contains("Rollback failed");
  }

  @Test
  void anUnknownDeployIdNamesTheInput() throws Exception {
    render.seed(GOOD, "live");
    var result = rollback().input("to", "dep-nope").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'to' is 'dep-nope'");
  }

  /**
   * The pipeline of examples/deploy.yml: deploy-backend goes live, health fails, rollback restores
   * the previous deploy.
   */
  @Test
  void deployThenRollbackWithTheDeployStepsOutputs() throws Exception {
    var good = render.seed(GOOD, "live");
    var goodGh = github.seedDeployment(GOOD, "production");
    var deploy =
        new StepHarness(DeployBackendStep.DEFINITION, tmp)
            .clock(clock)
            .env("GITHUB_API_URL", github.apiUrl())
            .env("GITHUB_SHA", BAD)
            .input("provider", "render")
            .input("token", RenderFake.TOKEN)
            .input("service-id", RenderFake.SERVICE)
            .input("api-url", render.apiUrl())
            .input("github-token", GitHubFake.TOKEN)
            .run();
    assertThat(deploy.exitCode()).isZero();
    assertThat(deploy.output("previous-deploy-id")).isEqualTo(good.id);

    var result =
        rollback()
            .input("to", deploy.output("previous-deploy-id"))
            .input("deploy-id", deploy.output("deploy-id"))
            .input("github-deployment-id", deploy.output("github-deployment-id"))
            .run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(render.deploy(result.output("rollback-deploy-id")).commit()).isEqualTo(GOOD);
    assertThat(github.deployment(Long.parseLong(deploy.output("github-deployment-id"))).states())
        .containsExactly("in_progress", "success", "failure");
    assertThat(github.deployment(goodGh.id()).states()).containsExactly("success");
  }

  @Test
  void aDryRunWhoseProviderDoesNotAnswerWarnsAndMarksTheTargetUnknown() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      var result =
          rollback()
              .clock(dev.flo.actions.runtime.Clock.SYSTEM)
              .input("api-url", "http://127.0.0.1:" + silent.getLocalPort())
              .input("dry-run", "true")
              .run();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(java.time.Duration.ofSeconds(10));
      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(result.output("rolled-back-to")).isEmpty();
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
    var result = rollback().input("token", "rnd_not_the_key").input("dry-run", "true").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("HTTP 401")
        .contains("check the `token` input");
    assertThat(render.mutating()).isEmpty();
  }
}
