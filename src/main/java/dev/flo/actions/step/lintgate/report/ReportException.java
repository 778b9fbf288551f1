package dev.flo.actions.step.lintgate.report;

/**
 * A report file that cannot be read as its format: the reason, with the position when the parser
 * knows it.
 */
public final class ReportException extends Exception {
  public ReportException(String reason) {
    super(reason);
  }

  public ReportException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
