package dev.flo.actions.step.lintgate.report;

import dev.flo.actions.runtime.runner.Annotation;

/**
 * How bad a finding is, on the scale every report format maps onto (and GitHub's annotation
 * levels).
 */
public enum Severity {
  ERROR(Annotation.Level.ERROR),
  WARNING(Annotation.Level.WARNING),
  NOTICE(Annotation.Level.NOTICE);

  private final Annotation.Level level;

  Severity(Annotation.Level level) {
    this.level = level;
  }

  public Annotation.Level level() {
    return level;
  }

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
