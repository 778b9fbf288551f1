package dev.flo.actions.step.lintgate;

/**
 * Where a finding sits relative to the change, closest first: the order annotations spend their
 * budget in.
 */
enum Placement {
  /**
   * A problem of the build as a whole (a failing test): the change is its cause wherever it points.
   */
  WHOLE_BUILD,
  /** On a line the change added or modified. */
  CHANGED_LINE,
  /** Within a diff hunk, next to a changed line. */
  DIFF_CONTEXT,
  /** Elsewhere in a changed file. */
  CHANGED_FILE,
  /** In a file the change did not touch, or unknown because there is no change to compare with. */
  UNCHANGED;

  String words() {
    return switch (this) {
      case WHOLE_BUILD -> "whole build";
      case CHANGED_LINE -> "on a changed line";
      case DIFF_CONTEXT -> "next to a changed line";
      case CHANGED_FILE -> "in a changed file";
      case UNCHANGED -> "outside the change";
    };
  }
}
