package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.github.CheckRuns;
import dev.flo.actions.provider.github.GitHubApi;
import dev.flo.actions.provider.github.GitHubPublishException;
import dev.flo.actions.provider.github.PullRequestReviews;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kohsuke.github.GitHub;

/**
 * Shows the counted findings on GitHub with the chosen reporter. A token that may not write (a
 * fork's GITHUB_TOKEN) falls back to annotations with a one-line notice; any other refusal falls
 * back with a warning: the verdict stands either way, since it comes from the findings, not from
 * where they are shown.
 */
public final class GitHubPublisher {
  private final Clock clock;
  private final Log log;
  private final Masker masker;

  /** Where the findings went, for the summary and for which findings still need an annotation. */
  record Shown(Reporter used, Set<FindingTally.Ranked> onLines, String words) {
    boolean onGitHub(FindingTally.Ranked r) {
      return onLines.contains(r);
    }
  }

  /** All of the publishing (check run batches, a review and its clean-up) must end within this. */
  static final java.time.Duration BUDGET = java.time.Duration.ofMinutes(5);

  private final dev.flo.actions.runtime.http.Http http;

  public GitHubPublisher(
      Clock clock, Log log, Masker masker, dev.flo.actions.runtime.http.Http http) {
    this.http = http;
    this.clock = clock;
    this.log = log;
    this.masker = masker;
  }

  Shown publish(
      LintGateInputs inputs,
      GitHubReporting.Choice choice,
      GitHubContext github,
      DiffScope scope,
      FindingTally tally,
      List<String> breaches,
      String where,
      Annotations annotations,
      Outputs outputs,
      Path workspace) {
    try {
      return switch (choice.reporter()) {
        case ANNOTATIONS ->
            new Shown(
                Reporter.ANNOTATIONS,
                Set.of(),
                "Findings are shown as annotations: " + choice.why() + ".");
        case CHECK -> check(inputs, github, scope, tally, breaches, where, outputs);
        case REVIEW -> review(inputs, github, scope, tally, breaches, where, outputs, workspace);
      };
    } catch (GitHubPublishException e) {
      String message =
          masker.redact(
              Objects.requireNonNull(e.getMessage(), "a GitHubPublishException has a message"));
      String what = choice.reporter() == Reporter.CHECK ? "a check run" : "a review";
      if (e.permission()) {
        annotations.add(
            Annotation.notice(
                    "lint-gate could not write "
                        + what
                        + " (the token lacks `"
                        + choice.reporter().permission()
                        + "`, as on pull requests from forks); findings are shown as annotations instead.")
                .withTitle("lint-gate"));
      } else {
        annotations.add(
            Annotation.warning(
                    masker.redact(GitHubReporting.refusal(e))
                        + " Findings are shown as annotations instead.")
                .withTitle("lint-gate could not write " + what));
      }
      log.info("Could not write " + what + ": " + message + "; falling back to annotations.");
      return new Shown(
          Reporter.ANNOTATIONS,
          Set.of(),
          "Findings are shown as annotations: GitHub did not take " + what + " (" + message + ").");
    }
  }

  private Shown check(
      LintGateInputs inputs,
      GitHubContext github,
      DiffScope scope,
      FindingTally tally,
      List<String> breaches,
      String where,
      Outputs outputs)
      throws GitHubPublishException {
    CheckRuns.Report report =
        GitHubReporting.checkRun(inputs, github, scope, tally, breaches, where, masker::redact);
    CheckRuns.Published published =
        new CheckRuns(connect(inputs))
            .publish(
                Objects.requireNonNull(
                    github.repository(), "GitHubReporting.choose picks a check run only with one"),
                report);
    outputs.set(LintGateStep.CHECK_RUN_ID, published.id());
    Set<FindingTally.Ranked> shown = new HashSet<>();
    tally.listed().stream().filter(r -> r.finding().path() != null).forEach(shown::add);
    String how =
        switch (published.outcome()) {
          case CREATED -> "created";
          case UPDATED -> "updated (a re-run on the same commit with the same findings)";
          case REPLACED -> "created, and the earlier one on this commit marked superseded";
        };
    log.info(
        "Check run "
            + published.id()
            + " "
            + how
            + " with "
            + GatePolicy.count(report.annotations().size(), "annotation")
            + (published.htmlUrl() == null ? "" : ": " + published.htmlUrl()));
    return new Shown(
        Reporter.CHECK,
        shown,
        "Findings are in the check run **"
            + inputs.checkName()
            + "**"
            + (published.htmlUrl() == null ? "" : " (" + published.htmlUrl() + ")")
            + ", "
            + how
            + ", with "
            + GatePolicy.count(report.annotations().size(), "annotation")
            + ".");
  }

  private Shown review(
      LintGateInputs inputs,
      GitHubContext github,
      DiffScope scope,
      FindingTally tally,
      List<String> breaches,
      String where,
      Outputs outputs,
      Path workspace)
      throws GitHubPublishException {
    GitHubReporting.Review review =
        GitHubReporting.review(
            new SuggestionMaker(workspace), scope, tally, breaches, where, masker::redact);
    var pr = github.pr().orElseThrow();
    PullRequestReviews.Posted posted =
        new PullRequestReviews(connect(inputs))
            .replace(
                Objects.requireNonNull(
                    github.repository(), "GitHubReporting.choose picks a review only with one"),
                pr.number(),
                pr.headSha(),
                GitHubReporting.marker(inputs.checkName()),
                review.body(),
                review.comments(),
                review.fallbackBody());
    String replaced =
        posted.deleted() == 0
            ? ""
            : ", replacing " + GatePolicy.count(posted.deleted(), "earlier comment");
    if (posted.id() == 0) {
      log.info("No counted finding to review" + replaced + ".");
      return new Shown(
          Reporter.REVIEW,
          Set.of(),
          "No counted finding, so no review was posted" + replaced + ".");
    }
    outputs.set(LintGateStep.REVIEW_ID, posted.id());
    int suggestions = posted.linesRefused() ? 0 : review.suggestions();
    outputs.set(LintGateStep.SUGGESTIONS, suggestions);
    if (posted.linesRefused()) {
      log.info(
          "GitHub refused comments on lines outside the pull request's diff; review "
              + posted.id()
              + " lists the findings in its body instead"
              + replaced
              + ".");
      return new Shown(
          Reporter.REVIEW,
          Set.of(),
          "Findings are listed in review "
              + posted.id()
              + "'s body: GitHub refused line comments (a line outside the pull request's diff)"
              + replaced
              + ".");
    }
    log.info(
        "Review "
            + posted.id()
            + ": "
            + GatePolicy.count(posted.commentsPosted(), "line comment")
            + ", "
            + GatePolicy.count(suggestions, "suggested change")
            + replaced
            + (posted.htmlUrl() == null ? "" : ": " + posted.htmlUrl()));
    return new Shown(
        Reporter.REVIEW,
        review.commented(),
        "Findings are in a pull-request review"
            + (posted.htmlUrl() == null ? "" : " (" + posted.htmlUrl() + ")")
            + ": "
            + GatePolicy.count(posted.commentsPosted(), "line comment")
            + " with "
            + GatePolicy.count(suggestions, "suggested change")
            + replaced
            + ".");
  }

  private GitHub connect(LintGateInputs inputs) throws GitHubPublishException {
    try {
      return GitHubApi.connect(
          inputs.apiUrl(),
          Objects.requireNonNull(
              inputs.githubToken(),
              "the inputs refuse a check or review reporter without a token, and the default picks"
                  + " one only with a token"),
          clock,
          log,
          http.within(dev.flo.actions.runtime.Deadline.after(clock, BUDGET)));
    } catch (IOException e) {
      throw new GitHubPublishException(
          "Could not set up the GitHub client for " + inputs.apiUrl() + ": " + e.getMessage(),
          "Check `api-url`.",
          false,
          e);
    }
  }
}
