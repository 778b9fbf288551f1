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
}
