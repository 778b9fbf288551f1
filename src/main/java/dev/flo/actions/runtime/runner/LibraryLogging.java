package dev.flo.actions.runtime.runner;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends what libraries log through {@code java.util.logging} (hub4j, the PostgreSQL driver) to our
 * {@link Log} instead of the JDK's console handler, which writes to stderr past the masker: a
 * driver's warning that quotes a URL or a server's answer is redacted like everything else.
 * Warnings and above are shown; the rest only with debug logging.
 */
public final class LibraryLogging extends Handler {
  private final Log log;

  private LibraryLogging(Log log) {
    this.log = log;
    setFormatter(new SimpleFormatter());
  }

  /**
   * Replaces the root logger's handlers (the stderr console handler) with one that writes to {@code
   * log}.
   */
  public static void routeTo(Log log) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new LibraryLogging(log));
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    String text = getFormatter().formatMessage(record);
    String line =
        record.getLoggerName()
            + ": "
            + text
            + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")");
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      // A library's message is not ours: it cannot run a workflow command (fenced), and it is
      // redacted.
      log.untrusted(line);
    } else {
      log.debug(line);
    }
  }

  @Override
  public void flush() {
    log.flush();
  }

  @Override
  public void close() {}
}
