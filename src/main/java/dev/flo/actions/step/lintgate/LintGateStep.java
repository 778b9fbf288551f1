package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.provider.git.GitException;
import dev.flo.actions.provider.git.GitHistory;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepSummary;
import dev.flo.actions.runtime.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lint and test reports a job produced, keeps the findings on lines the change touched, annotates the
 * ones that matter most, lists everything in the summary, and fails by policy.
 */
public final class LintGateStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "lint-gate",
          "Turns ESLint, SARIF, Checkstyle, JUnit and tsc reports into annotations and a verdict on the lines a pull request changed.",
          List.of(
              InputDef.required("reports", "Report files to read: globs, one per line or comma separated (such as reports/eslint.json, **/TEST-*.xml)."),
              InputDef.withDefault("format", "auto (each file's format told from its content), or the format of every report: eslint, sarif, checkstyle, junit, tsc, diff (a unified diff such as git diff).", "auto"),
              InputDef.optional("filter", "Which findings count: added (on changed lines), diff-context, file (in changed files) or all. Default: added on pull requests, all elsewhere."),
              InputDef.optional("base-ref", "Commit or branch to compare with instead of the pull request's base (such as origin/main); needs it fetched."),
              InputDef.withDefault("fail-on", "Fail when a counted finding is at least this severe: error, warning or none.", "error"),
              InputDef.optional("max-errors", "Counted errors allowed before the step fails (replaces fail-on's zero for errors)."),
              InputDef.optional("max-warnings", "Counted warnings allowed before the step fails."),
              InputDef.optional("reporter", "Where findings show: annotations (ten of each kind per step), check (a check run with every finding; needs `checks: write`) or review (pull-request review comments with suggested changes; needs `pull-requests: write`). Default: check when the token may write checks, else annotations."),
              InputDef.withDefault("github-token", "Token for GitHub's API: lint-gate's check run needs `checks: write`, its review `pull-requests: write`.", "${{ github.token }}").asSecret(),
              InputDef.optional("api-url", "API base URL; for lint-gate, GitHub's REST API root (GitHub Enterprise Server: https://HOST/api/v3). Default: the run's GITHUB_API_URL."),
              InputDef.withDefault("check-name", "Name of the check run, and the key that lets a re-run replace its own review comments; give each lint-gate in a workflow its own.", "lint-gate")),
          List.of(
              OutputDef.of("errors", "Errors in all reports."),
              OutputDef.of("warnings", "Warnings in all reports."),
              OutputDef.of("notices", "Notices in all reports."),
              OutputDef.of("errors-in-diff", "Errors the filter counts (on the change)."),
              OutputDef.of("warnings-in-diff", "Warnings the filter counts (on the change)."),
              OutputDef.of("verdict", "passed, failed (the policy was breached) or error (a report or the git history could not be read)."),
              OutputDef.of("check-run-id", "The check run written (reporter check), else empty."),
              OutputDef.of("review-id", "The pull-request review written (reporter review), else empty."),
              OutputDef.of("suggestions", "Suggested changes posted in the review (fixes on changed lines); 0 for other reporters.")),
          kit -> new LintGateStep(kit.log(), kit.outputs(), kit.summary(), kit.annotations(), kit.github(), kit.workspace(), new GitHubPublisher(kit.clock(), kit.log(), kit.masker(), kit.http()), kit.clock()));

  private static final Duration READING_EVERY = Duration.ofSeconds(10);

  private final Log log;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final GitHubContext github;
  private final Workspace workspace;
  private final GitHubPublisher publisher;
  private final Clock clock;

  public LintGateStep(Log log, Outputs outputs, StepSummary summary, Annotations annotations, GitHubContext github, Workspace workspace, GitHubPublisher publisher, Clock clock) {
    this.log = log;
    this.outputs = outputs;
    this.summary = summary;
    this.annotations = annotations;
    this.github = github;
    this.workspace = workspace;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void run(Inputs in) throws Exception {
    // First: a bad input must not leave `verdict` empty for an `if:` to misread.
    outputs.set("verdict", "error");
    outputs.set("check-run-id", "");
    outputs.set("review-id", "");
    outputs.set("suggestions", "0");
    LintGateInputs inputs = LintGateInputs.read(in, github.pr().isPresent(), github.apiUrl());
    in.check();
    GitHubReporting.Choice reporter = GitHubReporting.choose(inputs, github);
    List<LintGatePlan.ReportFile> reports = findReports(inputs);
    try (GitHistory git = openGit(inputs)) {
      ChangeRange range = changeRange(git, inputs);
      LintGatePlan plan = new LintGatePlan(reports, inputs.filter(), range, inputs.policy(), reporter);
      plan.describe().forEach(log::info);
      if (inputs.dryRun()) {
        outputs.set("verdict", "");
        summary.heading(2, "lint-gate (dry run)").bullets(plan.describe());
        return;
      }
      DiffScope scope = range == null ? DiffScope.none() : DiffScope.of(diff(git, range), workspace.root(), git.workTree());
      Map<LintGatePlan.ReportFile, Integer> perReport = new LinkedHashMap<>();
      FindingTally tally = read(plan, scope, perReport);
      verdict(inputs, plan, scope, tally, perReport);
    }
  }

  private List<LintGatePlan.ReportFile> findReports(LintGateInputs inputs) throws IOException, StepFailure {
    List<LintGatePlan.ReportFile> out = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (String pattern : inputs.reports()) {
      List<Path> files = ReportGlobs.match(workspace.root(), pattern);
      if (files.isEmpty()) {
        unmatched.add(pattern);
      }
      for (Path file : files) {
        if (ReportGlobs.escapes(workspace.root(), file)) {
          throw new StepFailure(
              "Report " + workspace.relative(file) + " is a symbolic link to a file outside the workspace; lint-gate reads reports only inside the workspace.",
              "Write the report into the workspace itself (not a link to elsewhere), or check who created the link: a report link out of the checkout can be an attempt to read the runner's files.");
        }
        if (out.stream().noneMatch(r -> r.path().equals(file))) {
          out.add(new LintGatePlan.ReportFile(file, workspace.relative(file), inputs.format() != null ? inputs.format() : detect(file)));
        }
      }
    }
    if (!unmatched.isEmpty()) {
      throw new StepFailure(
          "No report file matches " + String.join(", ", unmatched.stream().map(p -> "'" + p + "'").toList()) + " in " + workspace.root() + ".",
          "Check that the linter or test step ran and wrote its report there (run it with `if: always()` or `continue-on-error: true` so a failing linter still hands its report on), and that the path in `reports` is relative to the workspace.");
    }
    return out;
  }

  private ReportFormat detect(Path file) throws IOException, StepFailure {
    try {
      return ReportFormat.detect(file);
    } catch (ReportException e) {
      throw new StepFailure("Report " + workspace.relative(file) + " is " + e.getMessage() + ".", "Point `reports` at the tool's machine-readable output, or set `format`.");
    }
  }

  private GitHistory openGit(LintGateInputs inputs) throws StepFailure {
    boolean wantDiff = inputs.baseRef() != null || github.pr().isPresent();
    if (!wantDiff) {
      return null;
    }
    try {
      return GitHistory.open(workspace.root());
    } catch (GitException e) {
      if (inputs.filter() == DiffFilter.ALL) {
        log.info("No git history to rank findings by (" + e.getMessage() + "); counting all findings.");
        return null;
      }
      throw new StepFailure("lint-gate cannot read the git history: " + e.getMessage() + ".", "Run actions/checkout (with `fetch-depth: 0`) before lint-gate, or set `filter: all`.");
    }
  }

  private ChangeRange changeRange(GitHistory git, LintGateInputs inputs) throws StepFailure, GitException {
    if (git == null) {
      return null;
    }
    try {
      return ChangeRange.find(git, github.pr(), inputs.baseRef()).orElse(null);
    } catch (StepFailure e) {
      if (inputs.filter() != DiffFilter.ALL) {
        throw e;
      }
      // With filter: all the change only orders the annotations; without it every finding still counts.
      log.info("Findings are not ranked by the change: " + e.getMessage());
      return null;
    }
  }

  private ChangedLines diff(GitHistory git, ChangeRange range) throws StepFailure {
    try {
      ChangedLines lines = git.diff(range.from(), range.to(), GitHistory.GIT_CONTEXT_LINES);
      log.info("The change touches " + lines.files().size() + " files, " + lines.addedLineCount() + " lines added or changed.");
      return lines;
    } catch (GitException e) {
      throw new StepFailure("lint-gate cannot diff " + range.how() + ": " + e.getMessage() + ".", ChangeRange.FETCH_HINT);
    }
  }

  private FindingTally read(LintGatePlan plan, DiffScope scope, Map<LintGatePlan.ReportFile, Integer> perReport) throws StepFailure {
    FindingTally tally = new FindingTally(Annotations.BUDGET_PER_LEVEL);
    ReportPaths paths = new ReportPaths(workspace.root());
    for (LintGatePlan.ReportFile report : plan.reports()) {
      int[] n = {0};
      Path dir = report.path().toAbsolutePath().getParent();
      // A report of millions of findings takes a while: the count so far at least every 10 s; the line below ends it.
      Progress reading = Progress.ofCount(log, clock, "Reading " + report.name(), 0, "findings", READING_EVERY);
      try (Progress.Watch watch = reading.watch()) {
        report.format().reader().read(report.path(), f -> {
          Finding finding = paths.place(f, dir);
          Placement placement = scope.place(finding);
          tally.add(finding, placement, plan.filter().counts(placement));
          reading.update(++n[0]);
        });
      } catch (ReportException e) {
        throw unreadable(new StepFailure(
            "Report " + report.name() + " cannot be read as " + report.format().title() + ": " + e.getMessage() + ".",
            "Check the step that wrote it (a linter that crashed may leave a partial file)" + (plan.reports().size() > 1 ? "" : ", or set `format` if it is another format") + "."));
      } catch (IOException e) {
        throw unreadable(new StepFailure("Report " + report.name() + " cannot be read: " + e + ".", "Check that the step that wrote it finished and that it is a regular, readable file."));
      }
      perReport.put(report, n[0]);
      log.info(report.name() + " (" + report.format().title() + "): " + GatePolicy.count(n[0], "finding"));
    }
    return tally;
  }

  /** A report that cannot be read still leaves a summary saying which and why. */
  private StepFailure unreadable(StepFailure f) {
    summary.heading(2, "lint-gate: error").alert("CAUTION", f.userMessage());
    return f;
  }

  private void verdict(LintGateInputs inputs, LintGatePlan plan, DiffScope scope, FindingTally tally, Map<LintGatePlan.ReportFile, Integer> perReport) throws StepFailure {
    outputs.set("errors", Integer.toString(tally.all(Severity.ERROR)));
    outputs.set("warnings", Integer.toString(tally.all(Severity.WARNING)));
    outputs.set("notices", Integer.toString(tally.all(Severity.NOTICE)));
    outputs.set("errors-in-diff", Integer.toString(tally.counted(Severity.ERROR)));
    outputs.set("warnings-in-diff", Integer.toString(tally.counted(Severity.WARNING)));
    String where = plan.filter() == DiffFilter.ALL ? "in the reports" : plan.filter() == DiffFilter.ADDED ? "on changed lines" : plan.filter() == DiffFilter.FILE ? "in changed files" : "in the diff";
    List<String> breaches = plan.policy().breaches(tally.counted(Severity.ERROR), tally.counted(Severity.WARNING), where);
    outputs.set("verdict", breaches.isEmpty() ? "passed" : "failed");
    GitHubPublisher.Shown shown = publisher.publish(inputs, plan.reporter(), github, scope, tally, breaches, where, annotations, outputs, workspace.root());
    for (Severity s : Severity.values()) {
      for (FindingTally.Ranked r : tally.annotations(s)) {
        if (!shown.onGitHub(r)) {
          annotations.add(annotation(r));
        }
      }
    }
    new LintGateSummary(summary).write(plan, scope, tally, perReport, breaches, shown.words(), shown.used() == Reporter.ANNOTATIONS);
    log.info(GatePolicy.count(tally.countedTotal(), "finding") + " counted " + where + " of " + tally.total() + " in all.");
    if (!breaches.isEmpty()) {
      String shownWhere = switch (shown.used()) {
        case ANNOTATIONS -> "each is annotated";
        case CHECK -> "the check run shows each on its line";
        case REVIEW -> "the review comments on each line";
      };
      throw new StepFailure("lint-gate failed: " + String.join("; ", breaches) + ".", "Fix them (" + shownWhere + ", and the step summary lists them all), or adjust fail-on, max-errors or max-warnings.");
    }
  }

  private static Annotation annotation(FindingTally.Ranked r) {
    Finding f = r.finding();
    Annotation a = Annotation.of(f.severity().level(), f.message()).withTitle(f.tool() + " " + f.rule()).withRank(r.placement().ordinal());
    if (f.path() == null) {
      return a;
    }
    return f.line() > 0 ? a.at(f.path(), f.line(), f.endLine(), f.column() > 0 ? f.column() : null, f.endColumn() > 0 ? f.endColumn() : null) : a.at(f.path(), null);
  }
}
