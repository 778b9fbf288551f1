package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.provider.git.GitException;
import dev.flo.actions.provider.git.GitHistory;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.ReportException;
import dev.flo.actions.step.lintgate.report.ReportFormat;
import dev.flo.actions.step.lintgate.report.ReportPaths;
import dev.flo.actions.step.lintgate.report.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the lint and test reports a job produced, keeps the findings on lines the change touched,
 * annotates the ones that matter most, lists everything in the summary, and fails by policy.
 */
public final class LintGateStep implements TypedStep<LintGateInputs> {
  /**
   * What the findings made of the run: {@code error} until the reports are read, empty on a dry
   * run.
   */
  enum Verdict {
    PASSED,
    FAILED,
    ERROR;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final Output<Integer> ERRORS = Output.named("errors", "Errors in all reports.").integer();
  static final Output<Integer> WARNINGS =
      Output.named("warnings", "Warnings in all reports.").integer();
  static final Output<Integer> NOTICES =
      Output.named("notices", "Notices in all reports.").integer();
  static final Output<Integer> ERRORS_IN_DIFF =
      Output.named("errors-in-diff", "Errors the filter counts (on the change).").integer();
  static final Output<Integer> WARNINGS_IN_DIFF =
      Output.named("warnings-in-diff", "Warnings the filter counts (on the change).").integer();

  /**
   * {@code error} from the start: a bad input must not leave it empty for an {@code if:} to
   * misread.
   */
  static final Output<Verdict> VERDICT =
      Output.named(
              "verdict",
              "passed, failed (the policy was breached) or error (a report or the git history could not be read).")
          .as(Verdict::id)
          .initially(Verdict.ERROR);

  static final Output<Long> CHECK_RUN_ID =
      Output.named("check-run-id", "The check run written (reporter check), else empty.").number();
  static final Output<Long> REVIEW_ID =
      Output.named("review-id", "The pull-request review written (reporter review), else empty.")
          .number();
  static final Output<Integer> SUGGESTIONS =
      Output.named(
              "suggestions",
              "Suggested changes posted in the review (fixes on changed lines); 0 for other reporters.")
          .integer()
          .initially(0);

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "lint-gate",
              "Turns ESLint, SARIF, Checkstyle, JUnit and tsc reports into annotations and a verdict on the lines a pull request changed.")
          .inputs(LintGateInputs.ALL)
          .outputs(
              ERRORS,
              WARNINGS,
              NOTICES,
              ERRORS_IN_DIFF,
              WARNINGS_IN_DIFF,
              VERDICT,
              CHECK_RUN_ID,
              REVIEW_ID,
              SUGGESTIONS)
          .reads(LintGateInputs::read)
          .create(LintGateStep::new);

  private static final Duration READING_EVERY = Duration.ofSeconds(10);

  private final Log log;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final GitHubContext github;
  private final Workspace workspace;
  private final GitHubPublisher publisher;
  private final Clock clock;

  LintGateStep(StepPort port) {
    this.log = port.log();
    this.outputs = port.outputs();
    this.summary = port.summary();
    this.annotations = port.annotations();
    this.github = port.github();
    this.workspace = port.workspace();
    this.publisher = new GitHubPublisher(port.clock(), port.log(), port.masker(), port.http());
    this.clock = port.clock();
  }

  @Override
  public void run(LintGateInputs inputs) throws Exception {
    GitHubReporting.Choice reporter = GitHubReporting.choose(inputs, github);
    List<LintGatePlan.ReportFile> reports = findReports(inputs);
    try (GitHistory git = openGit(inputs)) {
      ChangeRange range = git == null ? null : changeRange(git, inputs);
      LintGatePlan plan =
          new LintGatePlan(reports, inputs.filter(), range, inputs.policy(), reporter);
      plan.describe().forEach(log::info);
      if (inputs.dryRun()) {
        outputs.set(VERDICT, null);
        summary.heading(2, "lint-gate (dry run)").bullets(plan.describe());
        return;
      }
      DiffScope scope =
          git == null || range == null
              ? DiffScope.none()
              : DiffScope.of(diff(git, range), workspace.root(), git.workTree());
      Map<LintGatePlan.ReportFile, Integer> perReport = new LinkedHashMap<>();
      FindingTally tally = read(plan, scope, perReport);
      verdict(inputs, plan, scope, tally, perReport);
    }
  }

  private List<LintGatePlan.ReportFile> findReports(LintGateInputs inputs)
      throws IOException, StepFailure {
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
              "Report "
                  + workspace.relative(file)
                  + " is a symbolic link to a file outside the workspace; lint-gate reads reports only inside the workspace.",
              "Write the report into the workspace itself (not a link to elsewhere), or check who created the link: a report link out of the checkout can be an attempt to read the runner's files.");
        }
        if (out.stream().noneMatch(r -> r.path().equals(file))) {
          out.add(
              new LintGatePlan.ReportFile(
                  file,
                  workspace.relative(file),
                  inputs.format() != null ? inputs.format() : detect(file)));
        }
      }
    }
    if (!unmatched.isEmpty()) {
      throw new StepFailure(
          "No report file matches "
              + String.join(", ", unmatched.stream().map(p -> "'" + p + "'").toList())
              + " in "
              + workspace.root()
              + ".",
          "Check that the linter or test step ran and wrote its report there (run it with `if: always()` or `continue-on-error: true` so a failing linter still hands its report on), and that the path in `reports` is relative to the workspace.");
    }
    return out;
  }

  private ReportFormat detect(Path file) throws IOException, StepFailure {
    try {
      return ReportFormat.detect(file);
    } catch (ReportException e) {
      throw new StepFailure(
          "Report " + workspace.relative(file) + " is " + e.getMessage() + ".",
          "Point `reports` at the tool's machine-readable output, or set `format`.");
    }
  }

  /** The git history to find the change in, or null when there is none to compare with. */
  private @Nullable GitHistory openGit(LintGateInputs inputs) throws StepFailure {
    boolean wantDiff = inputs.baseRef() != null || github.pr().isPresent();
    if (!wantDiff) {
      return null;
    }
    try {
      return GitHistory.open(workspace.root());
    } catch (GitException e) {
      if (inputs.filter() == DiffFilter.ALL) {
        log.info(
            "No git history to rank findings by (" + e.getMessage() + "); counting all findings.");
        return null;
      }
      throw new StepFailure(
          "lint-gate cannot read the git history: " + e.getMessage() + ".",
          "Run actions/checkout (with `fetch-depth: 0`) before lint-gate, or set `filter: all`.");
    }
  }

  /** The change to compare with, or null when there is none. */
  private @Nullable ChangeRange changeRange(GitHistory git, LintGateInputs inputs)
      throws StepFailure, GitException {
    try {
      return ChangeRange.find(git, github.pr(), inputs.baseRef()).orElse(null);
    } catch (StepFailure e) {
      if (inputs.filter() != DiffFilter.ALL) {
        throw e;
      }
      // With filter: all the change only orders the annotations; without it every finding still
      // counts.
      log.info("Findings are not ranked by the change: " + e.getMessage());
      return null;
    }
  }

  private ChangedLines diff(GitHistory git, ChangeRange range) throws StepFailure {
    try {
      ChangedLines lines = git.diff(range.from(), range.to(), GitHistory.GIT_CONTEXT_LINES);
      log.info(
          "The change touches "
              + lines.files().size()
              + " files, "
              + lines.addedLineCount()
              + " lines added or changed.");
      return lines;
    } catch (GitException e) {
      throw new StepFailure(
          "lint-gate cannot diff " + range.how() + ": " + e.getMessage() + ".",
          ChangeRange.FETCH_HINT);
    }
  }

  private FindingTally read(
      LintGatePlan plan, DiffScope scope, Map<LintGatePlan.ReportFile, Integer> perReport)
      throws StepFailure {
    FindingTally tally = new FindingTally(Annotations.BUDGET_PER_LEVEL);
    ReportPaths paths = new ReportPaths(workspace.root());
    for (LintGatePlan.ReportFile report : plan.reports()) {
      int[] n = {0};
      Path dir =
          Objects.requireNonNull(
              report.path().toAbsolutePath().getParent(), "a report file is in a folder");
      // A report of millions of findings takes a while: the count so far at least every 10 s; the
      // line below ends it.
      Progress reading =
          Progress.ofCount(log, clock, "Reading " + report.name(), 0, "findings", READING_EVERY);
      try (Progress.Watch watch = reading.watch()) {
        report
            .format()
            .reader()
            .read(
                report.path(),
                f -> {
                  Finding finding = paths.place(f, dir);
                  Placement placement = scope.place(finding);
                  tally.add(finding, placement, plan.filter().counts(placement));
                  reading.update(++n[0]);
                });
      } catch (ReportException e) {
        throw unreadable(
            new StepFailure(
                "Report "
                    + report.name()
                    + " cannot be read as "
                    + report.format().title()
                    + ": "
                    + e.getMessage()
                    + ".",
                "Check the step that wrote it (a linter that crashed may leave a partial file)"
                    + (plan.reports().size() > 1 ? "" : ", or set `format` if it is another format")
                    + "."));
      } catch (IOException e) {
        throw unreadable(
            new StepFailure(
                "Report " + report.name() + " cannot be read: " + e + ".",
                "Check that the step that wrote it finished and that it is a regular, readable file."));
      }
      perReport.put(report, n[0]);
      log.info(
          report.name()
              + " ("
              + report.format().title()
              + "): "
              + GatePolicy.count(n[0], "finding"));
    }
    return tally;
  }

  /** A report that cannot be read still leaves a summary saying which and why. */
  private StepFailure unreadable(StepFailure f) {
    summary
        .heading(2, "lint-gate: error")
        .alert(
            "CAUTION",
            Objects.requireNonNull(f.userMessage(), "a StepFailure is made with a message"));
    return f;
  }

  private void verdict(
      LintGateInputs inputs,
      LintGatePlan plan,
      DiffScope scope,
      FindingTally tally,
      Map<LintGatePlan.ReportFile, Integer> perReport)
      throws StepFailure {
    outputs.set(ERRORS, tally.all(Severity.ERROR));
    outputs.set(WARNINGS, tally.all(Severity.WARNING));
    outputs.set(NOTICES, tally.all(Severity.NOTICE));
    outputs.set(ERRORS_IN_DIFF, tally.counted(Severity.ERROR));
    outputs.set(WARNINGS_IN_DIFF, tally.counted(Severity.WARNING));
    String where =
        plan.filter() == DiffFilter.ALL
            ? "in the reports"
            : plan.filter() == DiffFilter.ADDED
                ? "on changed lines"
                : plan.filter() == DiffFilter.FILE ? "in changed files" : "in the diff";
    List<String> breaches =
        plan.policy()
            .breaches(tally.counted(Severity.ERROR), tally.counted(Severity.WARNING), where);
    outputs.set(VERDICT, breaches.isEmpty() ? Verdict.PASSED : Verdict.FAILED);
    GitHubPublisher.Shown shown =
        publisher.publish(
            inputs,
            plan.reporter(),
            github,
            scope,
            tally,
            breaches,
            where,
            annotations,
            outputs,
            workspace.root());
    for (Severity s : Severity.values()) {
      for (FindingTally.Ranked r : tally.annotations(s)) {
        if (!shown.onGitHub(r)) {
          annotations.add(annotation(r));
        }
      }
    }
    new LintGateSummary(summary)
        .write(
            plan,
            scope,
            tally,
            perReport,
            breaches,
            shown.words(),
            shown.used() == Reporter.ANNOTATIONS);
    log.info(
        GatePolicy.count(tally.countedTotal(), "finding")
            + " counted "
            + where
            + " of "
            + tally.total()
            + " in all.");
    if (!breaches.isEmpty()) {
      String shownWhere =
          switch (shown.used()) {
            case ANNOTATIONS -> "each is annotated";
            case CHECK -> "the check run shows each on its line";
            case REVIEW -> "the review comments on each line";
          };
      throw new StepFailure(
          "lint-gate failed: " + String.join("; ", breaches) + ".",
          "Fix them ("
              + shownWhere
              + ", and the step summary lists them all), or adjust fail-on, max-errors or max-warnings.");
    }
  }

  private static Annotation annotation(FindingTally.Ranked r) {
    Finding f = r.finding();
    Annotation a =
        Annotation.of(f.severity().level(), f.message())
            .withTitle(f.tool() + " " + f.rule())
            .withRank(r.placement().ordinal());
    if (f.path() == null) {
      return a;
    }
    return f.line() > 0
        ? a.at(
            f.path(),
            f.line(),
            f.endLine(),
            f.column() > 0 ? f.column() : null,
            f.endColumn() > 0 ? f.endColumn() : null)
        : a.at(f.path(), null);
  }
}
