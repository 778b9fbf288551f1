package dev.flo.actions;

import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.dbbackup.DbBackupStep;
import dev.flo.actions.step.dbbackup.DbRestoreStep;
import dev.flo.actions.step.deploy.DeployPhases;
import dev.flo.actions.step.deploy.DeployStep;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.deployfrontend.DeployFrontendStep;
import dev.flo.actions.step.healthverify.HealthVerifyStep;
import dev.flo.actions.step.lintgate.LintGateStep;
import dev.flo.actions.step.migrate.MigrateStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.step.slacknotify.SlackNotifyStep;
import java.util.List;
import java.util.Optional;

/** Every step the jar and the image can run, in pipeline order. */
public final class Steps {
  private Steps() {}

  /** The whole pipeline as one step, over the steps below. */
  public static final StepDefinition DEPLOY =
      DeployStep.definition(
          DeployPhases.of(
              DbBackupStep.DEFINITION,
              MigrateStep.DEFINITION,
              DeployBackendStep.DEFINITION,
              DeployFrontendStep.DEFINITION,
              HealthVerifyStep.DEFINITION,
              RollbackStep.DEFINITION,
              SlackNotifyStep.DEFINITION));

  /**
   * Steps whose action.yml sits in a folder at the repository root ({@code uses:
   * org/flo-actions/deploy@v1}).
   */
  public static final List<StepDefinition> TOP_LEVEL = List.of(DEPLOY);

  public static final List<StepDefinition> ALL =
      List.of(
          DEPLOY,
          LintGateStep.DEFINITION,
          MigrateStep.DEFINITION,
          DbBackupStep.DEFINITION,
          DbRestoreStep.DEFINITION,
          DeployFrontendStep.DEFINITION,
          DeployBackendStep.DEFINITION,
          HealthVerifyStep.DEFINITION,
          RollbackStep.DEFINITION,
          SlackNotifyStep.DEFINITION);

  /**
   * Each step's definition by name, built only when asked, so that running one step builds one
   * definition: building all of them ({@link #ALL}) took 22-40 ms of every cached run's start
   * (bench/README.md). The names are the definitions' own; {@code StepsTest} checks that the two
   * agree. A nested class, so that using it does not initialise {@link Steps}.
   */
  public static final class ByName {
    private ByName() {}

    /** The step called {@code name}, or empty for a name that is not a step's. */
    public static Optional<StepDefinition> find(String name) {
      // A switch, not a map of lambdas: nothing to spin at start-up.
      return Optional.ofNullable(
          switch (name) {
            case "deploy" -> DEPLOY;
            case "lint-gate" -> LintGateStep.DEFINITION;
            case "migrate" -> MigrateStep.DEFINITION;
            case "db-backup" -> DbBackupStep.DEFINITION;
            case "db-restore" -> DbRestoreStep.DEFINITION;
            case "deploy-frontend" -> DeployFrontendStep.DEFINITION;
            case "deploy-backend" -> DeployBackendStep.DEFINITION;
            case "health-verify" -> HealthVerifyStep.DEFINITION;
            case "rollback" -> RollbackStep.DEFINITION;
            case "slack-notify" -> SlackNotifyStep.DEFINITION;
            default -> null;
          });
    }
  }
}
