package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Fix;
import dev.flo.actions.step.lintgate.report.ReportFormat;
import dev.flo.actions.step.lintgate.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixes become whole-line suggestions; diff hunks become fixes. */
class SuggestionsTest {
  @TempDir Path dir;

  private List<Finding> diff(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("f.diff"), text);
    List<Finding> out = new ArrayList<>();
    ReportFormat.DIFF.reader().read(file, out::add);
    return out;
  }

  private static Optional<SuggestionMaker.Suggestion> apply(String source, Finding f) {
    return SuggestionMaker.apply(source, f.fix());
  }

  @Test
  void aHunkReplacesOnlyItsChangedLinesAndKnowsAMissingFinalLineBreak() throws Exception {
    List<Finding> found =
        diff(
            """
        diff --git a/web/x.js b/web/x.js
        --- a/web/x.js
        +++ b/web/x.js
        @@ -1,3 +1,3 @@
         const a = 1;
         const b = 2;
        -const c=3
        \\ No newline at end of file
        +const c = 3;
        """);
    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("web/x.js");
              assertThat(f.line()).isEqualTo(3);
              assertThat(f.endLine()).isEqualTo(3);
            });
    assertThat(apply("const a = 1;\nconst b = 2;\nconst c=3", found.getFirst()))
        .contains(new SuggestionMaker.Suggestion(3, 3, "const c = 3;"));
    // The file changed since the formatter ran: no suggestion rather than a wrong one.
    assertThat(apply("const a = 1;\nconst b = 2;\nconst c=4", found.getFirst())).isEmpty();
  }

  @Test
  void aPureInsertionAnchorsOnTheLineBefore() throws Exception {
    List<Finding> found =
        diff(
            """
        --- a/x.py
        +++ b/x.py
        @@ -2,2 +2,3 @@
         import os
        +import sys
         print(os)
        """);
    assertThat(found).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(2));
    assertThat(apply("# x\nimport os\nprint(os)\n", found.getFirst()))
        .contains(new SuggestionMaker.Suggestion(2, 2, "import os\nimport sys"));
  }

  @Test
  void aFixThatJoinsTwoLinesSuggestsBoth() {
    Fix join = new Fix(null, List.of(Fix.Edit.offsets(2, 3, "")));
    assertThat(SuggestionMaker.apply("a,\nb\nc\n", join))
        .contains(new SuggestionMaker.Suggestion(1, 2, "a,b"));
  }

  @Test
  void deletingWholeLinesIsAnEmptySuggestion() {
    Fix delete = new Fix(null, List.of(Fix.Edit.region(2, 1, 3, 1, "", null)));
    assertThat(SuggestionMaker.apply("a\nimport os\nb\n", delete))
        .contains(new SuggestionMaker.Suggestion(2, 2, ""));
  }

  @Test
  void editsOutsideTheFileOrOverlappingGiveNothing() {
    assertThat(SuggestionMaker.apply("a\n", new Fix(null, List.of(Fix.Edit.offsets(1, 40, "")))))
        .isEmpty();
    assertThat(
            SuggestionMaker.apply(
                "abcdef\n",
                new Fix(null, List.of(Fix.Edit.offsets(0, 3, "x"), Fix.Edit.offsets(2, 4, "y")))))
        .isEmpty();
  }

  @Test
  void filesOutsideTheWorkspaceAreNeverReadForASuggestion() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Path outside = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(outside.resolve("key.txt"), "TOKEN=abc\n");
    Files.createSymbolicLink(workspace.resolve("linked"), outside);
    Fix fix = new Fix(null, List.of(Fix.Edit.offsets(0, 5, "X")));
    var all = dev.flo.actions.provider.git.LineRanges.of(List.of(new int[] {1, 10}));
    var changed = new dev.flo.actions.provider.git.ChangedLines.ChangedFile("x", all, all);
    SuggestionMaker maker = new SuggestionMaker(workspace);
    Finding viaLink =
        new Finding("t", Severity.ERROR, "linked/key.txt", 1, 1, 1, 2, "r", "m", false)
            .withFix(fix);
    Finding viaDots =
        new Finding("t", Severity.ERROR, "../secrets/key.txt", 1, 1, 1, 2, "r", "m", false)
            .withFix(fix);
    assertThat(maker.suggest(viaLink, changed)).isEmpty();
    assertThat(maker.suggest(viaDots, changed)).isEmpty();
    Files.writeString(workspace.resolve("ok.txt"), "TOKEN=abc\n");
    assertThat(maker.suggest(viaLink.withPath("ok.txt"), changed))
        .contains(new SuggestionMaker.Suggestion(1, 1, "X=abc"));
  }

  @Test
  void aSuggestionHoldingBackticksGetsALongerFence() {
    assertThat(GitHubReporting.suggestionBlock("s = ```x```"))
        .isEqualTo("````suggestion\ns = ```x```\n````");
  }
}
