package dev.flo.actions.step.migrate;

import dev.flo.actions.provider.pgquery.ParserUnavailableException;
import dev.flo.actions.provider.pgquery.PgQuery;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.step.migrate.lint.LintFinding;
import dev.flo.actions.step.migrate.lint.MigrationLinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies pending SQL migrations with Prisma's, Drizzle's, Flyway's or our own bookkeeping, under one advisory
 * lock, each file in its own transaction, after checking for failed runs, drift and unsafe DDL.
 */
public final class MigrateStep implements Step {
  /** A migration running this long says so, and again as often. */
  static final Duration STILL_RUNNING = Duration.ofSeconds(10);

  public static final StepDefinition DEFINITION = new StepDefinition(
      "migrate",
      "Apply pending PostgreSQL migrations (Prisma, Drizzle, Flyway or plain SQL) once, under a lock, after a zero-downtime lint.",
      List.of(
          InputDef.required("database-url", "Direct PostgreSQL URL (postgres://user:password@host:5432/db), not a transaction pooler.").asSecret(),
          InputDef.optional("dir", "Migrations folder, relative to the repository root. Default: found from the layout (prisma/migrations, a Drizzle out folder, db/migration, migrations)."),
          InputDef.withDefault("tool", "Whose layout and bookkeeping table to use: auto, prisma, drizzle, flyway or sql.", "auto"),
          InputDef.optional("schema", "Schema of the bookkeeping table and search_path of the migrations. Default: the URL's ?schema=, else public (Drizzle's table stays in schema drizzle)."),
          InputDef.withDefault("lint", "Zero-downtime lint of pending migrations: error (unsafe operations stop the run), warn, or off.", "error"),
          InputDef.optional("lint-ignore", "Lint rule ids to skip everywhere, comma or newline separated. One statement: put -- flo-lint-ignore <rule> above it."),
          InputDef.withDefault("lock-timeout", "lock_timeout set before each migration, so a blocked ALTER fails instead of queueing every query behind it (0s: off).", "10s"),
          InputDef.optional("statement-timeout", "statement_timeout set before each migration. Default: the server's."),
          InputDef.withDefault("wait-for-lock", "How long to wait for another migrate (or the tool itself) holding the migration lock.", "5m")),
      List.of(
          new OutputDef("applied", "How many migrations this run applied."),
          new OutputDef("applied-migrations", "JSON array of the migrations this run applied, in order."),
          new OutputDef("pending", "JSON array of the migrations still pending when the step ended (all of them on dry-run)."),
          new OutputDef("lint-findings", "How many lint findings the pending migrations have.")),
      kit -> new MigrateStep(kit.log(), kit.outputs(), kit.clock(), kit.workspace(), new MigrateReport(kit.summary(), kit.annotations(), kit.workspace())));

  private final Log log;
  private final Outputs outputs;
  private final Clock clock;
  private final Workspace workspace;
  private final MigrateReport report;

  public MigrateStep(Log log, Outputs outputs, Clock clock, Workspace workspace, MigrateReport report) {
    this.log = log;
    this.outputs = outputs;
    this.clock = clock;
    this.workspace = workspace;
    this.report = report;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    outputs.set("applied", 0);
    outputs.set("applied-migrations", "[]");
    MigrateInputs in = MigrateInputs.read(inputs, workspace);
    inputs.check();
    MigrationSet set = MigrationDirectory.locate(workspace.root(), in.dir(), in.tool());
    Ledger ledger = ledger(set.tool(), in.schema());
    log.info("migrate: %d %s migrations in %s, bookkeeping in %s on %s.", set.migrations().size(), set.tool().id(), workspace.relative(set.dir()), ledger.table(), in.url().display());
    List<MigrationRunner.Outcome> done = new ArrayList<>();
    try (Connection c = connect(in.url(), in.schema());
        MigrationLock lock = in.dryRun() ? null : MigrationLock.acquire(connect(in.url(), in.schema()), ledger.lockKey(), in.waitForLock(), clock, log)) {
      MigratePlan plan = plan(c, in, set, ledger);
      report.plan(plan, in.lint());
      outputs.set("pending", MigrateReport.json(plan.pending()));
      outputs.set("lint-findings", plan.findings().size());
      if (!plan.blockers().isEmpty()) {
        LedgerReview.Blocker first = plan.blockers().getFirst();
        throw new StepFailure(
            "Migrations blocked: " + first.problem() + (plan.blockers().size() > 1 ? " (and " + (plan.blockers().size() - 1) + " more problems, listed in the annotations and summary)" : ""),
            first.fix());
      }
      if (in.lint() == MigrateInputs.LintMode.ERROR && !plan.blockingFindings().isEmpty()) {
        LintFinding f = plan.blockingFindings().getFirst();
        throw new StepFailure(
            plan.blockingFindings().size() + " unsafe operation(s) in pending migrations; nothing was applied. First: " + workspace.relative(f.file()) + ":" + f.line() + " " + f.rule().id() + ".",
            "Rewrite them the safe way shown in the annotations, or suppress one with -- flo-lint-ignore <rule> above the statement, or set lint: warn.");
      }
      if (in.dryRun()) {
        log.info("Dry run: %d migrations pending, nothing applied.", plan.pending().size());
        return;
      }
      apply(c, lock, in, ledger, plan, done);
    } catch (SQLException e) {
      throw new StepFailure(
          "A database call failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ").",
          "Check that the database-url user may read and write " + ledger.table() + " and take advisory locks, then run again; a migration that ran in a transaction commits together with its bookkeeping row, so it is either fully applied and recorded or not at all.",
          e);
    } finally {
      report.finish(done);
    }
  }

  private MigratePlan plan(Connection c, MigrateInputs in, MigrationSet set, Ledger ledger) throws SQLException, StepFailure {
    LedgerReview review = ledger.review(c, set.migrations());
    List<LintFinding> findings = new ArrayList<>();
    if (in.lint() != MigrateInputs.LintMode.OFF && !review.pending().isEmpty()) {
      MigrationLinter linter;
      try {
        linter = new MigrationLinter(PgQuery.load(), in.lintIgnore(), !in.lockTimeout().isZero(), set.tool(), MigrationRunner.serverVersion(c));
      } catch (ParserUnavailableException e) {
        throw new StepFailure(
            "The migration linter is unavailable: " + e.getMessage(),
            "The linter is built in on Linux x86-64 and arm64: run migrate there (any GitHub-hosted Linux runner, or flo-actions' container image), or set lint: off to migrate without it.");
      }
      for (Migration m : review.pending()) {
        // Lint what will run (Flyway placeholders filled in); lines stay those of the file.
        findings.addAll(linter.lint(new Migration(m.name(), m.version(), m.description(), m.repeatable(), m.file(), ledger.sql(c, m), m.createdAt())));
      }
    }
    return new MigratePlan(set.tool(), set.dir(), ledger.table(), ledger.lockKey(), review.pending(), review.blockers(), findings);
  }

  private void apply(Connection c, MigrationLock lock, MigrateInputs in, Ledger ledger, MigratePlan plan, List<MigrationRunner.Outcome> done) throws Exception {
    if (plan.pending().isEmpty()) {
      log.info("Nothing to apply: the database is up to date.");
      return;
    }
    if (!ledger.exists(c)) {
      try {
        createSchema(c, in.schema());
        ledger.create(c);
      } catch (LedgerException e) {
        throw new StepFailure(e.getMessage(), e.fix());
      }
    }
    MigrationRunner runner = new MigrationRunner(c, ledger, clock, in.lockTimeout(), in.statementTimeout());
    List<Migration> left = new ArrayList<>(plan.pending());
    int pid = MigrationLock.backendPid(c);
    for (Migration m : plan.pending()) {
      log.info("Applying %s ...", m.name());
      try {
        MigrationRunner.Outcome outcome;
        try (Progress.Watch watch = stillRunning(lock, pid, m)) {
          outcome = runner.run(m);
        }
        done.add(outcome);
        left.remove(m);
        log.info("Applied %s in %d ms%s.", m.name(), outcome.took().toMillis(), outcome.transactional() ? "" : " (outside a transaction)");
      } catch (MigrationFailure f) {
        report.failure(f);
        throw report.toStepFailure(f, ledger);
      } finally {
        outputs.set("applied", done.size());
        outputs.set("applied-migrations", MigrateReport.json(done.stream().map(MigrationRunner.Outcome::migration).toList()));
        outputs.set("pending", MigrateReport.json(left));
      }
    }
  }

  /**
   * From 10 s on, a migration says every 10 s that it is still running, or which lock it waits for and who holds
   * it: asked on the migration lock's idle connection, since the migration's own is busy.
   */
  private Progress.Watch stillRunning(MigrationLock lock, int pid, Migration m) {
    Progress running = Progress.ofWait(log, clock, "Still applying " + m.name(), STILL_RUNNING);
    return Progress.watch(
        () -> {
          if (running.elapsed().compareTo(STILL_RUNNING) < 0) {
            return;
          }
          String state;
          try {
            state = lock.waitOf(pid);
          } catch (SQLException e) {
            state = "running (its locks could not be read: " + e.getMessage() + ")";
          }
          running.state(state, null);
        });
  }

  /** Only when missing: even CREATE SCHEMA IF NOT EXISTS needs CREATE on the database, which app roles often lack. */
  private static void createSchema(Connection c, String schema) throws SQLException {
    try (var ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, schema);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          Ledger.execute(c, "CREATE SCHEMA " + Ledger.quote(schema));
        }
      }
    }
  }

  static Ledger ledger(MigrationTool tool, String schema) {
    return switch (tool) {
      case PRISMA -> new PrismaLedger(schema);
      case DRIZZLE -> new DrizzleLedger();
      case FLYWAY -> new FlywayLedger(schema);
      case SQL -> new SqlLedger(schema);
    };
  }

  private static Connection connect(PostgresConnection url, String schema) throws StepFailure {
    Connection c = null;
    try {
      c = url.open("flo-actions migrate");
      Ledger.execute(c, "SET search_path TO " + Ledger.quote(schema));
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StepFailure(
          "Could not connect to " + url.display() + ": " + e.getMessage(),
          "Check the database-url secret (host, port, user, password, sslmode) and that the runner can reach the database.");
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // The connection is being given up after a failure that is reported instead.
      }
    }
  }
}
