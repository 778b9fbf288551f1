package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.provider.github.CheckRuns;
import dev.flo.actions.provider.github.GitHubPublishException;
import dev.flo.actions.provider.github.PullRequestReviews;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds what lint-gate shows on GitHub from the counted findings: a check run with every one as an
 * annotation, or a review with a comment per line (suggested changes for fixes on changed lines),
 * and picks the reporter.
 */
final class GitHubReporting {
  /**
   * Line comments in one review; findings past it are counted in the review's body and listed in
   * the summary.
   */
  static final int MAX_COMMENTS = 150;

  /** Counted findings without a line listed in a review's body. */
  private static final int MAX_BODY_ITEMS = 50;

  /** Findings in one line's comment; more on the same line are counted, not listed. */
  private static final int MAX_PER_COMMENT = 20;

  /**
   * Characters of a message in a comment or a review body. With the caps above a body stays well
   * within GitHub's 65,536 characters per comment.
   */
  private static final int MAX_ITEM_MESSAGE = 1000;

  /** The reporter to use and the words for why. */
  record Choice(Reporter reporter, String why) {}

  /** A review to post and what it holds; {@code body} is null when there is nothing to post. */
  record Review(
      List<PullRequestReviews.LineComment> comments,
      Set<FindingTally.Ranked> commented,
      int suggestions,
      @Nullable String body,
      String fallbackBody) {}

  private GitHubReporting() {}

  static Choice choose(LintGateInputs inputs, GitHubContext github) {
    if (inputs.reporter() == Reporter.CHECK
        && (github.repository() == null || headSha(github) == null)) {
      return new Choice(
          Reporter.ANNOTATIONS,
          "`reporter` asks for a check run, but this run has no repository and commit (GITHUB_REPOSITORY, GITHUB_SHA) to attach one to");
    }
    if (inputs.reporter() == Reporter.REVIEW && github.repository() == null) {
      return new Choice(
          Reporter.ANNOTATIONS,
          "`reporter` asks for a review, but this run has no repository (GITHUB_REPOSITORY) to post one on");
    }
    if (inputs.reporter() != null) {
      return new Choice(inputs.reporter(), "as `reporter` asks");
    }
    if (inputs.githubToken() == null) {
      return new Choice(
          Reporter.ANNOTATIONS, "no `github-token` was given to write a check run with");
    }
    if (github.repository() == null || headSha(github) == null) {
      return new Choice(
          Reporter.ANNOTATIONS, "this run has no repository and commit to attach a check run to");
    }
    if (fork(github)) {
      return new Choice(
          Reporter.ANNOTATIONS,
          "the pull request comes from a fork, whose GITHUB_TOKEN may not write checks");
    }
    return new Choice(
        Reporter.CHECK,
        "the token may write checks (`checks: write`); annotations would show only ten of each kind");
  }

  /**
   * The commit findings are reported on: the pull request's head (what the pull request shows),
   * else the run's; null when the run has neither.
   */
  static @Nullable String headSha(GitHubContext github) {
    return github.pr().map(GitHubContext.PullRequest::headSha).orElse(github.sha());
  }

  static boolean fork(GitHubContext github) {
    String head =
        github
            .event()
            .path("pull_request")
            .path("head")
            .path("repo")
            .path("full_name")
            .asText(null);
    return head != null
        && github.repository() != null
        && !head.equalsIgnoreCase(github.repository());
  }

  static String marker(String checkName) {
    return "<!-- flo-actions:lint-gate:" + checkName.replace("--", "- -") + " -->";
  }

  /**
   * @param redact masks secrets in text bound for GitHub (a linter may quote one in a message)
   */
  static CheckRuns.Report checkRun(
      LintGateInputs inputs,
      GitHubContext github,
      DiffScope scope,
      FindingTally tally,
      List<String> breaches,
      String where,
      UnaryOperator<String> redact) {
    List<CheckRuns.Annotation> annotations = new ArrayList<>();
    int unplaced = 0;
    for (FindingTally.Ranked r : tally.listed()) {
      Finding f = r.finding();
      if (f.path() == null) {
        unplaced++;
        continue;
      }
      int line = Math.max(1, f.line());
      boolean oneLine = f.line() > 0 && f.endLine() == f.line() && f.column() > 0;
      annotations.add(
          new CheckRuns.Annotation(
              scope.repoPath(f.path()),
              line,
              Math.max(line, f.endLine()),
              oneLine ? f.column() : null,
              oneLine && f.endColumn() > 0 ? f.endColumn() : null,
              switch (f.severity()) {
                case ERROR -> CheckRuns.Level.FAILURE;
                case WARNING -> CheckRuns.Level.WARNING;
                case NOTICE -> CheckRuns.Level.NOTICE;
              },
              f.tool() + " " + f.rule(),
              redact.apply(f.message()) + (f.docs() == null ? "" : "\n\n" + f.docs()),
              null));
    }
    String counts = counts(tally, where);
    String title =
        breaches.isEmpty() ? "Passed: " + counts : "Failed: " + String.join("; ", breaches);
    StringBuilder summary = new StringBuilder(counts).append(".");
    if (tally.countedTotal() > tally.listed().size()) {
      summary
          .append(" The ")
          .append(tally.listed().size())
          .append(" most severe are annotated; the run's step summary has the totals of all.");
    }
    if (unplaced > 0) {
      summary
          .append(" ")
          .append(GatePolicy.count(unplaced, "finding"))
          .append(" name no file and are in the step summary.");
    }
    CheckRuns.Conclusion conclusion =
        breaches.isEmpty() ? CheckRuns.Conclusion.SUCCESS : CheckRuns.Conclusion.FAILURE;
    return new CheckRuns.Report(
        inputs.checkName(),
        Objects.requireNonNull(headSha(github), "choose picks a check run only with a commit"),
        title,
        summary.toString(),
        null,
        conclusion,
        github.runUrl(),
        annotations);
  }

  static Review review(
      SuggestionMaker maker,
      DiffScope scope,
      FindingTally tally,
      List<String> breaches,
      String where,
      UnaryOperator<String> redact) {
    record Anchor(String path, int start, int end) {}
    Map<Anchor, List<FindingTally.Ranked>> byLine = new LinkedHashMap<>();
    Map<Anchor, SuggestionMaker.Suggestion> suggestionAt = new LinkedHashMap<>();
    List<FindingTally.Ranked> elsewhere = new ArrayList<>();
    for (FindingTally.Ranked r : tally.listed()) {
      Finding f = r.finding();
      boolean onDiff =
          r.placement() == Placement.CHANGED_LINE || r.placement() == Placement.DIFF_CONTEXT;
      // A finding on the diff names a file: DiffScope places one without a path outside the change.
      String path = f.path();
      ChangedLines changes = scope.changes();
      Optional<ChangedLines.ChangedFile> file =
          onDiff && changes != null && path != null
              ? changes.file(scope.repoPath(path))
              : Optional.empty();
      if (path == null || file.isEmpty() || f.line() <= 0) {
        elsewhere.add(r);
        continue;
      }
      Optional<SuggestionMaker.Suggestion> s = maker.suggest(f, file.get());
      String repoPath = scope.repoPath(path);
      Anchor anchor =
          s.map(x -> new Anchor(repoPath, x.startLine(), x.endLine()))
              .orElse(new Anchor(repoPath, f.line(), f.line()));
      if (!byLine.containsKey(anchor) && byLine.size() >= MAX_COMMENTS) {
        elsewhere.add(r);
        continue;
      }
      byLine.computeIfAbsent(anchor, k -> new ArrayList<>()).add(r);
      s.ifPresent(x -> suggestionAt.putIfAbsent(anchor, x));
    }
    List<PullRequestReviews.LineComment> comments = new ArrayList<>();
    Set<FindingTally.Ranked> commented = new HashSet<>();
    List<String> fallback = new ArrayList<>();
    int suggestions = 0;
    for (var e : byLine.entrySet()) {
      StringBuilder body = new StringBuilder();
      List<FindingTally.Ranked> here = e.getValue();
      for (FindingTally.Ranked r : here.subList(0, Math.min(here.size(), MAX_PER_COMMENT))) {
        body.append(body.isEmpty() ? "" : "\n").append(item(r.finding(), redact));
        fallback.add(
            "`" + e.getKey().path() + ":" + e.getKey().start() + "` " + item(r.finding(), redact));
      }
      if (here.size() > MAX_PER_COMMENT) {
        body.append("\n… and ")
            .append(here.size() - MAX_PER_COMMENT)
            .append(" more on this line, in the run's step summary");
      }
      commented.addAll(here);
      SuggestionMaker.Suggestion s = suggestionAt.get(e.getKey());
      if (s != null) {
        body.append("\n\n").append(suggestionBlock(redact.apply(s.replacement())));
        suggestions++;
      }
      comments.add(
          new PullRequestReviews.LineComment(
              e.getKey().path(), e.getKey().start(), e.getKey().end(), body.toString()));
    }
    String head =
        "**lint-gate "
            + (breaches.isEmpty() ? "passed" : "failed")
            + "**: "
            + counts(tally, where)
            + ".";
    StringBuilder body = new StringBuilder(head);
    appendItems(
        body,
        elsewhere.stream()
            .map(r -> "`" + r.finding().where() + "` " + item(r.finding(), redact))
            .toList(),
        "Not on a line of this pull request's diff:");
    StringBuilder fallbackBody = new StringBuilder(head);
    appendItems(
        fallbackBody,
        fallback,
        "GitHub would not take comments on these lines, so they are listed here:");
    appendItems(
        fallbackBody,
        elsewhere.stream()
            .map(r -> "`" + r.finding().where() + "` " + item(r.finding(), redact))
            .toList(),
        "Elsewhere:");
    // A review that says "nothing found" on every push would pile up on the pull request's
    // timeline.
    boolean worthPosting = !comments.isEmpty() || !elsewhere.isEmpty();
    return new Review(
        comments,
        commented,
        suggestions,
        worthPosting ? body.toString() : null,
        fallbackBody.toString());
  }

  private static void appendItems(StringBuilder body, List<String> items, String heading) {
    if (items.isEmpty()) {
      return;
    }
    body.append("\n\n").append(heading).append('\n');
    items.stream()
        .limit(MAX_BODY_ITEMS)
        .forEach(i -> body.append("- ").append(i.replace('\n', ' ')).append('\n'));
    if (items.size() > MAX_BODY_ITEMS) {
      body.append("- … and ")
          .append(items.size() - MAX_BODY_ITEMS)
          .append(" more in the run's step summary\n");
    }
  }

  /** {@code **ESLint** [`no-undef`](docs): message}, the severity first. */
  private static String item(Finding f, UnaryOperator<String> redact) {
    String rule =
        f.docs() == null
            ? StepSummary.code(f.rule())
            : "[" + StepSummary.code(f.rule()) + "](" + f.docs() + ")";
    String message = redact.apply(f.message());
    message =
        message.length() > MAX_ITEM_MESSAGE
            ? message.substring(0, MAX_ITEM_MESSAGE - 1) + "…"
            : message;
    return f.severity().word()
        + " · **"
        + StepSummary.html(f.tool())
        + "** "
        + rule
        + ": "
        + StepSummary.html(message);
  }

  /**
   * A suggestion block; a longer fence when the replacement itself holds backticks (CommonMark
   * §4.5).
   */
  static String suggestionBlock(String replacement) {
    String fence = "```";
    while (replacement.contains(fence)) {
      fence += "`";
    }
    return fence + "suggestion\n" + replacement + (replacement.isEmpty() ? "" : "\n") + fence;
  }

  private static String counts(FindingTally tally, String where) {
    return GatePolicy.count(tally.counted(Severity.ERROR), "error")
        + ", "
        + GatePolicy.count(tally.counted(Severity.WARNING), "warning")
        + " and "
        + GatePolicy.count(tally.counted(Severity.NOTICE), "notice")
        + " "
        + where;
  }

  /** One line for the log and the summary on what GitHub refused. */
  static String refusal(GitHubPublishException e) {
    return e.getMessage() + ". " + e.hint();
  }
}
