package dev.flo.actions.step.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.migrate.ledger.Ledger;
import dev.flo.actions.step.migrate.ledger.LedgerReview;
import dev.flo.actions.step.migrate.lint.LintFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns migrate's plan and results into annotations on the migration files and the step summary
 * table.
 */
public final class MigrateReport {

  /** A migration's result in the summary's table, beside "**failed**: …". */
  private enum Result {
    APPLIED,
    PENDING;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final StepSummary summary;
  private final Annotations annotations;
  private final Workspace workspace;
  private @Nullable MigratePlan plan;
  private @Nullable MigrationFailure failure;
  private boolean dryRun;

  public MigrateReport(StepSummary summary, Annotations annotations, Workspace workspace) {
    this.summary = summary;
    this.annotations = annotations;
    this.workspace = workspace;
  }

  /** Annotates every blocker and lint finding at its file and line. */
  public void plan(MigratePlan p, MigrateInputs.LintMode mode) {
    this.plan = p;
    for (LedgerReview.Blocker b : p.blockers()) {
      Annotation a =
          Annotation.error(b.problem() + "\n" + b.fix()).withTitle("migrate: blocked").withRank(0);
      annotations.add(
          b.migration() == null ? a : a.at(workspace.relative(b.migration().file()), 1));
    }
    for (LintFinding f : p.findings()) {
      boolean error = mode == MigrateInputs.LintMode.ERROR && f.rule().blocking();
      Annotation a = error ? Annotation.error(f.message()) : Annotation.warning(f.message());
      annotations.add(
          a.withTitle("migrate lint: " + f.rule().id())
              .at(workspace.relative(f.file()), f.line())
              .withRank(f.rule().blocking() ? 1 : 2));
    }
  }

  /**
   * The run is a dry run: the summary shows the plan, and a pending set the database did not tell
   * is unknown.
   */
  public void dryRun() {
    this.dryRun = true;
  }

  /** Annotates the statement that failed. */
  public void failure(MigrationFailure f) {
    this.failure = f;
    int line = f.statement() == null ? 1 : f.statement().line();
    annotations.add(
        Annotation.error("SQLSTATE " + f.sqlState() + ": " + f.getMessage())
            .withTitle("migrate: " + f.migration().name() + " failed")
            .at(workspace.relative(f.migration().file()), line)
            .withRank(0));
  }

  public StepFailure toStepFailure(MigrationFailure f, Ledger ledger) {
    String where =
        workspace.relative(f.migration().file())
            + (f.statement() == null ? "" : ":" + f.statement().line());
    String hint =
        f.unrecorded() != null
            ? f.unrecorded()
                + (f.rolledBack()
                    ? " It was rolled back, so the next run simply retries it."
                    : " Check for changes it left before running again.")
            : ledger.resolution(f.migration(), f.rolledBack());
    return new StepFailure(
        "Migration " + f.migration().name() + " failed at " + where + ": " + f.getMessage(),
        hint,
        f);
  }

  /**
   * Writes the summary: the table of migrations (applied with their time, failed, pending),
   * blockers and findings.
   */
  public void finish(List<MigrationRunner.Outcome> done) {
    summary.heading(2, "migrate");
    if (plan == null) {
      summary.paragraph(
          "Nothing was checked: the step stopped before reading the database (see the error above).");
      return;
    }
    summary.paragraph(
        "Layout **"
            + plan.tool().id()
            + "** in "
            + StepSummary.code(workspace.relative(plan.dir()))
            + ", bookkeeping in "
            + StepSummary.code(plan.table())
            + ".");
    if (dryRun) {
      summary.paragraph("Dry run: nothing was applied. The plan:").bullets(plan.describe());
    }
    if (!plan.pendingKnown()) {
      summary.alert(
          "WARNING",
          "The dry run could not read the database in time, so which migrations are pending is unknown: "
              + plan.unknown());
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (MigrationRunner.Outcome o : done) {
      rows.add(
          List.of(
              o.migration().name(),
              Result.APPLIED + (o.transactional() ? "" : " (no transaction)"),
              o.took().toMillis() + " ms"));
    }
    for (Migration m : plan.pending()) {
      if (done.stream().noneMatch(o -> o.migration().equals(m))) {
        MigrationFailure f = failure;
        boolean failed = f != null && f.migration().equals(m);
        rows.add(
            List.of(
                m.name(),
                f != null && failed ? "**failed**: " + f.getMessage() : Result.PENDING.toString(),
                ""));
      }
    }
    if (rows.isEmpty()) {
      summary.paragraph("The database is up to date: no pending migrations.");
    } else {
      summary.table(List.of("Migration", "Result", "Time"), rows);
    }
    if (!plan.blockers().isEmpty()) {
      StringBuilder text = new StringBuilder("Nothing was applied:\n");
      plan.blockers()
          .forEach(
              b ->
                  text.append("- ")
                      .append(b.problem())
                      .append("\n  ")
                      .append(b.fix())
                      .append('\n'));
      summary.alert("CAUTION", text.toString().strip());
    }
    if (!plan.findings().isEmpty()) {
      summary.heading(3, "Lint findings (" + plan.findings().size() + ")");
      List<List<String>> findings =
          plan.findings().stream()
              .map(
                  f ->
                      List.of(
                          workspace.relative(f.file()) + ":" + f.line(),
                          StepSummary.code(f.rule().id())
                              + (f.detail() == null ? "" : " " + f.detail()),
                          f.rule().lock(),
                          f.rule().fix()))
              .toList();
      summary.table(List.of("Where", "Rule", "Lock", "Safe way"), findings);
    }
  }

  static String json(List<Migration> migrations) {
    try {
      return Json.MAPPER.writeValueAsString(migrations.stream().map(Migration::name).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
