package dev.flo.actions.step.lintgate;

import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.lintgate.report.ReportFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code lint-gate}, declared once below and read by the launcher before the step
 * runs; the record holds them checked against each other and against the run (a pull request or
 * not).
 *
 * @param format null for {@code auto}
 * @param filter the filter to apply; {@code added} on pull requests (or with a base-ref), {@code
 *     all} elsewhere
 * @param baseRef the commit or branch to compare with instead of the pull request's base, or null
 * @param reporter null for the default: a check run when the token may write one, else annotations
 * @param githubToken null when none was given
 * @param apiUrl the REST API root, GitHub Enterprise Server's included
 */
record LintGateInputs(
    List<String> reports,
    @Nullable ReportFormat format,
    DiffFilter filter,
    @Nullable String baseRef,
    GatePolicy policy,
    boolean dryRun,
    @Nullable Reporter reporter,
    @Nullable Secret githubToken,
    String apiUrl,
    String checkName) {

  /** The {@code format} input's word for: tell each file's format from its content. */
  private static final String AUTO = "auto";

  static final Input<List<String>> REPORTS =
      Input.named(
              "reports",
              "Report files to read: globs, one per line or comma separated (such as reports/eslint.json, **/TEST-*.xml).")
          .reading(LintGateInputs::patterns)
          .required();
  static final Input<ReportFormat> FORMAT =
      Input.named(
              "format",
              "auto (each file's format told from its content), or the format of every report: eslint, sarif, checkstyle, junit, tsc, diff (a unified diff such as git diff).")
          .reading(LintGateInputs::format)
          .byDefault(AUTO);
  static final Input<DiffFilter> FILTER =
      Input.named(
              "filter",
              "Which findings count: added (on changed lines), diff-context, file (in changed files) or all. Default: added on pull requests, all elsewhere.")
          .choice(DiffFilter.class);
  static final Input<String> BASE_REF =
      Input.named(
              "base-ref",
              "Commit or branch to compare with instead of the pull request's base (such as origin/main); needs it fetched.")
          .text();
  static final Input<FailOn> FAIL_ON =
      Input.named(
              "fail-on",
              "Fail when a counted finding is at least this severe: error, warning or none.")
          .choice(FailOn.class)
          .byDefault("error");
  static final Input<Integer> MAX_ERRORS =
      Input.named(
              "max-errors",
              "Counted errors allowed before the step fails (replaces fail-on's zero for errors).")
          .integer(0, Integer.MAX_VALUE);
  static final Input<Integer> MAX_WARNINGS =
      Input.named("max-warnings", "Counted warnings allowed before the step fails.")
          .integer(0, Integer.MAX_VALUE);
  static final Input<Reporter> REPORTER =
      Input.named(
              "reporter",
              "Where findings show: annotations (ten of each kind per step), check (a check run with every finding; needs `checks: write`) or review (pull-request review comments with suggested changes; needs `pull-requests: write`). Default: check when the token may write checks, else annotations.")
          .choice(Reporter.class);
  static final Input<Secret> GITHUB_TOKEN =
      Input.named(
              "github-token",
              "Token for GitHub's API: lint-gate's check run needs `checks: write`, its review `pull-requests: write`.")
          .secretText()
          .byDefault("${{ github.token }}");
  static final Input<URI> API_URL =
      Input.named(
              "api-url",
              "API base URL; for lint-gate, GitHub's REST API root (GitHub Enterprise Server: https://HOST/api/v3). Default: the run's GITHUB_API_URL.")
          .url();
  static final Input<String> CHECK_NAME =
      Input.named(
              "check-name",
              "Name of the check run, and the key that lets a re-run replace its own review comments; give each lint-gate in a workflow its own.")
          .text()
          .byDefault("lint-gate");

  static final List<Input<?>> ALL =
      List.of(
          REPORTS,
          FORMAT,
          FILTER,
          BASE_REF,
          FAIL_ON,
          MAX_ERRORS,
          MAX_WARNINGS,
          REPORTER,
          GITHUB_TOKEN,
          API_URL,
          CHECK_NAME);

  /** Checks the inputs (read already) against each other and the run, then makes the record. */
  static @Nullable LintGateInputs read(Inputs in, StepPort port) {
    boolean pullRequest = port.github().pr().isPresent();
    List<String> reports = in.get(REPORTS);
    ReportFormat format = in.get(FORMAT);
    DiffFilter filter = in.get(FILTER);
    String baseRef = in.get(BASE_REF);
    if (filter == null) {
      filter = pullRequest || baseRef != null ? DiffFilter.ADDED : DiffFilter.ALL;
    } else if (filter != DiffFilter.ALL && !pullRequest && baseRef == null) {
      in.problem(
          FILTER,
          "is '"
              + filter.id()
              + "', but this run is not for a pull request and has no "
              + BASE_REF.name()
              + " to compare with",
          "Set `"
              + BASE_REF.name()
              + "` (such as origin/main), use `"
              + FILTER.name()
              + ": all`, or run lint-gate on pull_request events.");
    }
    FailOn failOn = in.get(FAIL_ON);
    Integer maxErrors = in.get(MAX_ERRORS);
    Integer maxWarnings = in.get(MAX_WARNINGS);
    Reporter reporter = in.get(REPORTER);
    Secret token = in.get(GITHUB_TOKEN);
    URI api = in.get(API_URL);
    String checkName = in.get(CHECK_NAME);
    if (reporter == Reporter.REVIEW && !pullRequest) {
      in.problem(
          REPORTER,
          "is 'review', but this run is not for a pull request",
          "Use `"
              + REPORTER.name()
              + ": check` or `annotations` on other events, or run lint-gate on pull_request events.");
    }
    if (reporter != null && reporter != Reporter.ANNOTATIONS && token == null) {
      in.problem(
          GITHUB_TOKEN,
          "is empty but `" + REPORTER.name() + "` is '" + reporter.id() + "'",
          "Pass `"
              + GITHUB_TOKEN.name()
              + ": ${{ github.token }}` with `permissions: "
              + reporter.permission()
              + "`, or use `"
              + REPORTER.name()
              + ": annotations`.");
    }
    if (in.hasProblems()) {
      return null;
    }
    String apiUrl = api == null ? port.github().apiUrl() : api.toString().replaceAll("/+$", "");
    return new LintGateInputs(
        Objects.requireNonNull(reports, "the reports reader returns a list"),
        format,
        filter,
        baseRef,
        new GatePolicy(
            Objects.requireNonNull(failOn, "fail-on has a default"), maxErrors, maxWarnings),
        in.dryRun(),
        reporter,
        token,
        apiUrl,
        Objects.requireNonNull(checkName, "check-name has a default"));
  }

  /** Globs, one per line or comma separated. */
  private static List<String> patterns(Inputs in, String name) {
    List<String> reports = new ArrayList<>();
    for (String line : in.lines(name)) {
      reports.addAll(splitOutsideBraces(line));
    }
    return List.copyOf(reports);
  }

  /** One format for every report, or null for {@code auto}. */
  private static @Nullable ReportFormat format(Inputs in, String name) {
    List<String> allowed = new ArrayList<>(List.of(AUTO));
    Arrays.stream(ReportFormat.values()).map(ReportFormat::id).forEach(allowed::add);
    String text = in.choice(name, allowed);
    return text == null || text.equals(AUTO)
        ? null
        : ReportFormat.valueOf(text.toUpperCase(Locale.ROOT));
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
