package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a bookkeeping table says about the files: the pending migrations, and the problems that stop
 * the run.
 */
public record LedgerReview(List<Migration> pending, List<Blocker> blockers) {
  public LedgerReview {
    pending = List.copyOf(pending);
    blockers = List.copyOf(blockers);
  }

  /**
   * A reason not to run anything, with the exact way out.
   *
   * @param migration the file it concerns, or null (an applied migration with no file)
   */
  public record Blocker(@Nullable Migration migration, String problem, String fix) {}
}
