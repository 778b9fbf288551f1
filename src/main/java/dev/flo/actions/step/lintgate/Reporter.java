package dev.flo.actions.step.lintgate;

import java.util.Locale;

/** Where lint-gate shows its findings. */
enum Reporter {
  /**
   * Workflow-command annotations: no permission needed, but GitHub shows ten per level and step.
   */
  ANNOTATIONS,
  /** A check run through the Checks API: every counted finding on its line. */
  CHECK,
  /** One pull-request review with a comment per line, and suggested changes for fixes. */
  REVIEW;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The workflow permission the reporter needs. */
  String permission() {
    return switch (this) {
      case ANNOTATIONS -> "none";
      case CHECK -> "checks: write";
      case REVIEW -> "pull-requests: write";
    };
  }
}
