package dev.flo.actions.step.lintgate;

import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of {@code lint-gate}, read and checked together.
 *
 * @param format null for {@code auto}
 * @param filter the filter to apply; {@code added} on pull requests (or with a base-ref), {@code all} elsewhere
 * @param baseRef the commit or branch to compare with instead of the pull request's base, or null
 * @param reporter null for the default: a check run when the token may write one, else annotations
 * @param githubToken null when none was given
 * @param apiUrl the REST API root, GitHub Enterprise Server's included
 */
record LintGateInputs(
    List<String> reports, ReportFormat format, DiffFilter filter, String baseRef, GatePolicy policy, boolean dryRun, Reporter reporter, Secret githubToken, String apiUrl, String checkName) {

  static final List<String> FORMATS = List.of("auto", "eslint", "sarif", "checkstyle", "junit", "tsc", "diff");

  static LintGateInputs read(Inputs in, boolean pullRequest, String defaultApiUrl) {
    List<String> reports = new ArrayList<>();
    for (String line : in.lines("reports")) {
      reports.addAll(splitOutsideBraces(line));
    }
    String format = in.choice("format", FORMATS);
    DiffFilter filter = in.choice("filter", DiffFilter.class);
    String baseRef = in.string("base-ref");
    if (filter == null) {
      filter = pullRequest || baseRef != null ? DiffFilter.ADDED : DiffFilter.ALL;
    } else if (filter != DiffFilter.ALL && !pullRequest && baseRef == null && in.isSet("filter")) {
      in.problem("filter", "is '" + filter.id() + "', but this run is not for a pull request and has no base-ref to compare with",
          "Set `base-ref` (such as origin/main), use `filter: all`, or run lint-gate on pull_request events.");
    }
    FailOn failOn = in.choice("fail-on", FailOn.class);
    Integer maxErrors = in.integer("max-errors", 0, Integer.MAX_VALUE);
    Integer maxWarnings = in.integer("max-warnings", 0, Integer.MAX_VALUE);
    ReportFormat parsed = format == null || format.equals("auto") ? null : ReportFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    Reporter reporter = in.choice("reporter", Reporter.class);
    Secret token = in.secret("github-token");
    java.net.URI api = in.url("api-url");
    String checkName = in.string("check-name", "lint-gate");
    if (reporter == Reporter.REVIEW && !pullRequest) {
      in.problem("reporter", "is 'review', but this run is not for a pull request", "Use `reporter: check` or `annotations` on other events, or run lint-gate on pull_request events.");
    }
    if (reporter != null && reporter != Reporter.ANNOTATIONS && token == null) {
      in.problem("github-token", "is empty but `reporter` is '" + reporter.id() + "'", "Pass `github-token: ${{ github.token }}` with `permissions: " + reporter.permission() + "`, or use `reporter: annotations`.");
    }
    String apiUrl = api == null ? defaultApiUrl : api.toString().replaceAll("/+$", "");
    return new LintGateInputs(
        List.copyOf(reports), parsed, filter, baseRef, new GatePolicy(failOn == null ? FailOn.ERROR : failOn, maxErrors, maxWarnings), in.dryRun(), reporter, token, apiUrl, checkName);
  }

  /** Commas separate patterns, except inside a {@code {a,b}} alternative. */
  static List<String> splitOutsideBraces(String line) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder sb = new StringBuilder();
    for (char c : line.toCharArray()) {
      if (c == ',' && depth == 0) {
        out.add(sb.toString());
        sb.setLength(0);
        continue;
      }
      depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
      sb.append(c);
    }
    out.add(sb.toString());
    return out.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
