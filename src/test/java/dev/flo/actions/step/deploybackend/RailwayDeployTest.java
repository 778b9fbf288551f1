package dev.flo.actions.step.deploybackend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.railway.RailwayFake;
import dev.flo.actions.provider.railway.RailwaySchema;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RailwayDeployTest {
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path tmp;
  final FakeClock clock = new FakeClock();
  @RegisterExtension final RailwayFake railway = RailwayFake.start(clock);

  StepHarness step(String token) {
    return new StepHarness(DeployBackendStep.DEFINITION, tmp)
        .clock(clock)
        .input("provider", "railway")
        .input("token", token)
        .input("service-id", RailwayFake.SERVICE)
        .input("environment-id", RailwayFake.ENVIRONMENT)
        .input("api-url", railway.apiUrl());
  }

  @Test
  void everyDocumentWeSendIsValidAgainstTheSchema() {
    for (String doc :
        new String[] {
          RailwayClient.DEPLOY,
          RailwayClient.DEPLOYMENT,
          RailwayClient.DEPLOYMENTS,
          RailwayClient.CANCEL,
          RailwayClient.ROLLBACK
        }) {
      assertThat(RailwaySchema.violations(doc)).as(doc).isEmpty();
    }
    assertThat(RailwaySchema.violations("query { deployment(id: \"x\") { id state } }"))
        .isNotEmpty();
  }

  @Test
  void deploysWithAProjectTokenAndWaitsForSuccess() throws Exception {
    var old = railway.seed("fedcba9876543210fedcba9876543210fedcba98", "SUCCESS");
    var result = step(RailwayFake.PROJECT_TOKEN).run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    var ours = railway.deployments().getLast();
    assertThat(ours.commit).isEqualTo(SHA);
    assertThat(result.output("deploy-id")).isEqualTo(ours.id);
    assertThat(result.output("status")).isEqualTo("SUCCESS");
    assertThat(result.output("previous-deploy-id")).isEqualTo(old.id);
    assertThat(result.output("url")).isEqualTo("https://shop-api-production.up.railway.app");
    assertThat(railway.requests())
        .allSatisfy(
            r -> assertThat(r.header("Project-Access-Token")).isEqualTo(RailwayFake.PROJECT_TOKEN));
    assertThat(result.summary()).contains("Backend deploy live").contains("Railway");
  }

  @Test
  void anAccountTokenIsSentAsABearerAfterTheProjectHeaderIsRefused() throws Exception {
    var result = step(RailwayFake.ACCOUNT_TOKEN).run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(railway.requests().getLast().header("Authorization"))
        .isEqualTo("Bearer " + RailwayFake.ACCOUNT_TOKEN);
    assertThat(railway.mutations()).containsExactly("serviceInstanceDeployV2");
  }

  @Test
  void failedAndCrashedDeploymentsFailTheStep() throws Exception {
    for (String end : new String[] {"FAILED", "CRASHED"}) {
      railway.script("BUILDING", end);
      var result =
          step(RailwayFake.PROJECT_TOKEN)
              .input("commit", end.equals("FAILED") ? "1111111" : "2222222")
              .run();
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output("status")).isEqualTo(end);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains("Railway deployment")
          .contains("ended " + end);
    }
  }

  @Test
  void aGraphQLErrorInsideHttp200FailsWithItsMessage() throws Exception {
    var result = step("rw_wrong_token").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Not Authorized")
        .contains("`token`");
    assertThat(railway.mutations()).isEmpty();
  }

  @Test
  void theEdgesHtml403IsWaitedOutBoundedly() throws Exception {
    railway.refuseAtTheEdge(2);
    var result = step(RailwayFake.PROJECT_TOKEN).run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(clock.sleeps()).contains(Duration.ofSeconds(10), Duration.ofSeconds(30));

    railway.refuseAtTheEdge(10);
    var refused = step(RailwayFake.PROJECT_TOKEN).input("commit", "3333333").run();
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.annotations("error")).singleElement().asString().contains("HTML 403");
  }

  @Test
  void a429IsWaitedOutWithRetryAfter() throws Exception {
    railway.rateLimit(2);
    var result = step(RailwayFake.PROJECT_TOKEN).run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(railway.mutations()).containsExactly("serviceInstanceDeployV2");
    assertThat(clock.sleeps().stream().filter(d -> d.equals(Duration.ofSeconds(12)))).hasSize(2);
  }

  @Test
  void aRetryFollowsTheRunningDeploymentAndATimeoutCancelsWhenAsked() throws Exception {
    railway.script("BUILDING");
    var first = step(RailwayFake.PROJECT_TOKEN).input("timeout", "2m").run();
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.output("status")).isEqualTo("BUILDING");

    var retry =
        step(RailwayFake.PROJECT_TOKEN)
            .input("timeout", "2m")
            .input("cancel-on-timeout", "true")
            .run();
    assertThat(retry.exitCode()).isEqualTo(1);
    assertThat(retry.output("deploy-id")).isEqualTo(first.output("deploy-id"));
    assertThat(railway.mutations()).containsExactly("serviceInstanceDeployV2", "deploymentCancel");
    assertThat(retry.annotations("error")).singleElement().asString().contains("cancelled");
    assertThat(retry.stdout()).contains("after 2m: cancelling it");
  }

  @Test
  void aDeploymentWithoutStatusIsStillPendingUntilTheDeadline() throws Exception {
    railway.script("", "", "SUCCESS");
    var live = step(RailwayFake.PROJECT_TOKEN).run();
    assertThat(live.exitCode()).as(live.stdout()).isZero();
    assertThat(live.output("status")).isEqualTo("SUCCESS");
    assertThat(live.stdout()).contains("no status yet");

    railway.script("");
    var pending =
        step(RailwayFake.PROJECT_TOKEN).input("commit", "4444444").input("timeout", "2m").run();
    assertThat(pending.exitCode()).isEqualTo(1);
    assertThat(pending.annotations("error"))
        .singleElement()
        .asString()
        .contains("still UNKNOWN after 2m");
    assertThat(clock.sleeps().size()).isGreaterThan(3);
  }

  @Test
  void aMissingDeploymentFailsClearly() throws Exception {
    railway.loseDeployments();
    var result = step(RailwayFake.PROJECT_TOKEN).run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Railway returned no deployment")
        .contains("`service-id`");
  }

  @Test
  void dryRunSendsNoMutation() throws Exception {
    railway.seed("fedcba9876543210fedcba9876543210fedcba98", "SUCCESS");
    var result = step(RailwayFake.PROJECT_TOKEN).input("dry-run", "true").run();
    assertThat(result.exitCode()).isZero();
    assertThat(railway.mutations()).isEmpty();
    assertThat(result.stdout())
        .contains("serviceInstanceDeployV2(serviceId=" + RailwayFake.SERVICE);
  }

  @Test
  void railwayNeedsAnEnvironmentId() throws Exception {
    var result =
        new StepHarness(DeployBackendStep.DEFINITION, tmp)
            .input("provider", "railway")
            .input("token", "x")
            .input("service-id", "s")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'environment-id' is required");
  }
}
