package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Severity;
import org.junit.jupiter.api.Test;

class FindingTallyTest {
  private static Finding finding(Severity s, String file, int line, String rule) {
    return new Finding("ESLint", s, file, line, line, 1, 0, rule, "m" + line, false);
  }

  @Test
  void keepsBoundedStateWhileCountingEverything() {
    FindingTally tally = new FindingTally(10);
    for (int i = 0; i < 100_000; i++) {
      Placement p = i % 1000 == 999 ? Placement.CHANGED_LINE : Placement.UNCHANGED;
      tally.add(
          finding(
              i % 100 == 0 ? Severity.ERROR : Severity.WARNING,
              "src/f" + (i % 8000) + ".js",
              i,
              "rule" + (i % 3)),
          p,
          true);
    }
    assertThat(tally.total()).isEqualTo(100_000);
    assertThat(tally.all(Severity.ERROR)).isEqualTo(1000);
    assertThat(tally.counted(Severity.WARNING)).isEqualTo(99_000);
    assertThat(tally.listed()).hasSize(FindingTally.LISTED);
    assertThat(tally.groups()).hasSize(FindingTally.GROUPS + 1);
    assertThat(tally.groups().getLast().file()).isEqualTo("(other files)");
    int grouped = tally.groups().stream().mapToInt(g -> g.all()[0] + g.all()[1] + g.all()[2]).sum();
    assertThat(grouped).isEqualTo(100_000);
  }

  @Test
  void annotationsGoToFindingsOnChangedLinesFirstThenInArrivalOrder() {
    FindingTally tally = new FindingTally(3);
    tally.add(finding(Severity.WARNING, "a.js", 1, "r"), Placement.CHANGED_FILE, true);
    tally.add(finding(Severity.WARNING, "a.js", 2, "r"), Placement.UNCHANGED, true);
    tally.add(finding(Severity.WARNING, "a.js", 3, "r"), Placement.CHANGED_LINE, true);
    tally.add(finding(Severity.WARNING, "a.js", 4, "r"), Placement.DIFF_CONTEXT, true);
    tally.add(finding(Severity.WARNING, "a.js", 5, "r"), Placement.CHANGED_LINE, true);
    tally.add(finding(Severity.WARNING, "a.js", 6, "r"), Placement.CHANGED_LINE, false);
    assertThat(tally.annotations(Severity.WARNING))
        .extracting(r -> r.finding().line())
        .containsExactly(3, 5, 4);
    assertThat(tally.annotations(Severity.ERROR)).isEmpty();
    assertThat(tally.all(Severity.WARNING)).isEqualTo(6);
    assertThat(tally.counted(Severity.WARNING)).isEqualTo(5);
  }
}
