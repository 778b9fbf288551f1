package dev.flo.actions.step.lintgate;

import dev.flo.actions.provider.git.ChangedLines;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes lint-gate's step summary: the verdict, the counts, every counted finding, and totals by
 * file and rule.
 */
final class LintGateSummary {
  /** Characters of a message shown in a table cell; the annotation and the log carry the rest. */
  private static final int CELL_MESSAGE = 300;

  private final StepSummary summary;

  LintGateSummary(StepSummary summary) {
    this.summary = summary;
  }

  /**
   * @param shownAs how the findings were shown on GitHub, one sentence
   * @param annotationsOnly whether workflow annotations (ten per level) were all GitHub got
   */
  void write(
      LintGatePlan plan,
      DiffScope scope,
      FindingTally tally,
      Map<LintGatePlan.ReportFile, Integer> perReport,
      List<String> breaches,
      String shownAs,
      boolean annotationsOnly) {
    summary.heading(2, "lint-gate " + (breaches.isEmpty() ? "passed" : "failed"));
    if (breaches.isEmpty()) {
      summary.paragraph("No finding breaches the policy (" + plan.policy().describe() + ").");
    } else {
      summary.alert(
          "CAUTION", String.join("\n", breaches.stream().map(b -> "Found " + b + ".").toList()));
    }
    String counted =
        plan.filter() == DiffFilter.ALL
            ? "Counted (filter `all`)"
            : "Counted (filter `" + plan.filter().id() + "`)";
    summary.table(
        List.of("", "Errors", "Warnings", "Notices"),
        List.of(
            List.of(
                counted,
                n(tally.counted(Severity.ERROR)),
                n(tally.counted(Severity.WARNING)),
                n(tally.counted(Severity.NOTICE))),
            List.of(
                "In all reports",
                n(tally.all(Severity.ERROR)),
                n(tally.all(Severity.WARNING)),
                n(tally.all(Severity.NOTICE)))));
    ChangedLines changes = scope.changes();
    if (changes != null) {
      ChangeRange range =
          Objects.requireNonNull(plan.range(), "a diff is made only from the plan's change range");
      summary.paragraph(
          "Compared with the "
              + range.how()
              + ": "
              + GatePolicy.count(changes.files().size(), "file")
              + " changed, "
              + GatePolicy.count(changes.addedLineCount(), "line")
              + " added or modified. Failing tests always count.");
    } else if (plan.filter() == DiffFilter.ALL) {
      summary.paragraph(
          "Every finding counts: there is no pull request or `base-ref` to compare with, or `filter` is `all`.");
    }
    summary.paragraph(shownAs);
    int annotated =
        tally.annotations(Severity.ERROR).size()
            + tally.annotations(Severity.WARNING).size()
            + tally.annotations(Severity.NOTICE).size();
    if (annotationsOnly && tally.countedTotal() > annotated) {
      summary.paragraph(
          "GitHub shows ten annotations of each kind per step: the "
              + annotated
              + " annotated are the most severe, on changed lines first. Every counted finding is listed below.");
    }
    listCounted(tally);
    listByFileAndRule(tally);
    List<List<String>> rows = new ArrayList<>();
    perReport.forEach(
        (r, count) -> rows.add(List.of(StepSummary.code(r.name()), r.format().title(), n(count))));
    summary.heading(3, "Reports read").table(List.of("Report", "Format", "Findings"), rows);
  }

  private void listCounted(FindingTally tally) {
    List<FindingTally.Ranked> listed = tally.listed();
    if (listed.isEmpty()) {
      return;
    }
    summary.heading(3, "Counted findings");
    List<List<String>> rows = new ArrayList<>();
    for (FindingTally.Ranked r : listed) {
      Finding f = r.finding();
      rows.add(
          List.of(
              f.severity().word(),
              StepSummary.code(f.where()),
              StepSummary.code(f.rule()),
              shortMessage(f.message()),
              r.placement().words()));
    }
    summary.table(List.of("Severity", "Where", "Rule", "Message", "Placement"), rows);
    if (tally.countedTotal() > listed.size()) {
      summary.paragraph(
          "Listed: the "
              + listed.size()
              + " most severe of "
              + tally.countedTotal()
              + " counted findings; all of them are in the totals below.");
    }
  }

  private void listByFileAndRule(FindingTally tally) {
    List<FindingTally.Group> groups = tally.groups();
    if (groups.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    String lastFile = null;
    for (FindingTally.Group g : groups) {
      String file = g.file().equals(lastFile) ? "" : StepSummary.code(g.file());
      lastFile = g.file();
      int counted = g.counted()[0] + g.counted()[1] + g.counted()[2];
      rows.add(
          List.of(
              file,
              StepSummary.code(g.rule()),
              n(g.all()[0]),
              n(g.all()[1]),
              n(g.all()[2]),
              n(counted)));
    }
    StringBuilder table =
        new StringBuilder(
            "| File | Rule | Errors | Warnings | Notices | Counted |\n| --- | --- | --- | --- | --- | --- |\n");
    for (List<String> row : rows) {
      table.append('|');
      row.forEach(c -> table.append(' ').append(c.replace("|", "\\|")).append(" |"));
      table.append('\n');
    }
    summary.heading(3, "All findings by file and rule");
    summary.details(
        GatePolicy.count(tally.total(), "finding")
            + " in "
            + GatePolicy.count(tally.files(), "file"),
        table.toString());
  }

  private static String shortMessage(String message) {
    String first = message.lines().findFirst().orElse("");
    return first.length() > CELL_MESSAGE ? first.substring(0, CELL_MESSAGE - 1) + "…" : first;
  }

  private static String n(int i) {
    return Integer.toString(i);
  }
}
