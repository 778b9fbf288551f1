package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.compose.HostReport;
import dev.flo.actions.provider.compose.HostReport.Outcome;
import dev.flo.actions.provider.compose.ReleaseChoice;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.step.compose.ComposeRun;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code provider: compose}: every host back to {@code to} (or its previous release), images on the
 * host used without a pull. A host that already serves the target healthy is left alone, so a
 * re-run changes nothing. Unlike a deploy, a failed host does not stop the others: restore as much
 * as can be restored.
 */
final class ComposeRollback {
  private final ComposeRun run;
  private final Outputs outputs;

  ComposeRollback(ComposeRun run, Outputs outputs) {
    this.run = run;
    this.outputs = outputs;
  }

  void rollBack(RollbackInputs in) throws StepFailure, InterruptedException {
    RollbackRequest request = in.request();
    List<HostReport> reports =
        run.run(
            Objects.requireNonNull(in.compose(), "compose inputs are read for provider: compose"),
            request.timeout(),
            ReleaseChoice.rollback(request.to(), request.failedDeployId()),
            in.dryRun(),
            false,
            "Rollback" + (request.toPrevious() ? "" : " to " + request.to()));
    @Nullable String restored =
        reports.stream()
            .filter(r -> !r.failed())
            .map(HostReport::after)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    outputs.set(RollbackStep.ROLLED_BACK_TO, restored);
    outputs.set(
        RollbackStep.ROLLBACK_DEPLOY_ID,
        reports.stream().anyMatch(r -> r.outcome() == Outcome.CHANGED) ? restored : null);
    StepFailure failed = ComposeRun.failure(reports, "The rollback");
    if (failed != null) {
      throw failed;
    }
  }
}
