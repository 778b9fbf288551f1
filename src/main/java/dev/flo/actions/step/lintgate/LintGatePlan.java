package dev.flo.actions.step.lintgate;

import dev.flo.actions.step.lintgate.report.ReportFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code lint-gate} will do: the report files and their formats, the change to compare with,
 * and the policy.
 *
 * @param range null when there is no change to compare with
 * @param reporter where the findings will show, and why
 */
record LintGatePlan(
    List<ReportFile> reports,
    DiffFilter filter,
    @Nullable ChangeRange range,
    GatePolicy policy,
    GitHubReporting.Choice reporter) {

  /** One report file, its workspace-relative name, and the format it will be read as. */
  record ReportFile(Path path, String name, ReportFormat format) {}

  LintGatePlan {
    reports = List.copyOf(reports);
  }

  List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (ReportFile r : reports) {
      lines.add("Report " + r.name() + " (" + r.format().title() + ")");
    }
    lines.add(
        "Filter: "
            + filter.id()
            + (range == null ? " (no change to compare with)" : ", change: " + range.how()));
    lines.add("Reporter: " + reporter.reporter().id() + " (" + reporter.why() + ")");
    lines.add(
        "Policy: "
            + policy.describe()
            + "; counted "
            + (filter == DiffFilter.ALL ? "in all findings" : "among findings the filter keeps"));
    return lines;
  }
}
