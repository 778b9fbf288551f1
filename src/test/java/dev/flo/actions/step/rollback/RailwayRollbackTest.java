package dev.flo.actions.step.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.railway.RailwayFake;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RailwayRollbackTest {
  static final String GOOD = "1111111111111111111111111111111111111111";
  static final String BAD = "2222222222222222222222222222222222222222";

  @TempDir Path tmp;
  final FakeClock clock = new FakeClock();
  @RegisterExtension final RailwayFake railway = RailwayFake.start(clock);

  StepHarness rollback() {
    return new StepHarness(RollbackStep.DEFINITION, tmp)
        .clock(clock)
        .input("provider", "railway")
        .input("token", RailwayFake.PROJECT_TOKEN)
        .input("service-id", RailwayFake.SERVICE)
        .input("environment-id", RailwayFake.ENVIRONMENT)
        .input("api-url", railway.apiUrl());
  }

  @Test
  void restoresTheLastDeploymentThatRanAndASecondRunChangesNothing() throws Exception {
    var good = railway.seed(GOOD, "REMOVED");
    railway.seed("3333333333333333333333333333333333333333", "FAILED");
    var bad = railway.seed(BAD, "SUCCESS");

    var first = rollback().run();
    assertThat(first.exitCode()).as(first.stdout()).isZero();
    var restore = railway.deployments().getLast();
    assertThat(restore.commit).isEqualTo(GOOD);
    assertThat(restore.status()).isEqualTo("SUCCESS");
    assertThat(first.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(first.output("rollback-deploy-id")).isEqualTo(restore.id);
    assertThat(
            railway.deployments().stream()
                .filter(d -> d.id.equals(bad.id))
                .findFirst()
                .orElseThrow()
                .status())
        .isEqualTo("REMOVED");

    var second = rollback().run();
    assertThat(second.exitCode()).as(second.stdout()).isZero();
    assertThat(railway.mutations()).containsExactly("deploymentRollback");
    assertThat(second.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(second.output("rollback-deploy-id")).isEqualTo(restore.id);

    var withId = rollback().input("deploy-id", bad.id).run();
    assertThat(withId.exitCode()).as(withId.stdout()).isZero();
    assertThat(railway.mutations()).containsExactly("deploymentRollback");
  }

  @Test
  void theLastPollLandsOnTheDeadline() throws Exception {
    railway.seed(GOOD, "REMOVED");
    railway.seed(BAD, "SUCCESS");
    // The rollback's deployment is DEPLOYING at the second poll (5 s) and SUCCESS at the next: the
    // wait is cut to
    // the 8 s deadline, so that poll still happens.
    var result = rollback().input("timeout", "8s").run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("rollback-deploy-id")).isEqualTo(railway.deployments().getLast().id);
    assertThat(clock.sleeps()).hasSize(2).first().isEqualTo(Duration.ofSeconds(5));
    // Cut to what was left of the 8 s (the fake clock also counts the real time the calls took).
    assertThat(clock.sleeps().get(1))
        .isLessThanOrEqualTo(Duration.ofSeconds(3))
        .isGreaterThan(Duration.ofSeconds(2));
  }

  @Test
  void refusesADeploymentThatNeverRan() throws Exception {
    railway.seed(GOOD, "REMOVED");
    var failed = railway.seed("3333333333333333333333333333333333333333", "FAILED");
    railway.seed(BAD, "SUCCESS");
    var result = rollback().input("to", failed.id).run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("cannot roll back to deployment " + failed.id);
    assertThat(railway.mutations()).isEmpty();
  }

  @Test
  void dryRunSendsNoMutation() throws Exception {
    var good = railway.seed(GOOD, "REMOVED");
    railway.seed(BAD, "SUCCESS");
    var result = rollback().input("dry-run", "true").run();
    assertThat(result.exitCode()).isZero();
    assertThat(railway.mutations()).isEmpty();
    assertThat(result.output("rolled-back-to")).isEqualTo(good.id);
    assertThat(result.stdout()).contains("deploymentRollback(id=" + good.id + ")");
  }
}
