package dev.flo.actions.step.migrate;

import dev.flo.actions.provider.pgquery.ParserUnavailableException;
import dev.flo.actions.provider.pgquery.PgQuery;
import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.step.migrate.ledger.Ledger;
import dev.flo.actions.step.migrate.ledger.LedgerException;
import dev.flo.actions.step.migrate.ledger.LedgerReview;
import dev.flo.actions.step.migrate.lint.LintFinding;
import dev.flo.actions.step.migrate.lint.MigrationLinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies pending SQL migrations with Prisma's, Drizzle's, Flyway's or our own bookkeeping, under
 * one advisory lock, each file in its own transaction, after checking for failed runs, drift and
 * unsafe DDL.
 */
public final class MigrateStep implements TypedStep<MigrateInputs> {
  /** A migration running this long says so, and again as often. */
  static final Duration STILL_RUNNING = Duration.ofSeconds(10);

  static final Output<Integer> APPLIED =
      Output.named("applied", "How many migrations this run applied.").integer().initially(0);
  static final Output<List<Migration>> APPLIED_MIGRATIONS =
      Output.named("applied-migrations", "JSON array of the migrations this run applied, in order.")
          .as(MigrateReport::json)
          .initially(List.of());

  /**
   * Unset (empty) when a dry run could not read the database: the pending set is unknown, not
   * empty.
   */
  static final Output<List<Migration>> PENDING =
      Output.named(
              "pending",
              "JSON array of the migrations still pending when the step ended (all of them on dry-run).")
          .as(MigrateReport::json);

  static final Output<Integer> LINT_FINDINGS =
      Output.named("lint-findings", "How many lint findings the pending migrations have.")
          .integer();

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "migrate",
              "Apply pending PostgreSQL migrations (Prisma, Drizzle, Flyway or plain SQL) once, under a lock, after a zero-downtime lint.")
          .inputs(MigrateInputs.ALL)
          .outputs(APPLIED, APPLIED_MIGRATIONS, PENDING, LINT_FINDINGS)
          .reads(MigrateInputs::read)
          .create(MigrateStep::new);

  /** How the step's sessions show in {@code pg_stat_activity}. */
  private static final String APPLICATION = "flo-actions migrate";

  /**
   * SQLSTATEs of a server that did not answer: could not connect (08001), or the connection broke
   * or timed out (08006).
   */
  private static final Set<String> NO_ANSWER = Set.of("08001", "08006");

  private final Log log;
  private final Outputs outputs;
  private final Annotations annotations;
  private final Clock clock;
  private final Workspace workspace;
  private final MigrateReport report;

  MigrateStep(StepPort port) {
    this.log = port.log();
    this.outputs = port.outputs();
    this.annotations = port.annotations();
    this.clock = port.clock();
    this.workspace = port.workspace();
    this.report = new MigrateReport(port.summary(), port.annotations(), port.workspace());
  }

  @Override
  public void run(MigrateInputs in) throws Exception {
    MigrationSet set = MigrationDirectory.locate(workspace.root(), in.dir(), in.tool());
    Ledger ledger = Ledger.of(set.tool(), in.schema());
    log.info(
        "migrate: %d %s migrations in %s, bookkeeping in %s on %s.",
        set.migrations().size(),
        set.tool().id(),
        workspace.relative(set.dir()),
        ledger.table(),
        in.url().display());
    List<MigrationRunner.Outcome> done = new ArrayList<>();
    try {
      if (in.dryRun()) {
        MigratePlan plan = dryRunPlan(in, set, ledger);
        check(plan, in);
        log.info(
            "Dry run: %s, nothing applied.",
            plan.pendingKnown()
                ? plan.pending().size() + " migrations pending"
                : "pending migrations unknown");
        return;
      }
      try (Connection c = connect(in.url(), in.schema());
          MigrationLock lock =
              MigrationLock.acquire(
                  connect(in.url(), in.schema()), ledger.lockKey(), in.waitForLock(), clock, log)) {
        MigratePlan plan = plan(c, in, set, ledger);
        check(plan, in);
        apply(c, lock, in, ledger, plan, done);
      }
    } catch (SQLException e) {
      throw new StepFailure(
          "A database call failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ").",
          "Check that the "
              + MigrateInputs.DATABASE_URL.name()
              + " user may read and write "
              + ledger.table()
              + " and take advisory locks, then run again; a migration that ran in a transaction commits together with its bookkeeping row, so it is either fully applied and recorded or not at all.",
          e);
    } finally {
      report.finish(done);
    }
  }

  /**
   * The dry run's look at the bookkeeping, without the lock and with a short deadline: a database
   * that does not answer is a warning and a plan whose pending set is unknown; one that refuses (a
   * wrong password) is the error.
   */
  private MigratePlan dryRunPlan(MigrateInputs in, MigrationSet set, Ledger ledger)
      throws Exception {
    DryRunLook.Seen<MigratePlan> seen =
        DryRunLook.look(
            "the migrations recorded in " + ledger.table() + " on " + in.url().display(),
            annotations,
            MigrateStep::noAnswer,
            () -> {
              try (Connection c = connectBriefly(in.url(), in.schema())) {
                return plan(c, in, set, ledger);
              }
            });
    MigratePlan plan =
        switch (seen) {
          case DryRunLook.Seen.Known<MigratePlan> known -> known.value();
          case DryRunLook.Seen.Unknown<MigratePlan> unknown ->
              MigratePlan.unknown(
                  set.tool(), set.dir(), ledger.table(), ledger.lockKey(), unknown.why());
        };
    report.dryRun();
    return plan;
  }

  /**
   * Reports the plan, sets the outputs it decides, and stops on a blocker or (with {@code lint:
   * error}) an unsafe operation.
   */
  private void check(MigratePlan plan, MigrateInputs in) throws StepFailure {
    log.group("Plan");
    plan.describe().forEach(log::info);
    log.endGroup();
    report.plan(plan, in.lint());
    if (!plan.pendingKnown()) {
      return;
    }
    outputs.set(PENDING, plan.pending());
    outputs.set(LINT_FINDINGS, plan.findings().size());
    if (!plan.blockers().isEmpty()) {
      LedgerReview.Blocker first = plan.blockers().getFirst();
      throw new StepFailure(
          "Migrations blocked: "
              + first.problem()
              + (plan.blockers().size() > 1
                  ? " (and "
                      + (plan.blockers().size() - 1)
                      + " more problems, listed in the annotations and summary)"
                  : ""),
          first.fix());
    }
    if (in.lint() == MigrateInputs.LintMode.ERROR && !plan.blockingFindings().isEmpty()) {
      LintFinding f = plan.blockingFindings().getFirst();
      throw new StepFailure(
          plan.blockingFindings().size()
              + " unsafe operation(s) in pending migrations; nothing was applied. First: "
              + workspace.relative(f.file())
              + ":"
              + f.line()
              + " "
              + f.rule().id()
              + ".",
          "Rewrite them the safe way shown in the annotations, or suppress one with -- flo-lint-ignore <rule> above the statement, or set "
              + MigrateInputs.LINT.name()
              + ": warn.");
    }
  }

  private MigratePlan plan(Connection c, MigrateInputs in, MigrationSet set, Ledger ledger)
      throws SQLException, StepFailure {
    LedgerReview review = ledger.review(c, set.migrations());
    List<LintFinding> findings = new ArrayList<>();
    if (in.lint() != MigrateInputs.LintMode.OFF && !review.pending().isEmpty()) {
      MigrationLinter linter;
      try {
        linter =
            new MigrationLinter(
                PgQuery.load(),
                in.lintIgnore(),
                !in.lockTimeout().isZero(),
                set.tool(),
                MigrationRunner.serverVersion(c));
      } catch (ParserUnavailableException e) {
        throw new StepFailure(
            "The migration linter is unavailable: " + e.getMessage(),
            "The linter is built in on Linux x86-64 and arm64: run migrate there (any GitHub-hosted Linux runner, or flo-actions' container image), or set "
                + MigrateInputs.LINT.name()
                + ": off to migrate without it.");
      }
      for (Migration m : review.pending()) {
        // Lint what will run (Flyway placeholders filled in); lines stay those of the file.
        findings.addAll(
            linter.lint(
                new Migration(
                    m.name(),
                    m.version(),
                    m.description(),
                    m.repeatable(),
                    m.file(),
                    ledger.sql(c, m),
                    m.createdAt())));
      }
    }
    List<MigratePlan.Action> actions = new ArrayList<>();
    if (!review.pending().isEmpty() && !ledger.exists(c)) {
      actions.add(new MigratePlan.CreateTable(in.schema(), ledger.table()));
    }
    review.pending().forEach(m -> actions.add(new MigratePlan.Apply(m)));
    return new MigratePlan(
        set.tool(),
        set.dir(),
        ledger.table(),
        ledger.lockKey(),
        actions,
        review.blockers(),
        findings,
        null);
  }

  /** Runs the plan's actions in order, under the lock; the outputs follow each migration. */
  private void apply(
      Connection c,
      MigrationLock lock,
      MigrateInputs in,
      Ledger ledger,
      MigratePlan plan,
      List<MigrationRunner.Outcome> done)
      throws Exception {
    if (plan.actions().isEmpty()) {
      log.info("Nothing to apply: the database is up to date.");
      return;
    }
    MigrationRunner runner =
        new MigrationRunner(c, ledger, clock, in.lockTimeout(), in.statementTimeout());
    List<Migration> left = new ArrayList<>(plan.pending());
    int pid = MigrationLock.backendPid(c);
    for (MigratePlan.Action action : plan.actions()) {
      switch (action) {
        case MigratePlan.CreateTable table -> createTable(c, ledger, table);
        case MigratePlan.Apply apply ->
            applyOne(runner, lock, pid, ledger, apply.migration(), done, left);
      }
    }
  }

  private void createTable(Connection c, Ledger ledger, MigratePlan.CreateTable table)
      throws SQLException, StepFailure {
    try {
      createSchema(c, table.schema());
      ledger.create(c);
    } catch (LedgerException e) {
      throw new StepFailure(
          Objects.requireNonNull(e.getMessage(), "a LedgerException has a message"), e.fix());
    }
  }

  private void applyOne(
      MigrationRunner runner,
      MigrationLock lock,
      int pid,
      Ledger ledger,
      Migration m,
      List<MigrationRunner.Outcome> done,
      List<Migration> left)
      throws Exception {
    log.info("Applying %s ...", m.name());
    try {
      MigrationRunner.Outcome outcome;
      try (Progress.Watch watch = stillRunning(lock, pid, m)) {
        outcome = runner.run(m);
      }
      done.add(outcome);
      left.remove(m);
      log.info(
          "Applied %s in %d ms%s.",
          m.name(),
          outcome.took().toMillis(),
          outcome.transactional() ? "" : " (outside a transaction)");
    } catch (MigrationFailure f) {
      report.failure(f);
      throw report.toStepFailure(f, ledger);
    } finally {
      outputs.set(APPLIED, done.size());
      outputs.set(
          APPLIED_MIGRATIONS, done.stream().map(MigrationRunner.Outcome::migration).toList());
      outputs.set(PENDING, List.copyOf(left));
    }
  }

  /**
   * From 10 s on, a migration says every 10 s that it is still running, or which lock it waits for
   * and who holds it: asked on the migration lock's idle connection, since the migration's own is
   * busy.
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

  /**
   * Only when missing: even CREATE SCHEMA IF NOT EXISTS needs CREATE on the database, which app
   * roles often lack.
   */
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

  /** A connection for the run, with the server's own timeouts: a migration may take long. */
  private static Connection connect(PostgresConnection url, String schema) throws StepFailure {
    try {
      return open(url, schema, null);
    } catch (SQLException e) {
      throw unreachable(url, e);
    }
  }

  /**
   * A dry run's connection: it gives up after {@link DryRunLook#DEADLINE} on connecting and on
   * every read. No answer stays an {@link SQLException} for {@link DryRunLook#look}; a refusal is
   * the step's error, as in a real run.
   */
  private static Connection connectBriefly(PostgresConnection url, String schema)
      throws SQLException, StepFailure {
    try {
      return open(url, schema, DryRunLook.DEADLINE);
    } catch (SQLException e) {
      if (noAnswer(e)) {
        throw e;
      }
      throw unreachable(url, e);
    }
  }

  /**
   * @param timeout null for the driver's defaults
   */
  private static Connection open(PostgresConnection url, String schema, @Nullable Duration timeout)
      throws SQLException {
    Connection c = null;
    try {
      c = timeout == null ? url.open(APPLICATION) : url.open(APPLICATION, timeout);
      Ledger.execute(c, "SET search_path TO " + Ledger.quote(schema));
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static boolean noAnswer(Exception e) {
    return e instanceof SQLException s && NO_ANSWER.contains(s.getSQLState());
  }

  private static StepFailure unreachable(PostgresConnection url, SQLException e) {
    return new StepFailure(
        "Could not connect to " + url.display() + ": " + e.getMessage(),
        "Check the "
            + MigrateInputs.DATABASE_URL.name()
            + " secret (host, port, user, password, sslmode) and that the runner can reach the database.");
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // The connection is being given up after a failure that is reported instead.
      }
    }
  }
}
