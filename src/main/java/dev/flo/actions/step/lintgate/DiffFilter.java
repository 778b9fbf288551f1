package dev.flo.actions.step.lintgate;

/** Which findings count, by where they sit relative to the change (reviewdog's filter modes). */
public enum DiffFilter {
  /** On lines the change added or modified. */
  ADDED,
  /** Within the change's diff hunks: changed lines and the three unchanged lines around them. */
  DIFF_CONTEXT,
  /** Anywhere in a file the change touched. */
  FILE,
  /** Everywhere. */
  ALL;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether a finding so placed counts; reviewdog's rule: a multi-line finding counts when any line
   * does.
   */
  boolean counts(Placement p) {
    return switch (this) {
      case ALL -> true;
      case FILE -> p.ordinal() <= Placement.CHANGED_FILE.ordinal();
      case DIFF_CONTEXT -> p.ordinal() <= Placement.DIFF_CONTEXT.ordinal();
      case ADDED -> p.ordinal() <= Placement.CHANGED_LINE.ordinal();
    };
  }
}
