package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.provider.git.TestRepository;
import dev.flo.actions.provider.github.ChecksAndReviewsFake;
import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * lint-gate's reporters end to end through the real launcher, against the GitHub fake: a pull
 * request ({@code fixes/base} → {@code fixes/head}) linted by the real ESLint (its json carries
 * fixes), formatted by the real Prettier (a git diff), and a ruff SARIF report written by hand to
 * ruff's documented shape (PyPI, where ruff comes from, is not reachable where the fixtures were
 * made; see reports/fixes/README.md).
 */
class LintGateReportersTest {
  static final Path FIXTURES = Path.of("src/test/resources/lintgate");
  static final String MARKER = "<!-- flo-actions:lint-gate:lint-gate -->";

  @RegisterExtension final GitHubFake github = GitHubFake.start();
  @TempDir Path ws;
  @TempDir Path elsewhere;
  TestRepository repo;
  String base;
  String head;

  @AfterEach
  void close() {
    if (repo != null) {
      repo.close();
    }
  }

  void pullRequest() throws Exception {
    repo = TestRepository.init(ws);
    repo.copy(FIXTURES.resolve("fixes/base"))
        .write(".gitignore", "reports/\nset_output_*\nstep_summary_*\n");
    base = repo.commit("Cart and order API");
    repo.branch("feature").copy(FIXTURES.resolve("fixes/head"));
    head = repo.commit("Totals, tax and discounts");
    Files.createDirectories(ws.resolve("reports"));
    for (String f : List.of("eslint.json", "prettier.diff", "ruff.sarif")) {
      Files.copy(FIXTURES.resolve("reports/fixes").resolve(f), ws.resolve("reports").resolve(f));
    }
    // The lines GitHub's diff of the pull request shows on the head side: the changes and three
    // lines around them.
    github
        .checks()
        .pullRequest(7, head, Map.of("web/cart.js", lines(12, 25), "api/app.py", lines(1, 12)));
  }

  static Set<Integer> lines(int from, int to) {
    Set<Integer> s = new HashSet<>();
    IntStream.rangeClosed(from, to).forEach(s::add);
    return s;
  }

  StepHarness onPullRequest(String headRepo) throws IOException {
    Path event = elsewhere.resolve("event.json");
    Files.writeString(
        event,
        """
        {"action": "synchronize", "number": 7, "pull_request": {"number": 7,
          "head": {"sha": "%s", "ref": "feature", "repo": {"full_name": "%s"}}, "base": {"sha": "%s", "ref": "main", "repo": {"full_name": "acme/shop"}}}}
        """
            .formatted(head, headRepo, base));
    return new StepHarness(LintGateStep.DEFINITION, ws)
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event.toString())
        .input("github-token", GitHubFake.TOKEN)
        .input("api-url", github.apiUrl());
  }

  StepHarness onPullRequest() throws IOException {
    return onPullRequest("acme/shop");
  }

  @Test
  void reviewSuggestsEachFixOnAChangedLineAndNoneElsewhere() throws Exception {
    pullRequest();
    var result =
        onPullRequest()
            .input("reports", "reports/eslint.json\nreports/prettier.diff\nreports/ruff.sarif")
            .input("reporter", "review")
            .run();

    // Counted: ESLint 4 warnings (lines 17-20), Prettier's tax() hunk, ruff's 2 errors. Not:
    // ESLint's lines 2 and
    // 13 and Prettier's line 2, which the pull request did not touch.
    assertThat(result.outputs())
        .containsAllEntriesOf(
            Map.of(
                "errors-in-diff",
                "2",
                "warnings-in-diff",
                "5",
                "verdict",
                "failed",
                "suggestions",
                "7"));
    assertThat(result.exitCode()).isEqualTo(1);
    List<ChecksAndReviewsFake.Review> reviews = github.checks().reviews();
    assertThat(reviews).hasSize(1);
    assertThat(result.output("review-id")).isEqualTo(Long.toString(reviews.getFirst().id()));
    assertThat(reviews.getFirst().event()).isEqualTo("COMMENT");
    assertThat(reviews.getFirst().commitId()).isEqualTo(head);
    assertThat(reviews.getFirst().body())
        .startsWith("**lint-gate failed**: 2 errors, 5 warnings and 0 notices on changed lines.")
        .contains(MARKER);

    var comments = github.checks().comments();
    assertThat(comments)
        .hasSize(7)
        .allSatisfy(c -> assertThat(c.body()).contains(MARKER).contains("```suggestion\n"));
    assertThat(comments)
        .extracting(c -> c.path() + ":" + c.line())
        .containsExactlyInAnyOrder(
            "web/cart.js:17",
            "web/cart.js:18",
            "web/cart.js:19",
            "web/cart.js:20",
            "web/cart.js:23",
            "api/app.py:2",
            "api/app.py:10");
    assertThat(comment("web/cart.js", 17))
        .contains("[`prefer-const`](https://eslint.org/docs/latest/rules/prefer-const)")
        .contains("```suggestion\n  const base = subtotal(lines);\n```");
    assertThat(comment("web/cart.js", 20))
        .contains("```suggestion\n  return base - discount + shipping.cents;\n```");
    // The one suggestion ESLint offers for an unused variable: the declaration goes, its
    // indentation stays.
    assertThat(comment("web/cart.js", 19))
        .contains("no-unused-vars")
        .contains("```suggestion\n  \n```");
    // Prettier's hunk: one line becomes three.
    assertThat(comment("web/cart.js", 23))
        .contains("**diff**")
        .contains("```suggestion\nfunction tax(amount, rate) {\n  return amount * rate;\n}\n```");
    // ruff: the unused import's line is deleted (an empty suggestion); the comparison is rewritten;
    // both link their docs.
    assertThat(comment("api/app.py", 2))
        .contains("[`F401`](https://docs.astral.sh/ruff/rules/unused-import)")
        .contains("```suggestion\n```");
    assertThat(comment("api/app.py", 10))
        .contains("```suggestion\n    if order.coupon is None:\n```");
    assertThat(github.checks().checkRuns()).isEmpty();
    assertThat(result.summary())
        .contains("Findings are in a pull-request review")
        .contains("7 line comments with 7 suggested changes");
  }

  private String comment(String path, int line) {
    return github.checks().comments().stream()
        .filter(c -> c.path().equals(path) && c.line() == line)
        .findFirst()
        .orElseThrow()
        .body();
  }

  @Test
  void aReRunReplacesItsOwnCommentsAndLeavesOthersAlone() throws Exception {
    pullRequest();
    github.checks().seedComment(7, "alice", "web/cart.js", 18, "Why var here?");
    github.checks().seedComment(7, "mallory", "web/cart.js", 17, "Copied: " + MARKER);
    var step = onPullRequest().input("reports", "reports/eslint.json").input("reporter", "review");

    step.run();
    var first = github.checks().comments();
    var again = step.run();

    assertThat(github.checks().reviews()).hasSize(2);
    var now = github.checks().comments();
    assertThat(now).hasSize(first.size());
    assertThat(now)
        .filteredOn(c -> c.author().equals("github-actions[bot]"))
        .hasSize(4)
        .allSatisfy(c -> assertThat(c.reviewId()).isEqualTo(github.checks().reviews().get(1).id()));
    assertThat(now)
        .extracting(ChecksAndReviewsFake.ReviewComment::body)
        .contains("Why var here?", "Copied: " + MARKER);
    assertThat(again.summary()).contains("replacing 4 earlier comments");
  }

  @Test
  void onceTheFindingsAreFixedARunRemovesItsCommentsAndPostsNoEmptyReview() throws Exception {
    pullRequest();
    onPullRequest().input("reports", "reports/eslint.json").input("reporter", "review").run();
    Files.writeString(ws.resolve("reports/eslint.json"), "[]");

    var clean =
        onPullRequest().input("reports", "reports/eslint.json").input("reporter", "review").run();

    assertThat(clean.exitCode()).isZero();
    assertThat(github.checks().comments()).isEmpty();
    assertThat(github.checks().reviews()).hasSize(1);
    assertThat(clean.output("review-id")).isEmpty();
    assertThat(clean.summary())
        .contains("No counted finding, so no review was posted, replacing 4 earlier comments.");
  }

  @Test
  void checkModeDeliversAllOfAHundredAndTwentyFindingsFiftyPerRequest() throws Exception {
    pullRequest();
    // A new file with 120 changed lines, each with a problem: 20 errors and 100 warnings.
    StringBuilder source = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    for (int i = 1; i <= 120; i++) {
      source.append("var v").append(i).append(" = ").append(i).append(";\n");
      messages
          .append(i > 1 ? "," : "")
          .append(
              """
          {"ruleId":"no-var","severity":%d,"message":"Unexpected var, use let or const instead.","line":%d,"column":1,"endLine":%d,"endColumn":%d}"""
                  .formatted(i <= 20 ? 2 : 1, i, i, 11 + String.valueOf(i).length()));
    }
    repo.write("web/many.js", source.toString());
    head = repo.commit("Many vars");
    Files.writeString(
        ws.resolve("reports/many.json"),
        "[{\"filePath\":\"" + ws.resolve("web/many.js") + "\",\"messages\":[" + messages + "]}]");

    var result = onPullRequest().input("reports", "reports/many.json").run();

    assertThat(result.outputs())
        .containsAllEntriesOf(
            Map.of(
                "errors-in-diff",
                "20",
                "warnings-in-diff",
                "100",
                "verdict",
                "failed",
                "review-id",
                ""));
    var runs = github.checks().checkRuns();
    assertThat(runs).hasSize(1);
    var run = runs.getFirst();
    assertThat(result.output("check-run-id")).isEqualTo(Long.toString(run.id()));
    assertThat(run.annotations()).hasSize(120);
    assertThat(run.annotations())
        .extracting(a -> a.path("start_line").asInt())
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 120).boxed().toList());
    assertThat(run.annotations())
        .filteredOn(a -> a.path("annotation_level").asText().equals("failure"))
        .hasSize(20);
    assertThat(run.annotations().getFirst().path("path").asText()).isEqualTo("web/many.js");
    assertThat(run)
        .extracting(
            ChecksAndReviewsFake.CheckRun::headSha,
            ChecksAndReviewsFake.CheckRun::conclusion,
            ChecksAndReviewsFake.CheckRun::status)
        .containsExactly(head, "failure", "completed");
    assertThat(run.title()).isEqualTo("Failed: 20 errors on changed lines");
    // One create and two updates: 50 + 50 + 20.
    assertThat(github.mutating()).hasSize(3);
    assertThat(result.stdout()).contains("Reporter: check (the token may write checks");
    // Only the failure itself is a workflow annotation: the findings are in the check run.
    assertThat(result.annotations("warning")).isEmpty();
    assertThat(result.annotations("error"))
        .hasSize(1)
        .allSatisfy(a -> assertThat(a).contains("lint-gate failed"));

    // A re-run on the same commit updates that check run without sending its annotations again.
    var again = onPullRequest().input("reports", "reports/many.json").run();
    assertThat(github.checks().checkRuns()).hasSize(1);
    assertThat(github.checks().checkRuns().getFirst().annotations()).hasSize(120);
    assertThat(again.output("check-run-id")).isEqualTo(Long.toString(run.id()));
  }

  @Test
  void aCheckRunPassesWhenThePolicyHolds() throws Exception {
    pullRequest();
    var result = onPullRequest().input("reports", "reports/eslint.json").run();
    assertThat(result.exitCode()).isZero();
    var run = github.checks().checkRuns().getFirst();
    assertThat(run.conclusion()).isEqualTo("success");
    assertThat(run.annotations()).hasSize(4);
    JsonNode a =
        run.annotations().stream()
            .filter(x -> x.path("start_line").asInt() == 17)
            .findFirst()
            .orElseThrow();
    assertThat(a.path("title").asText()).isEqualTo("ESLint prefer-const");
    assertThat(a.path("message").asText())
        .contains("'base' is never reassigned. Use 'const' instead.")
        .contains("https://eslint.org/docs/latest/rules/prefer-const");
  }

  @Test
  void aReadOnlyTokenFallsBackToAnnotationsWithANotice() throws Exception {
    pullRequest();
    github.checks().readOnly();
    var result = onPullRequest().input("reports", "reports/eslint.json\nreports/ruff.sarif").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outputs())
        .containsAllEntriesOf(
            Map.of("verdict", "failed", "check-run-id", "", "errors-in-diff", "2"));
    assertThat(result.annotations("notice"))
        .containsExactly(
            "::notice title=lint-gate::lint-gate could not write a check run (the token lacks `checks: write`, as on pull requests from forks); findings are shown as annotations instead.");
    assertThat(result.annotations("warning")).hasSize(4);
    assertThat(result.annotations("error"))
        .anySatisfy(a -> assertThat(a).startsWith("::error file=api/app.py,line=2,"));
    assertThat(result.stdout().replace("::add-mask::" + GitHubFake.TOKEN, ""))
        .doesNotContain(GitHubFake.TOKEN)
        .doesNotContain("Exception");
  }

  @Test
  void aForkPullRequestUsesAnnotationsWithoutAsking() throws Exception {
    pullRequest();
    var result = onPullRequest("contributor/shop").input("reports", "reports/eslint.json").run();
    assertThat(github.requests()).isEmpty();
    assertThat(result.stdout())
        .contains("Reporter: annotations (the pull request comes from a fork");
    assertThat(result.annotations("warning")).hasSize(4);
  }

  @Test
  void aReviewWithoutARepositoryFallsBackToAnnotationsAndSaysWhy() throws Exception {
    pullRequest();
    var result =
        onPullRequest()
            .without("GITHUB_REPOSITORY")
            .input("reports", "reports/eslint.json")
            .input("reporter", "review")
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(github.requests()).isEmpty();
    assertThat(result.stdout())
        .contains(
            "Reporter: annotations (`reporter` asks for a review, but this run has no repository (GITHUB_REPOSITORY) to post one on)")
        .doesNotContain("Exception");
    assertThat(result.annotations("warning")).hasSize(4);
    assertThat(result.output("verdict")).isEqualTo("passed");
  }

  @Test
  void aDryRunSaysWhichReporterAndWritesNothing() throws Exception {
    pullRequest();
    var result =
        onPullRequest()
            .input("reports", "reports/eslint.json")
            .input("reporter", "review")
            .input("dry-run", "true")
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(github.requests()).isEmpty();
    assertThat(result.summary()).contains("Reporter: review (as `reporter` asks)");
  }

  @Test
  void aReviewOffAPullRequestIsAnInputError() throws Exception {
    pullRequest();
    var result =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("reports", "reports/eslint.json")
            .input("reporter", "review")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'reporter' is 'review', but this run is not for a pull request");
    assertThat(result.output("verdict")).isEqualTo("error");
  }
}
