package dev.flo.actions.step.migrate;

import dev.flo.actions.step.migrate.ledger.LedgerReview;
import dev.flo.actions.step.migrate.lint.LintFinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What migrate found before changing anything, and what it will do: the layout, the bookkeeping
 * table, the actions in order, what blocks the run and what the linter says. A dry run prints the
 * actions and stops; a real run executes exactly these.
 *
 * @param actions what a run does, in order; empty when the database is up to date or could not be
 *     read
 * @param unknown why the bookkeeping could not be read (a dry run whose database did not answer),
 *     or null
 */
public record MigratePlan(
    MigrationTool tool,
    Path dir,
    String table,
    long lockKey,
    List<Action> actions,
    List<LedgerReview.Blocker> blockers,
    List<LintFinding> findings,
    @Nullable String unknown) {

  /** One thing a run does to the database. */
  public sealed interface Action {
    String describe();
  }

  /**
   * Creates the bookkeeping table the tool's way (and its schema, when missing), before the first
   * migration.
   */
  public record CreateTable(String schema, String table) implements Action {
    @Override
    public String describe() {
      return "Create " + table + " (and schema " + schema + " if missing)";
    }
  }

  /** Applies one migration and records it, under the lock. */
  public record Apply(Migration migration) implements Action {
    @Override
    public String describe() {
      return "Apply " + migration.name();
    }
  }

  public MigratePlan {
    actions = List.copyOf(actions);
    blockers = List.copyOf(blockers);
    findings = List.copyOf(findings);
  }

  /**
   * A plan for a database a dry run could not read (unreachable, or silent past the deadline):
   * nothing known to apply.
   */
  static MigratePlan unknown(
      MigrationTool tool, Path dir, String table, long lockKey, @Nullable String why) {
    return new MigratePlan(tool, dir, table, lockKey, List.of(), List.of(), List.of(), why);
  }

  /** The migrations the actions apply, in order: the pending set. */
  public List<Migration> pending() {
    return actions.stream()
        .filter(a -> a instanceof Apply)
        .map(a -> ((Apply) a).migration())
        .toList();
  }

  public boolean pendingKnown() {
    return unknown == null;
  }

  /** Findings that stop the run when {@code lint: error}. */
  public List<LintFinding> blockingFindings() {
    return findings.stream().filter(f -> f.rule().blocking()).toList();
  }

  /** The plan as the log and a dry run's summary show it: one line per action. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Layout " + tool.id() + ", bookkeeping in " + table + ", advisory lock " + lockKey);
    if (unknown != null) {
      lines.add("Pending migrations: unknown, the database could not be read (" + unknown + ")");
      return lines;
    }
    if (actions.isEmpty()) {
      lines.add("Nothing to apply: the database is up to date");
    }
    actions.forEach(a -> lines.add(a.describe()));
    if (!blockers.isEmpty()) {
      lines.add("Blocked: " + blockers.size() + " problem(s) stop the run before the first action");
    }
    if (!findings.isEmpty()) {
      lines.add(
          "Lint: "
              + findings.size()
              + " finding(s), "
              + blockingFindings().size()
              + " of them unsafe");
    }
    return lines;
  }
}
