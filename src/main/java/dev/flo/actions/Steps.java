package dev.flo.actions;

import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.dbbackup.DbBackupStep;
import dev.flo.actions.step.dbbackup.DbRestoreStep;
import java.util.List;

/** Every step the jar and the image can run, in pipeline order. */
public final class Steps {
  private Steps() {}

  public static final List<StepDefinition> ALL = List.of(DbBackupStep.DEFINITION, DbRestoreStep.DEFINITION);
}
