package dev.flo.actions.step.lintgate;

/** The lowest severity that fails the step when a counted finding has it. */
public enum FailOn {
  ERROR,
  WARNING,
  NONE
}
