package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.provider.git.TestRepository;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lint-gate end to end through the real launcher, on a real git repository: a base branch whose
 * legacy.js has 395 old warnings and a pull request that touches three of its lines (one new error,
 * one new warning, one fix) and one line of checkout.ts (a new type error next to an old one).
 * Reports are the real tools' output from the fixtures.
 */
class LintGateStepTest {
  static final Path FIXTURES = Path.of("src/test/resources/lintgate");

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

  /**
   * main = fixtures/base, feature = fixtures/sample; reports copied into the workspace's reports/.
   */
  void pullRequest(Path dir) throws Exception {
    repo = TestRepository.init(dir);
    // Reports and the harness's runner files are build output, never part of the change.
    repo.copy(FIXTURES.resolve("base"))
        .write(".gitignore", "reports/\nset_output_*\nstep_summary_*\n");
    base = repo.commit("Legacy code");
    repo.branch("feature").copy(FIXTURES.resolve("sample"));
    head = repo.commit("Tax rate, fixes");
    copyReports(dir);
  }

  static void copyReports(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("reports"));
    try (var files = Files.list(FIXTURES.resolve("reports"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("reports").resolve(f.getFileName()));
      }
    }
  }

  StepHarness onPullRequest(Path dir, String baseSha, String headSha) throws IOException {
    Path event = elsewhere.resolve("event.json");
    Files.writeString(
        event,
        """
        {"action": "synchronize", "number": 7, "pull_request": {"number": 7,
          "head": {"sha": "%s", "ref": "feature"}, "base": {"sha": "%s", "ref": "main"}}}
        """
            .formatted(headSha, baseSha));
    return new StepHarness(LintGateStep.DEFINITION, dir)
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event.toString());
  }

  @Test
  void failsOnlyOnTheNewProblemOfAPullRequestThatTouchesThreeLinesOfAFileWithHundredsOfOldWarnings()
      throws Exception {
    pullRequest(ws);
    var result = onPullRequest(ws, base, head).input("reports", "reports/eslint.json").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outputs())
        .containsAllEntriesOf(
            Map.of(
                "errors",
                "1",
                "warnings",
                "395",
                "notices",
                "0",
                "errors-in-diff",
                "1",
                "warnings-in-diff",
                "1",
                "verdict",
                "failed"));
    List<String> errors = result.annotations("error");
    assertThat(errors).hasSize(2);
    assertThat(errors)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error file=src/legacy.js,line=12,endLine=12,col=44,endColumn=51,title=ESLint no-undef::'taxRate' is not defined."));
    assertThat(errors)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error title=lint-gate failed::lint-gate failed: 1 error on changed lines."));
    assertThat(result.annotations("warning"))
        .containsExactly(
            "::warning file=src/legacy.js,line=102,endLine=102,col=38,endColumn=45,title=ESLint no-unused-vars::'rounded' is assigned a value but never used.");
    assertThat(result.summary())
        .contains("## lint-gate failed")
        .contains("| Counted (filter `added`) | 1 | 1 | 0 |")
        .contains("| In all reports | 1 | 395 | 0 |")
        .contains(
            "| error | `src/legacy.js:12` | `no-undef` | 'taxRate' is not defined. | on a changed line |")
        .contains("merge base of main and " + head.substring(0, 7))
        .contains("2 files changed, 4 lines added or modified")
        .contains("396 findings in 1 file")
        .contains(
            "| `src/legacy.js` | `no-unused-vars` | 0 | 198 | 0 | 1 |\n|  | `eqeqeq` | 0 | 197 | 0 | 0 |\n|  | `no-undef` | 1 | 0 | 0 | 1 |");
  }

  @Test
  void readsAWorkspaceOwnedByAnotherUserAsTheContainerDoes() throws Exception {
    pullRequest(ws);
    TestRepository.chown(ws, 1001);
    var result = onPullRequest(ws, base, head).input("reports", "reports/eslint.json").run();
    assertThat(result.output("errors-in-diff")).isEqualTo("1");
    assertThat(result.output("warnings-in-diff")).isEqualTo("1");
  }

  @Test
  void mixedFormatsCountTheirOwnNewProblemsAndFailingTestsAlwaysCount() throws Exception {
    pullRequest(ws);
    // A Maven module beside the web code: Surefire's report names no file, its stack frames do.
    Path surefire = Files.createDirectories(ws.resolve("api/target/surefire-reports"));
    Files.move(
        ws.resolve("reports/TEST-shop.CartTest.xml"), surefire.resolve("TEST-shop.CartTest.xml"));
    Files.createDirectories(ws.resolve("api/src/test/java/shop"));
    Files.copy(
        FIXTURES.resolve("maven-sample/src/test/java/shop/CartTest.java"),
        ws.resolve("api/src/test/java/shop/CartTest.java"));
    var result =
        onPullRequest(ws, base, head)
            .input(
                "reports",
                "reports/eslint.json\nreports/tsc.txt, **/TEST-*.xml, reports/checkstyle-result.xml")
            .run();
    // ESLint 1 + tsc 2 + tests 2 + Checkstyle 13 errors; counted: ESLint line 12, tsc line 15, both
    // tests.
    assertThat(result.output("errors")).isEqualTo("18");
    assertThat(result.output("errors-in-diff")).isEqualTo("4");
    assertThat(result.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error file=src/checkout.ts,line=15,endLine=15,col=3,title=tsc TS2322::"));
    assertThat(result.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error file=api/src/test/java/shop/CartTest.java,line=20,endLine=20,title=tests test failure::shop.CartTest.addsTax failed: expected: <1190> but was: <1200>%0Aat org.junit.jupiter.api.Assertions.assertEquals"));
    assertThat(result.annotations("error")).noneSatisfy(a -> assertThat(a).contains("line=8,"));
    assertThat(result.summary())
        .contains(
            "| error | `api/src/test/java/shop/CartTest.java:20` | `test failure` | shop.CartTest.addsTax failed: expected: &lt;1190&gt; but was: &lt;1200&gt; | whole build |")
        .contains("| `reports/tsc.txt` | tsc output | 2 |")
        .contains("| `api/target/surefire-reports/TEST-shop.CartTest.xml` | JUnit XML | 2 |")
        .contains("| `reports/checkstyle-result.xml` | Checkstyle XML | 13 |");
  }

  @Test
  void filterModesWidenWhatCounts() throws Exception {
    pullRequest(ws);
    JsonNode eslint = Json.MAPPER.readTree(FIXTURES.resolve("reports/eslint.json").toFile());
    int nearChanges = 0;
    for (JsonNode file : eslint) {
      for (JsonNode m : file.path("messages")) {
        int line = m.path("line").asInt();
        if (m.path("severity").asInt() == 1
            && List.of(12, 52, 102).stream().anyMatch(changed -> Math.abs(line - changed) <= 3)) {
          nearChanges++;
        }
      }
    }
    var context =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.json")
            .input("filter", "diff-context")
            .run();
    assertThat(context.output("warnings-in-diff")).isEqualTo(Integer.toString(nearChanges));
    var file =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.json")
            .input("filter", "file")
            .run();
    assertThat(file.output("warnings-in-diff")).isEqualTo("395");
    assertThat(file.annotations("warning")).hasSize(10).first().asString().contains("line=102,");
  }

  @Test
  void policyAndBudgetsDecideTheVerdict() throws Exception {
    pullRequest(ws);
    var allowed =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.json")
            .input("max-errors", "1")
            .run();
    assertThat(allowed.exitCode()).isZero();
    assertThat(allowed.output("verdict")).isEqualTo("passed");
    assertThat(allowed.annotations("error")).hasSize(1);

    var warnings =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.json")
            .input("fail-on", "warning")
            .input("max-errors", "5")
            .run();
    assertThat(warnings.exitCode()).isEqualTo(1);
    assertThat(warnings.annotations("error"))
        .anySatisfy(a -> assertThat(a).contains("lint-gate failed: 1 warning on changed lines."));

    var none =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.json")
            .input("fail-on", "none")
            .run();
    assertThat(none.exitCode()).isZero();

    var budget =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("reports", "reports/eslint.json")
            .input("fail-on", "none")
            .input("max-warnings", "300")
            .run();
    assertThat(budget.exitCode()).isEqualTo(1);
    assertThat(budget.output("warnings-in-diff")).isEqualTo("395");
    assertThat(budget.annotations("error"))
        .anySatisfy(
            a -> assertThat(a).contains("395 warnings in the reports, more than max-warnings 300"));
  }

  @Test
  void withoutAPullRequestEverythingCountsAndBaseRefBringsTheDiffBack() throws Exception {
    pullRequest(ws);
    var push =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .env("GITHUB_EVENT_NAME", "push")
            .input("reports", "reports/eslint.json")
            .run();
    assertThat(push.output("errors-in-diff")).isEqualTo("1");
    assertThat(push.output("warnings-in-diff")).isEqualTo("395");
    assertThat(push.summary()).contains("| Counted (filter `all`) | 1 | 395 | 0 |");

    var withBase =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("reports", "reports/eslint.json")
            .input("base-ref", "main")
            .run();
    assertThat(withBase.output("warnings-in-diff")).isEqualTo("1");
    assertThat(withBase.summary()).contains("merge base of main (" + base.substring(0, 7) + ")");

    var unknownBase =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("reports", "reports/eslint.json")
            .input("base-ref", "origin/release")
            .run();
    assertThat(unknownBase.annotations("error"))
        .singleElement()
        .asString()
        .contains(
            "base-ref 'origin/release' is not in the local git history, so lint-gate cannot tell which lines changed.");

    var noBase =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("reports", "reports/eslint.json")
            .input("filter", "added")
            .run();
    assertThat(noBase.exitCode()).isEqualTo(1);
    assertThat(noBase.annotations("error").getFirst())
        .contains(
            "Input 'filter' is 'added', but this run is not for a pull request and has no base-ref");
  }

  @Test
  void theDefaultPullRequestMergeCommitIsComparedWithItsBaseSide() throws Exception {
    pullRequest(ws);
    repo.checkout("main").write("src/other.js", "exports.x = 1;\n");
    String mainTip = repo.commit("Main moved on");
    String merge = repo.merge("feature");
    var result = onPullRequest(ws, mainTip, head).input("reports", "reports/eslint.json").run();
    assertThat(result.outputs())
        .containsEntry("errors-in-diff", "1")
        .containsEntry("warnings-in-diff", "1");
    assertThat(result.summary())
        .contains(
            "merge commit "
                + merge.substring(0, 7)
                + " against its base-side parent "
                + mainTip.substring(0, 7))
        .contains("2 files changed");
  }

  @Test
  void aShallowCheckoutSaysWhichDepthToFetch() throws Exception {
    pullRequest(elsewhere.resolve("origin"));
    Path clone =
        TestRepository.shallowClone(
            elsewhere.resolve("origin"), ws.resolve("checkout"), 1, "feature");
    copyReports(clone);
    var result = onPullRequest(clone, base, head).input("reports", "reports/eslint.json").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("verdict")).isEqualTo("error");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains(
            "the pull request's base commit "
                + base.substring(0, 7)
                + " is not in the local git history: the checkout is shallow (1 commit of history)")
        .contains("Set `fetch-depth: 0` on actions/checkout");

    var anyway =
        onPullRequest(clone, base, head)
            .input("reports", "reports/eslint.json")
            .input("filter", "all")
            .input("fail-on", "none")
            .run();
    assertThat(anyway.exitCode()).isZero();
    assertThat(anyway.stdout()).contains("Findings are not ranked by the change");
  }

  @Test
  void theMergeCommitNeedsOnlyTwoCommitsOfHistory() throws Exception {
    Path origin = elsewhere.resolve("origin");
    pullRequest(origin);
    repo.checkout("main").write("src/other.js", "exports.x = 1;\n");
    String mainTip = repo.commit("Main moved on");
    repo.branch("pull-7-merge");
    repo.merge("feature");
    // actions/checkout's default for pull requests: refs/pull/7/merge; fetch-depth: 2 brings in
    // both parents.
    Path clone = TestRepository.shallowClone(origin, ws.resolve("checkout"), 2, "pull-7-merge");
    copyReports(clone);
    var result = onPullRequest(clone, mainTip, head).input("reports", "reports/eslint.json").run();
    assertThat(result.outputs())
        .containsEntry("errors-in-diff", "1")
        .containsEntry("warnings-in-diff", "1")
        .containsEntry("verdict", "failed");
    assertThat(result.annotations("error"))
        .anySatisfy(a -> assertThat(a).startsWith("::error file=src/legacy.js,line=12,"));

    Path tooShallow = TestRepository.shallowClone(origin, ws.resolve("depth1"), 1, "pull-7-merge");
    copyReports(tooShallow);
    var failed =
        onPullRequest(tooShallow, mainTip, head).input("reports", "reports/eslint.json").run();
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("shallow (1 commit of history)")
        .contains("`fetch-depth: 2` is enough");
  }

  @Test
  void missingAndMalformedReportsFailWithTheFileAndTheReason() throws Exception {
    pullRequest(ws);
    var missing =
        onPullRequest(ws, base, head).input("reports", "reports/eslint.json, lint/*.json").run();
    assertThat(missing.annotations("error"))
        .singleElement()
        .asString()
        .contains("No report file matches 'lint/*.json'");

    Files.writeString(
        ws.resolve("reports/broken.json"),
        "[{\"filePath\": \"/x/a.js\", \"messages\": [{\"line\": 3,");
    var broken = onPullRequest(ws, base, head).input("reports", "reports/broken.json").run();
    assertThat(broken.annotations("error"))
        .singleElement()
        .asString()
        .contains(
            "Report reports/broken.json cannot be read as ESLint JSON: not valid JSON at line 1");
    assertThat(broken.output("verdict")).isEqualTo("error");

    Files.writeString(
        ws.resolve("reports/xxe.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><checkstyle>&e;</checkstyle>");
    var xxe = onPullRequest(ws, base, head).input("reports", "reports/xxe.xml").run();
    assertThat(xxe.annotations("error"))
        .singleElement()
        .asString()
        .contains("Report reports/xxe.xml cannot be read as Checkstyle XML: the XML has a DOCTYPE")
        .doesNotContain("root:");
  }

  @Test
  void badInputsAreReportedTogether() throws Exception {
    var result =
        new StepHarness(LintGateStep.DEFINITION, ws)
            .input("format", "pmd")
            .input("fail-on", "info")
            .input("max-errors", "-1")
            .run();
    assertThat(result.output("verdict")).isEqualTo("error");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'reports' is required")
        .contains("Input 'format' is 'pmd'")
        .contains("Input 'fail-on' is 'info'")
        .contains("Input 'max-errors' is -1");
  }

  @Test
  void dryRunShowsThePlanAndJudgesNothing() throws Exception {
    pullRequest(ws);
    var result =
        onPullRequest(ws, base, head)
            .input("reports", "reports/eslint.*")
            .input("dry-run", "true")
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .contains("Report reports/eslint.json (ESLint JSON)")
        .contains("Report reports/eslint.sarif (SARIF 2.1.0)")
        .contains("Filter: added, change: merge base of main")
        .contains(
            "Policy: any error fails, warnings do not fail; counted among findings the filter keeps");
    assertThat(result.annotations("error")).isEmpty();
    assertThat(result.output("errors")).isEmpty();
  }

  @Test
  void aHundredThousandFindingsStreamIntoABoundedSummary() throws Exception {
    Path sarif = ws.resolve("big.sarif");
    try (var out = Files.newBufferedWriter(sarif)) {
      out.write(
          "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"Semgrep\", \"rules\": [{\"id\": \"no-eval\", \"defaultConfiguration\": {\"level\": \"error\"}}]}}, \"results\": [");
      for (int i = 0; i < 100_000; i++) {
        String level = i % 10 == 0 ? "" : "\"level\": \"warning\", ";
        out.write(
            (i == 0 ? "" : ",")
                + "{\"ruleId\": \"no-eval\", "
                + level
                + "\"message\": {\"text\": \"eval is evil "
                + i
                + "\"}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"src/m"
                + (i % 7000)
                + ".js\"}, \"region\": {\"startLine\": "
                + (i / 7000 + 1)
                + "}}}]}\n");
      }
      out.write("]}]}");
    }
    var result = new StepHarness(LintGateStep.DEFINITION, ws).input("reports", "big.sarif").run();
    assertThat(result.outputs())
        .containsEntry("errors", "10000")
        .containsEntry("warnings", "90000")
        .containsEntry("warnings-in-diff", "90000")
        .containsEntry("verdict", "failed");
    assertThat(result.annotations("warning")).hasSize(10);
    assertThat(result.annotations("error")).hasSize(10);
    assertThat(result.summary().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThan(1024 * 1024);
    assertThat(result.summary())
        .contains("Listed: the 1000 most severe of 100000 counted findings")
        .contains("GitHub shows at most ten annotations of each kind per step; not shown: 1 error")
        .contains("| `(other files)` | `(other rules)` |");
  }
}
