package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.step.migrate.ledger.SqlLedger;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two migrate runs at once, a run killed mid-migration, and a lock held too long, on a real
 * PostgreSQL.
 */
class MigrateConcurrencyTest {
  @TempDir Path repo;
  TestDatabase db;

  /** Our own threads: the common pool may have a single worker on a small machine. */
  final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.fresh();
    Files.createDirectories(repo.resolve("migrations"));
  }

  void write(String name, String text) throws Exception {
    Files.writeString(repo.resolve("migrations").resolve(name), text);
  }

  StepHarness harness(Clock clock) {
    return new StepHarness(MigrateStep.DEFINITION, repo)
        .input("database-url", db.url())
        .input("lock-timeout", "1m")
        .clock(clock);
  }

  @Test
  void twoRunsAtOnceApplyEachMigrationExactlyOnce() throws Exception {
    db.execute(
        "CREATE SCHEMA gatekeeping; CREATE TABLE gatekeeping.gate (id int); CREATE TABLE gatekeeping.runs (name text)");
    write(
        "001_first.sql",
        "INSERT INTO gatekeeping.runs VALUES ('001');\nSELECT count(*) FROM gatekeeping.gate;\n");
    write("002_second.sql", "INSERT INTO gatekeeping.runs VALUES ('002');\n");
    write(
        "003_third.sql",
        "CREATE TABLE third (id bigint);\nINSERT INTO gatekeeping.runs VALUES ('003');\n");
    PollCountingClock firstClock = new PollCountingClock();
    PollCountingClock secondClock = new PollCountingClock();

    StepHarness.Result first;
    StepHarness.Result second;
    try (Connection gate = db.connect()) {
      // Hold the first run inside its first migration, so the second run must meet the migration
      // lock.
      gate.setAutoCommit(false);
      gate.createStatement().execute("LOCK TABLE gatekeeping.gate IN ACCESS EXCLUSIVE MODE");
      CompletableFuture<StepHarness.Result> a =
          CompletableFuture.supplyAsync(() -> run(harness(firstClock)), threads);
      await(
          () -> {
            if (a.isDone()) {
              throw new AssertionError(
                  "the first run did not wait at the gate: " + a.get().stdout());
            }
            return "1"
                .equals(
                    db.value(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate' AND wait_event_type = 'Lock'"));
          });
      // 15 s later on the first run's clock, its migration says what it waits for (asked on its
      // lock's connection).
      firstClock.advance(Duration.ofSeconds(15));
      await(
          () ->
              "1"
                  .equals(
                      db.value(
                          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate' AND query LIKE '%pg_blocking_pids%'")));
      CompletableFuture<StepHarness.Result> b =
          CompletableFuture.supplyAsync(() -> run(harness(secondClock)), threads);
      await(() -> secondClock.polls.get() > 0);
      gate.commit();
      first = a.get(60, TimeUnit.SECONDS);
      second = b.get(60, TimeUnit.SECONDS);
    }

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(second.exitCode()).as(second.stdout()).isZero();
    assertThat(first.output("applied")).isEqualTo("3");
    assertThat(second.output("applied")).isEqualTo("0");
    assertThat(second.stdout()).contains("Waiting for the migration lock", "held by pid");
    assertThat(first.lines())
        .filteredOn(l -> l.startsWith("Still applying 001_first.sql: "))
        .first()
        .asString()
        .matches(
            "Still applying 001_first\\.sql: waiting for AccessShareLock on table gatekeeping\\.gate, held by pid \\d+ \\(application '.*', idle in transaction\\), for 1\\ds");
    assertThat(first.stdout().indexOf("Still applying 001_first.sql"))
        .isBetween(
            first.stdout().indexOf("Applying 001_first.sql"),
            first.stdout().indexOf("Applied 001_first.sql"));
    assertThat(db.rows("SELECT name FROM gatekeeping.runs ORDER BY name"))
        .containsExactly(List.of("001"), List.of("002"), List.of("003"));
  }

  @Test
  void aRunKilledInTheMiddleOfAMigrationLeavesNothingHalfAppliedAndTheNextRunContinues()
      throws Exception {
    db.execute(
        "CREATE SCHEMA control; CREATE TABLE control.slow (on_purpose boolean); INSERT INTO control.slow VALUES (true)");
    write("001_users.sql", "CREATE TABLE users (id bigint);\n");
    write(
        "002_long.sql",
        "CREATE TABLE orders (id bigint);\nINSERT INTO orders VALUES (1);\n"
            + "SELECT pg_sleep(CASE WHEN (SELECT on_purpose FROM control.slow) THEN 120 ELSE 0 END);\n");
    write("003_after.sql", "CREATE TABLE after_long (id bigint);\n");

    CompletableFuture<StepHarness.Result> killed =
        CompletableFuture.supplyAsync(() -> run(harness(new FakeClock())), threads);
    await(
        () ->
            "1"
                .equals(
                    db.value(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate' AND query LIKE 'SELECT pg_sleep%'")));
    // Both of the run's sessions die at once, as when the runner VM disappears.
    db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate'");
    StepHarness.Result first = killed.get(60, TimeUnit.SECONDS);

    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(db.value("SELECT to_regclass('orders') IS NULL"))
        .as("002 rolled back")
        .isEqualTo("t");
    assertThat(db.rows("SELECT name, success FROM flo_schema_migrations ORDER BY name"))
        .containsExactly(List.of("001_users.sql", "t"));

    db.execute("UPDATE control.slow SET on_purpose = false");
    StepHarness.Result next = run(harness(new FakeClock()));
    assertThat(next.exitCode()).as(next.stdout()).isZero();
    assertThat(next.output("applied-migrations")).isEqualTo("[\"002_long.sql\",\"003_after.sql\"]");
    assertThat(db.value("SELECT count(*) FROM orders")).isEqualTo("1");
  }

  @Test
  void aLockHeldLongerThanWaitForLockFailsNamingTheHolderAndChangesNothing() throws Exception {
    write("001_users.sql", "CREATE TABLE users (id bigint);\n");
    FakeClock clock = new FakeClock();
    StepHarness.Result r;
    try (Connection holder = db.connect()) {
      holder
          .createStatement()
          .execute(
              "SET application_name = 'someone else'; SELECT pg_advisory_lock("
                  + SqlLedger.LOCK_KEY
                  + ")");
      r = harness(clock).input("wait-for-lock", "2m").run();
    }

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "longer than wait-for-lock (2m)", "application 'someone else'", "pg_terminate_backend");
    // Two minutes of polls every second: a line every 30 s, the unchanged holder counted, not
    // repeated.
    assertThat(r.lines().stream().filter(l -> l.startsWith("Waiting for the migration lock")))
        .hasSize(4)
        .allMatch(
            l ->
                l.contains("held by pid ")
                    && l.contains("application 'someone else'")
                    && l.endsWith(" left"))
        .anyMatch(l -> l.contains("(unchanged, 30 checks)"));
    assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(db.value("SELECT to_regclass('users') IS NULL")).isEqualTo("t");
  }

  static StepHarness.Result run(StepHarness h) {
    try {
      return h.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits for another thread's progress (not a timing assertion: it only bounds a hang). */
  static void await(Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 30 s");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Virtual time like {@link FakeClock}, but each poll yields for a moment so another thread can
   * finish.
   */
  static final class PollCountingClock implements Clock {
    final AtomicInteger polls = new AtomicInteger();
    private final FakeClock time = new FakeClock();

    @Override
    public Instant now() {
      return time.now();
    }

    @Override
    public long nanoTime() {
      return time.nanoTime();
    }

    void advance(Duration d) {
      time.advance(d);
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      polls.incrementAndGet();
      time.sleep(d);
      Thread.sleep(20);
    }
  }
}
