package dev.flo.actions.provider.compose;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of a host's release history ({@code .flo/releases} in the compose folder): a value that
 * served healthy, how it got there, and from which run.
 */
public record Release(
    Instant at, Kind kind, String value, @Nullable String commit, @Nullable String runUrl) {
  /** How the value came to serve. */
  public enum Kind {
    DEPLOY,
    ROLLBACK
  }

  static final String FILE = ".flo/releases";

  /** Tab-separated, one line: time, kind, value, commit, run URL. */
  String line() {
    return at
        + "\t"
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + "\t"
        + value
        + "\t"
        + dash(commit)
        + "\t"
        + dash(runUrl);
  }

  /** Reads a line back, or null for one this version does not understand (a hand edit). */
  static @Nullable Release parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length < 3) {
      return null;
    }
    try {
      return new Release(
          Instant.parse(f[0]),
          Kind.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
          f[2],
          f.length > 3 ? undash(f[3]) : null,
          f.length > 4 ? undash(f[4]) : null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String dash(@Nullable String s) {
    return s == null || s.isBlank() ? "-" : s.replaceAll("[\\t\\r\\n]", " ");
  }

  private static @Nullable String undash(String s) {
    return s.equals("-") ? null : s;
  }
}
