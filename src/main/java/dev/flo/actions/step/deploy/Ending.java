package dev.flo.actions.step.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * How the run ended, in the words of the {@code outcome} output, with the reason and what serves
 * now.
 *
 * @param outcome {@code deployed}, {@code rolled-back}, {@code failed} (nothing went live) or
 *     {@code rollback-failed}
 * @param serving what serves now, one line per half, and for a failed rollback what to do
 */
record Ending(
    String outcome, String reason, List<Half> rolledBack, List<String> serving, boolean cancelled) {
  static final String DEPLOYED = "deployed";
  static final String ROLLED_BACK = "rolled-back"; // a value, not a name
  static final String FAILED = "failed";
  static final String ROLLBACK_FAILED = "rollback-failed";

  boolean ok() {
    return outcome.equals(DEPLOYED);
  }

  /**
   * A failure before any half deployed (a backup, a migration, a cancel): nothing changed where
   * users look.
   */
  static Ending beforeRelease(String reason, boolean cancelled) {
    return new Ending(
        FAILED,
        reason,
        List.of(),
        List.of("Nothing was deployed: what served before still serves."),
        cancelled);
  }

  /** Reads the halves after a release and, when it failed, after the rollback. */
  static Ending of(Release release, boolean shipped) {
    List<Half> rolledBack = new ArrayList<>();
    List<String> serving = new ArrayList<>();
    boolean live = false;
    boolean rollbackFailed = false;
    String reason = null;
    for (Release.HalfRun run : release.halves().values()) {
      PhaseResult failed = run.failed();
      if (reason == null && failed != null) {
        reason =
            failed.cancelled()
                ? "the job was cancelled during the " + failed.label()
                : failed.label() + " failed: " + failed.failureMessage();
      }
      String id = run.deploy == null ? null : run.deploy.output(run.half.idOutput);
      String previous = run.deploy == null ? null : run.deploy.output(run.half.previousOutput);
      if (shipped) {
        serving.add(run.half.title + ": " + id + " (new).");
      } else if (!run.live && run.deploy != null && run.deploy.cancelled() && id != null) {
        // A provider keeps building what it was asked to: the cancel stopped our waiting, not the
        // deploy.
        serving.add(
            run.half.title
                + ": "
                + (previous == null ? "what served before" : previous)
                + " when the job was cancelled, but "
                + id
                + " was still deploying and may go live: check the provider's dashboard"
                + (previous == null
                    ? "."
                    : ", and if it does, run the rollback step with `to: " + previous + "`."));
      } else if (!run.live) {
        serving.add(
            run.half.title
                + ": unchanged"
                + (previous == null ? "" : ", " + previous)
                + (run.deploy == null ? " (not deployed)." : " (the new deploy never went live)."));
      } else if (run.rollbackProblem == null) {
        live = true;
        rolledBack.add(run.half);
        serving.add(run.half.title + ": " + previous + " again (rolled back from " + id + ").");
      } else {
        live = true;
        rollbackFailed = true;
        serving.add(
            run.half.title
                + ": "
                + (id == null ? "the new deploy" : id + " (the new deploy)")
                + " may still serve: the rollback failed, "
                + run.rollbackProblem
                + (previous == null
                    ? " Deploy a known-good release by hand."
                    : " Restore "
                        + previous
                        + " by hand: run the rollback step with `to: "
                        + previous
                        + "`, or roll back in the provider's dashboard."));
      }
    }
    if (shipped) {
      return new Ending(DEPLOYED, "", List.of(), serving, false);
    }
    if (reason == null) {
      reason = "the job was cancelled";
    }
    return new Ending(
        rollbackFailed ? ROLLBACK_FAILED : live ? ROLLED_BACK : FAILED,
        reason,
        rolledBack,
        serving,
        release.cancelled());
  }

  String rolledBackText() {
    return String.join(",", rolledBack.stream().map(Half::label).toList());
  }

  /** The headline of the failure annotation and the Slack message. */
  String headline() {
    return switch (outcome) {
      case DEPLOYED -> "Deployed.";
      case ROLLED_BACK ->
          "Rolled back the "
              + String.join(" and ", rolledBack.stream().map(Half::label).toList())
              + (cancelled && !reason.contains("cancelled") ? " after the job was cancelled" : "")
              + ": "
              + reason;
      case ROLLBACK_FAILED ->
          "ROLLBACK FAILED: a release that did not pass may still serve. " + reason;
      default -> "Nothing went live: " + reason;
    };
  }
}
