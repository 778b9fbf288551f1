package dev.flo.actions.runtime;

import java.io.PrintStream;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Registers secrets with the runner ({@code ::add-mask::}) before anything could print them, and redacts them
 * from everything we print ourselves, so the command line (where no runner masks) is as safe as the runner.
 */
public final class Masker {
  private static final int MIN_LENGTH = 3;
  private final PrintStream out;
  private final boolean onRunner;
  private final Set<String> secrets = new LinkedHashSet<>();

  /**
   * @param onRunner whether a GitHub runner reads {@code out} ({@code GITHUB_ACTIONS=true}): only a runner hides
   *     an {@code ::add-mask::} line; anywhere else (a laptop, another CI) that line would print the secret in
   *     clear, so off the runner secrets are only registered for our own redaction
   */
  public Masker(PrintStream out, boolean onRunner) {
    this.out = out;
    this.onRunner = onRunner;
  }

  /** A masker off the runner: it never prints, it only redacts. */
  public Masker(PrintStream out) {
    this(out, false);
  }

  /** Masks a value and each of its lines (the runner masks per line too, but we register every line anyway). */
  public synchronized Secret mask(String value) {
    if (value == null || value.isBlank()) {
      return Secret.of(value == null ? "" : value);
    }
    register(value);
    for (String line : value.split("\r?\n|\r")) {
      register(line.strip());
    }
    maskUrlCredentials(value);
    return Secret.of(value);
  }

  /** For a URL with credentials ({@code postgres://user:pass@host/db}), also masks the password on its own. */
  private void maskUrlCredentials(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return;
    }
    // The last '@' before the path ends the credentials: people write "u:p@ss@host" unencoded, as libpq accepts.
    int slash = value.indexOf('/', scheme + 3);
    int at = value.lastIndexOf('@', slash < 0 ? value.length() - 1 : slash);
    if (at < scheme + 3) {
      return;
    }
    String userInfo = value.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    if (colon >= 0) {
      String password = userInfo.substring(colon + 1);
      register(password);
      register(decode(password));
    }
  }

  private static String decode(String s) {
    try {
      return URI.create("x://h/" + s.replace(" ", "%20")).getPath().substring(1);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private void register(String s) {
    if (s.length() < MIN_LENGTH || !secrets.add(s)) {
      return;
    }
    if (!onRunner) {
      return;
    }
    // The add-mask command itself is never echoed in clear by the runner.
    out.println(WorkflowCommand.format("add-mask", s));
    out.flush();
  }

  /**
   * The start of a body that is not the provider's JSON (a proxy's error page), on one line, for a message.
   * Redacted before it is cut: the sinks redact too, but a secret cut in half is no longer one they recognise.
   */
  public String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "empty body";
    }
    String line = redact(body.strip()).replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Replaces every registered secret in {@code text} with {@code ***}, longest first. */
  public synchronized String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String result = text;
    for (String s : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      result = result.replace(s, "***");
    }
    return result;
  }
}
