package dev.flo.actions.step.migrate.lint;

/** The parser library is missing, so the linter cannot run. */
public class LinterUnavailableException extends Exception {
  public LinterUnavailableException(String message) {
    super(message);
  }
}
