package dev.flo.actions.runtime.runner;

import java.io.PrintStream;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Registers secrets with the runner ({@code ::add-mask::}) before anything could print them, and
 * redacts them from everything we print ourselves, so the command line (where no runner masks) is
 * as safe as the runner. A secret is registered in every form a server could echo it in: the
 * credentials inside it ({@code Bearer t}, {@code Basic b64(user:pass)}, {@code Name: value}, a
 * URL's password) and their URL, JSON, HTML and base64 encodings (see {@link SecretForms}). Text is
 * always redacted before it is cut ({@link #shorten}).
 */
public final class Masker {
  private static final int MIN_LENGTH = 3;

  /** The longest excerpt of a foreign body (an error page) in a message. */
  public static final int EXCERPT = 200;

  private final @Nullable PrintStream out;
  private final boolean onRunner;
  private final Set<String> secrets = new LinkedHashSet<>();
  private List<String> longestFirst = List.of();

  /**
   * @param onRunner whether a GitHub runner reads {@code out} ({@code GITHUB_ACTIONS=true}): only a
   *     runner hides an {@code ::add-mask::} line; anywhere else (a laptop, another CI) that line
   *     would print the secret in clear, so off the runner secrets are only registered for our own
   *     redaction
   */
  public Masker(@Nullable PrintStream out, boolean onRunner) {
    this.out = out;
    this.onRunner = onRunner;
  }

  /** A masker off the runner: it never prints, it only redacts. */
  public Masker(@Nullable PrintStream out) {
    this(out, false);
  }

  /**
   * Masks a value and each of its lines (the runner masks per line too, but we register every line
   * anyway).
   */
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

  /**
   * For a URL with credentials ({@code postgres://user:pass@host/db}), also masks the password on
   * its own.
   */
  private void maskUrlCredentials(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return;
    }
    // The last '@' before the path ends the credentials: people write "u:p@ss@host" unencoded, as
    // libpq accepts.
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
      register(decode(userInfo));
    }
  }

  private static String decode(String s) {
    try {
      return URI.create("x://h/" + s.replace(" ", "%20")).getPath().substring(1);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Registers a secret, the credentials inside it and every encoding of each. */
  private void register(String s) {
    if (!add(s, MIN_LENGTH)) {
      return;
    }
    for (String encoded : SecretForms.encodings(s)) {
      add(encoded, SecretForms.MIN_ENCODED);
    }
    for (String part : SecretForms.parts(s)) {
      register(part);
    }
  }

  private boolean add(String s, int minLength) {
    if (s.length() < minLength || !secrets.add(s)) {
      return false;
    }
    longestFirst =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    if (onRunner && out != null) {
      // The add-mask command itself is never echoed in clear by the runner.
      out.println(WorkflowCommand.format("add-mask", s));
      out.flush();
    }
    return true;
  }

  /**
   * The start of a body that is not the provider's JSON (a proxy's error page), on one line, for a
   * message. Redacted before it is cut: the sinks redact too, but a secret cut in half is no longer
   * one they recognise.
   */
  public String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "empty body";
    }
    // Redacted before the whitespace is collapsed too: a secret with a tab or two spaces inside
    // would not match after.
    return shorten(redact(body.strip()).replaceAll("\\s+", " "), EXCERPT);
  }

  /**
   * {@code text} redacted, then cut to at most {@code max} characters with {@code …} at the cut.
   * Always in that order: a secret cut in half is no longer one the sinks recognise, so its first
   * half would print.
   */
  public String shorten(String text, int max) {
    String clear = redact(text);
    if (clear.length() <= max) {
      return clear;
    }
    int end = Math.max(0, max - 1);
    if (end > 0 && Character.isHighSurrogate(clear.charAt(end - 1))) {
      end--;
    }
    return clear.substring(0, end) + "…";
  }

  /** Replaces every registered secret in {@code text} with {@code ***}, longest first. */
  public synchronized String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String result = text;
    for (String s : longestFirst) {
      result = result.replace(s, "***");
    }
    return result;
  }
}
