package dev.flo.actions.step.lintgate;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * When the counted findings fail the step. {@code max-errors}/{@code max-warnings} replace the zero
 * tolerance that {@code fail-on} implies for their level, so {@code fail-on: error} with {@code
 * max-errors: 3} allows three errors.
 *
 * @param maxErrors errors allowed, or null for the {@code fail-on} default
 * @param maxWarnings warnings allowed, or null for the {@code fail-on} default
 */
record GatePolicy(FailOn failOn, @Nullable Integer maxErrors, @Nullable Integer maxWarnings) {

  /** Errors allowed before the step fails, or null for no limit. */
  @Nullable Integer errorLimit() {
    return maxErrors != null ? maxErrors : failOn == FailOn.NONE ? null : Integer.valueOf(0);
  }

  /** Warnings allowed before the step fails, or null for no limit. */
  @Nullable Integer warningLimit() {
    return maxWarnings != null ? maxWarnings : failOn == FailOn.WARNING ? Integer.valueOf(0) : null;
  }

  /** Why the step fails, one sentence per breached limit; empty when it passes. */
  List<String> breaches(int errors, int warnings, String where) {
    List<String> out = new ArrayList<>();
    Integer e = errorLimit();
    if (e != null && errors > e) {
      out.add(count(errors, "error") + " " + where + (e == 0 ? "" : ", more than max-errors " + e));
    }
    Integer w = warningLimit();
    if (w != null && warnings > w) {
      out.add(
          count(warnings, "warning")
              + " "
              + where
              + (w == 0 ? "" : ", more than max-warnings " + w));
    }
    return out;
  }

  /**
   * Such as "any error fails, warnings do not fail" or "more than 3 errors fail, more than 10
   * warnings fail".
   */
  String describe() {
    return limit(errorLimit(), "error") + ", " + limit(warningLimit(), "warning");
  }

  private static String limit(@Nullable Integer max, String noun) {
    if (max == null) {
      return noun + "s do not fail";
    }
    return max == 0 ? "any " + noun + " fails" : "more than " + count(max, noun) + " fail";
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
