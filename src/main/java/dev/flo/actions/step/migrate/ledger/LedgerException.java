package dev.flo.actions.step.migrate.ledger;

/**
 * The bookkeeping table cannot be used as it is; the message says why and the fix says what to do.
 */
public class LedgerException extends Exception {
  private final String fix;

  public LedgerException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }
}
