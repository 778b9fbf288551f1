package dev.flo.actions.runtime.runner;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What a step prints to the job log. Everything passes through the {@link Masker}; untrusted text
 * is fenced with {@code ::stop-commands::} so a line in it cannot run a workflow command. Off the
 * runner ({@code plain}) no runner reads commands, so groups, debug lines and fences print as plain
 * text a person reads.
 */
public final class Log {
  private final PrintStream out;
  private final Masker masker;
  private final boolean debug;
  private final Supplier<String> tokens;
  private final boolean plain;
  private final boolean terminal;
  private boolean statusShown;

  public Log(PrintStream out, Masker masker, boolean debug, Supplier<String> tokens) {
    this(out, masker, debug, tokens, false, false);
  }

  /**
   * @param plain stdout is read by a person, not a runner: no workflow commands
   * @param terminal with it, {@link #status} rewrites one line in place; the runner's log gets
   *     every line
   */
  public Log(
      PrintStream out,
      Masker masker,
      boolean debug,
      Supplier<String> tokens,
      boolean plain,
      boolean terminal) {
    this.out = out;
    this.masker = masker;
    this.debug = debug;
    this.tokens = tokens;
    this.plain = plain;
    this.terminal = terminal;
  }

  public void info(String message) {
    endStatus();
    // Redacted first: neutralising rewrites "##[", which would break up a secret that holds it.
    out.println(neutralise(masker.redact(message)));
  }

  /**
   * A progress line. On a terminal it replaces the previous one ({@code \r}, then erase to the end
   * of the line) and the next {@link #info} starts below it; in a job log, where {@code \r} is not
   * honoured, it is an ordinary line.
   */
  public synchronized void status(String message) {
    if (!terminal) {
      info(message);
      return;
    }
    out.print("\r" + neutralise(masker.redact(message)).replace('\n', ' ') + "\u001b[K");
    out.flush();
    statusShown = true;
  }

  /** Ends a self-updating line with its last state in place (only on a terminal). */
  public synchronized void endStatus() {
    if (statusShown) {
      out.println();
      statusShown = false;
    }
  }

  public boolean isTerminal() {
    return terminal;
  }

  public void info(String format, Object... args) {
    info(String.format(format, args));
  }

  /** Printed only with {@code RUNNER_DEBUG=1}, where the runner shows {@code ::debug::} lines. */
  public void debug(String message) {
    if (debug) {
      endStatus();
      out.println(
          plain
              ? "debug: " + masker.redact(message)
              : WorkflowCommand.format("debug", masker.redact(message)));
    }
  }

  public boolean isDebug() {
    return debug;
  }

  public void group(String title) {
    endStatus();
    out.println(
        plain
            ? "--- " + masker.redact(title) + " ---"
            : WorkflowCommand.format("group", masker.redact(title)));
  }

  public void endGroup() {
    if (!plain) {
      out.println("::endgroup::");
    }
  }

  /**
   * Prints text we do not control (provider logs, pg_dump stderr) between {@code
   * ::stop-commands::TOKEN} and {@code ::TOKEN::}, with a fresh random token, so nothing in it is
   * executed as a command.
   */
  public void untrusted(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    endStatus();
    if (plain) {
      out.println(masker.redact(text));
      out.flush();
      return;
    }
    String token = tokens.get();
    out.println(WorkflowCommand.format("stop-commands", token));
    out.println(masker.redact(text));
    out.println("::" + token + "::");
    out.flush();
  }

  /** Prints a raw, already formatted workflow command (annotations use this). */
  public void command(String line) {
    endStatus();
    out.println(masker.redact(line));
  }

  public void flush() {
    out.flush();
  }

  /**
   * Our own messages may quote user values (a URL, a file name). A line of them that starts with
   * {@code ::} would be a command, so it is quoted with {@code > }; a value cannot smuggle a
   * command into an info line.
   */
  private static String neutralise(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(message.length());
    for (String line : message.split("\n", -1)) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      // The runner trims leading whitespace before looking for "::" (runner
      // ActionCommand.TryParseV2), so a
      // space in front is no defence: the line gets a visible quote mark instead. .NET's whitespace
      // includes
      // no-break spaces, which Java's stripLeading keeps, hence isSpaceChar too.
      int start = 0;
      while (start < line.length()
          && (Character.isWhitespace(line.charAt(start))
              || Character.isSpaceChar(line.charAt(start)))) {
        start++;
      }
      sb.append(
          line.startsWith("::", start)
              ? "> " + line.replace("##[", "# #[")
              : line.replace("##[", "# #["));
    }
    return sb.toString();
  }
}
