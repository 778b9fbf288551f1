package dev.flo.actions.step.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.Steps;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.dbbackup.DbBackupStep;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.deployfrontend.DeployFrontendStep;
import dev.flo.actions.step.healthverify.HealthVerifyStep;
import dev.flo.actions.step.migrate.MigrateStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.step.slacknotify.SlackNotifyStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deploy's inputs are generated from the composed steps' definitions, never listed by hand. */
class DeployPhasesTest {
  private final StepDefinition deploy = Steps.DEPLOY;
  private final DeployPhases phases =
      DeployPhases.of(
          DbBackupStep.DEFINITION,
          MigrateStep.DEFINITION,
          DeployBackendStep.DEFINITION,
          DeployFrontendStep.DEFINITION,
          HealthVerifyStep.DEFINITION,
          RollbackStep.DEFINITION,
          SlackNotifyStep.DEFINITION);

  @Test
  void everyInputOfEveryPhaseIsOfferedWithItsPrefixAndNoDefault() {
    for (Phase p : phases.all()) {
      for (InputDef i : p.step().inputs()) {
        if (Phase.SHARED.contains(i.name()) || p.driven().contains(i.name())) {
          assertThat(deploy.input(p.prefix() + i.name()))
              .as("%s%s is not offered", p.prefix(), i.name())
              .isEmpty();
          continue;
        }
        InputDef offered =
            deploy
                .input(p.prefix() + i.name())
                .orElseThrow(() -> new AssertionError(p.prefix() + i.name() + " missing"));
        assertThat(offered.required()).isFalse();
        // The runner passes an action.yml default as if the user had set it: a phase must not look
        // configured.
        assertThat(offered.defaultValue()).isNull();
        assertThat(offered.secret()).isEqualTo(i.secret());
      }
    }
    assertThat(deploy.input("backend-verify-url")).isPresent();
    assertThat(deploy.input("frontend-verify-url")).isPresent();
    assertThat(deploy.input("slack-status")).isEmpty();
    assertThat(deploy.input("backup-database-url")).isEmpty();
    assertThat(deploy.input("database-url").orElseThrow().secret()).isTrue();
  }

  @Test
  void anInputAComposedStepGainsAppearsInDeployWithoutTouchingIt() {
    List<InputDef> inputs = new ArrayList<>(DeployBackendStep.DEFINITION.inputs());
    inputs.add(InputDef.optional("helm-release", "A new provider's input."));
    StepDefinition backend =
        new StepDefinition(
            "deploy-backend",
            "d",
            inputs,
            DeployBackendStep.DEFINITION.outputs(),
            DeployBackendStep.DEFINITION.factory());
    DeployPhases more =
        DeployPhases.of(
            DbBackupStep.DEFINITION,
            MigrateStep.DEFINITION,
            backend,
            DeployFrontendStep.DEFINITION,
            HealthVerifyStep.DEFINITION,
            RollbackStep.DEFINITION,
            SlackNotifyStep.DEFINITION);

    assertThat(more.inputs()).extracting(InputDef::name).contains("backend-helm-release");
    assertThat(more.owner("backend-helm-release")).isEqualTo(more.backend());
  }

  @Test
  void namesAreUniqueAndEachBelongsToOnePhase() {
    List<String> names = deploy.inputs().stream().map(InputDef::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    assertThat(phases.owner("backend-verify-url")).isEqualTo(phases.backendVerify());
    assertThat(phases.owner("backend-token")).isEqualTo(phases.backend());
    assertThat(phases.owner("github-token")).isNull();
  }

  @Test
  void theRollbackOfAHalfTakesTheHalfsValuesAndThePipelineSetsTheRest() {
    Phase backend = phases.rollbackOf(Half.BACKEND);
    assertThat(backend.driven())
        .contains("to", "deploy-id", "reason", "github-deployment-id")
        .doesNotContain("provider", "token", "service-id");
    Phase frontend = phases.rollbackOf(Half.FRONTEND);
    assertThat(frontend.driven()).contains("provider", "to").doesNotContain("project-id", "token");
    assertThat(
            PhaseRunner.deployNames(
                backend, "Input 'token' is wrong; check `service-id` and `to`."))
        .isEqualTo("Input 'backend-token' is wrong; check `backend-service-id` and `to`.");
  }

  @Test
  void aComposedStepThatRenamesAnInputDeploySetsStopsDeployFromBeingBuilt() {
    List<InputDef> renamed = new ArrayList<>();
    for (InputDef i : DbBackupStep.DEFINITION.inputs()) {
      renamed.add(
          i.name().equals("destination")
              ? new InputDef(
                  "target-uri", i.description(), i.defaultValue(), i.required(), i.secret())
              : i);
    }
    StepDefinition backup =
        new StepDefinition(
            "db-backup",
            "b",
            renamed,
            DbBackupStep.DEFINITION.outputs(),
            DbBackupStep.DEFINITION.factory());
    DeployPhases phases =
        DeployPhases.of(
            backup,
            MigrateStep.DEFINITION,
            DeployBackendStep.DEFINITION,
            DeployFrontendStep.DEFINITION,
            HealthVerifyStep.DEFINITION,
            RollbackStep.DEFINITION,
            SlackNotifyStep.DEFINITION);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeployStep.definition(phases))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("db-backup declares no input 'destination'");
  }
}
