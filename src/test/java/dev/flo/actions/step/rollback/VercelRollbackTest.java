package dev.flo.actions.step.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VercelRollbackTest {
  static final String GOOD = "1111111111111111111111111111111111111111";
  static final String BAD = "2222222222222222222222222222222222222222";

  @TempDir Path tmp;
  final FakeClock clock = new FakeClock();
  final VercelFake vercel = new VercelFake();
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  VercelRollbackTest() throws Exception {}

  @AfterEach
  void stop() {
    vercel.close();
  }

  StepHarness rollback() {
    return new StepHarness(RollbackStep.DEFINITION, tmp)
        .clock(clock)
        .env("GITHUB_API_URL", github.apiUrl())
        .input("provider", "vercel")
        .input("token", VercelFake.TOKEN)
        .input("project-id", VercelFake.PROJECT)
        .input("api-url", vercel.baseUrl())
        .input("github-token", GitHubFake.TOKEN);
  }

  @Test
  void aDeploymentWithoutAnIdIsTheServersErrorNotACrash() throws Exception {
    try (var wrong =
        new LocalHttpServer(
            (r, x) -> {
              if (r.path().startsWith("/v9/projects/")) {
                LocalHttpServer.json(x, 200, "{\"id\":\"prj_shop\"}");
              } else if (r.path().equals("/v7/deployments")) {
                LocalHttpServer.json(
                    x,
                    200,
                    "{\"deployments\":[{\"url\":\"shop-x.vercel.app\",\"readyState\":\"READY\","
                        + "\"target\":\"production\",\"created\":1}]}");
              } else {
                LocalHttpServer.json(x, 404, "{\"error\":{\"code\":\"not_found\"}}");
              }
            })) {
      var result = rollback().input("api-url", wrong.baseUrl()).run();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains("no id")
          .contains("`api-url`")
          .doesNotContain("Unexpected");
      assertThat(wrong.requests()).noneMatch(r -> r.method().equals("POST"));
      assertThat(result.output("rolled-back-to")).isEmpty();
    }
  }

  @Test
  void previousSkipsAFailedBuildRestoresTheLastReadyOneWaitsForItAndMarksGitHub() throws Exception {
    vercel.seedProduction("dpl_good", GOOD);
    vercel.seedFailedProduction("dpl_broken");
    vercel.seedProduction("dpl_bad", BAD);
    vercel.rollbackLag(2);
    var goodGh = github.seedDeployment(GOOD, "production");
    var badGh = github.seedDeployment(BAD, "production");

    var result =
        rollback()
            .input("deploy-id", "dpl_bad")
            .input("github-deployment-id", String.valueOf(badGh.id()))
            .input("reason", "smoke test failed")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(vercel.production()).isEqualTo("dpl_good");
    assertThat(vercel.mutating())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path())
                  .isEqualTo("/v1/projects/" + VercelFake.PROJECT + "/rollback/dpl_good");
              assertThat(r.query()).contains("description=smoke%20test%20failed");
            });
    // The step waited for the project to show the rollback, not just for the 201.
    assertThat(vercel.requests().stream().filter(r -> r.path().startsWith("/v9/projects/")).count())
        .isGreaterThanOrEqualTo(3);
    assertThat(result.output("rolled-back-to")).isEqualTo("dpl_good");
    assertThat(result.output("rollback-deploy-id")).isEmpty();
    assertThat(github.deployment(badGh.id()).states()).containsExactly("failure");
    assertThat(github.deployment(goodGh.id()).states()).containsExactly("success");
    assertThat(result.summary())
        .contains("Rolled back")
        .contains("dpl_bad")
        .contains("dpl_good")
        .contains(VercelFake.PROJECT);
  }

  @Test
  void aSecondRunChangesNothingAndSetsTheSameOutputs() throws Exception {
    vercel.seedProduction("dpl_good");
    vercel.seedProduction("dpl_bad");
    var first = rollback().input("deploy-id", "dpl_bad").run();
    assertThat(first.exitCode()).as(first.stdout()).isZero();
    int calls = vercel.mutating().size();

    var again = rollback().input("deploy-id", "dpl_bad").run();
    var withoutDeployId = rollback().run();

    assertThat(again.exitCode()).as(again.stdout()).isZero();
    assertThat(withoutDeployId.exitCode()).as(withoutDeployId.stdout()).isZero();
    assertThat(vercel.mutating()).hasSize(calls);
    assertThat(vercel.production()).isEqualTo("dpl_good");
    assertThat(again.output("rolled-back-to")).isEqualTo(first.output("rolled-back-to"));
    assertThat(withoutDeployId.output("rolled-back-to")).isEqualTo("dpl_good");
    assertThat(again.summary()).contains("nothing to do");
  }

  @Test
  void anExplicitTargetMustBeARollbackCandidate() throws Exception {
    vercel.seedProduction("dpl_good");
    vercel.seedFailedProduction("dpl_broken");
    vercel.seedProduction("dpl_bad");

    var result = rollback().input("to", "dpl_broken").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("dpl_broken")
        .contains("not a rollback candidate")
        .contains("`to:`");
    assertThat(vercel.mutating()).isEmpty();
    assertThat(vercel.production()).isEqualTo("dpl_bad");
  }

  @Test
  void doesNotReplaceANewerDeploymentSomeoneElseMade() throws Exception {
    vercel.seedProduction("dpl_good");
    vercel.seedProduction("dpl_bad");
    vercel.seedProduction("dpl_newer");

    var result = rollback().input("deploy-id", "dpl_bad").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("serves dpl_newer, not dpl_bad");
    assertThat(vercel.mutating()).isEmpty();
  }

  @Test
  void dryRunAndMissingProjectId() throws Exception {
    vercel.seedProduction("dpl_good");
    vercel.seedProduction("dpl_bad");

    var dry = rollback().input("dry-run", "true").run();
    var missing =
        new StepHarness(RollbackStep.DEFINITION, tmp)
            .input("provider", "vercel")
            .input("token", VercelFake.TOKEN)
            .run();

    assertThat(dry.exitCode()).as(dry.stdout()).isZero();
    assertThat(dry.stdout()).contains("/rollback/dpl_good");
    assertThat(vercel.mutating()).isEmpty();
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout() + missing.annotations("error")).contains("project-id");
  }
}
