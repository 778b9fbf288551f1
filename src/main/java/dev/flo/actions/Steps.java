package dev.flo.actions;

import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.lintgate.LintGateStep;
import dev.flo.actions.step.migrate.MigrateStep;
import dev.flo.actions.step.dbbackup.DbBackupStep;
import dev.flo.actions.step.dbbackup.DbRestoreStep;
import dev.flo.actions.step.deployfrontend.DeployFrontendStep;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.healthverify.HealthVerifyStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.step.slacknotify.SlackNotifyStep;
import java.util.List;

/** Every step the jar and the image can run, in pipeline order. */
public final class Steps {
  private Steps() {}

  public static final List<StepDefinition> ALL =
      List.of(
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
