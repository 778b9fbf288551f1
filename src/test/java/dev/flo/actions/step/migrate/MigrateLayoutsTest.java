package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.migrate.ledger.Checksums;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each layout end to end against a real PostgreSQL: found, applied once, recorded the tool's way,
 * then idle.
 */
class MigrateLayoutsTest {
  @TempDir Path repo;
  TestDatabase db;

  @BeforeEach
  void database() throws Exception {
    db = TestDatabase.fresh();
  }

  StepHarness.Result migrate(String... inputs) throws Exception {
    StepHarness h = new StepHarness(MigrateStep.DEFINITION, repo).input("database-url", db.url());
    for (int i = 0; i < inputs.length; i += 2) {
      h.input(inputs[i], inputs[i + 1]);
    }
    return h.run();
  }

  void write(String path, String text) throws Exception {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void prismaLayoutWritesPrismaRowsAndAppliesEachMigrationOnce() throws Exception {
    write("apps/api/prisma/migrations/migration_lock.toml", "provider = \"postgresql\"\n");
    write(
        "apps/api/prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
    write(
        "apps/api/prisma/migrations/20240102000000_posts/migration.sql",
        "CREATE TABLE posts (id bigint PRIMARY KEY, body text);\r\n");

    StepHarness.Result first = migrate();

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(first.output("applied")).isEqualTo("2");
    assertThat(first.output("applied-migrations"))
        .isEqualTo("[\"20240101000000_init\",\"20240102000000_posts\"]");
    assertThat(first.output("pending")).isEqualTo("[]");
    List<List<String>> rows =
        db.rows(
            "SELECT migration_name, checksum, finished_at IS NOT NULL, logs, rolled_back_at, applied_steps_count, length(id) FROM _prisma_migrations ORDER BY started_at, migration_name");
    assertThat(rows)
        .containsExactly(
            java.util.Arrays.asList(
                "20240101000000_init",
                Checksums.sha256("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"),
                "t",
                null,
                null,
                "1",
                "36"),
            java.util.Arrays.asList(
                "20240102000000_posts",
                Checksums.sha256("CREATE TABLE posts (id bigint PRIMARY KEY, body text);\r\n"),
                "t",
                null,
                null,
                "1",
                "36"));
    assertThat(first.summary()).contains("| 20240101000000_init | applied |");

    StepHarness.Result second = migrate();
    assertThat(second.exitCode()).isZero();
    assertThat(second.output("applied")).isEqualTo("0");
    assertThat(db.value("SELECT count(*) FROM _prisma_migrations")).isEqualTo("2");
    assertThat(second.summary()).contains("up to date");
  }

  @Test
  void prismaToleratesLineEndingChurnButFailsOnRealDrift() throws Exception {
    write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint);\nCREATE TABLE tags (id bigint);\n");
    assertThat(migrate().exitCode()).isZero();

    write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint);\r\nCREATE TABLE tags (id bigint);\r\n");
    assertThat(migrate().exitCode()).as("git autocrlf churn is not drift, as in Prisma").isZero();

    write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint, name text);\n");
    write(
        "prisma/migrations/20240202000000_next/migration.sql", "CREATE TABLE next (id bigint);\n");
    StepHarness.Result drift = migrate();

    assertThat(drift.exitCode()).isEqualTo(1);
    String stored =
        Checksums.sha256("CREATE TABLE users (id bigint);\nCREATE TABLE tags (id bigint);\n");
    String now = Checksums.sha256("CREATE TABLE users (id bigint, name text);\n");
    assertThat(drift.stdout())
        .contains(
            "20240101000000_init was changed after it was applied",
            stored,
            now,
            "file=prisma/migrations/20240101000000_init/migration.sql");
    assertThat(db.value("SELECT to_regclass('next') IS NULL"))
        .as("nothing runs while blocked")
        .isEqualTo("t");
  }

  @Test
  void failedPrismaMigrationIsRolledBackRecordedAsPrismaDoesAndBlocksTheNextRun() throws Exception {
    write(
        "prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE users (id bigint);\n");
    write(
        "prisma/migrations/20240102000000_broken/migration.sql",
        "CREATE TABLE half (id bigint);\n\nINSERT INTO missing VALUES (1);\n");
    write(
        "prisma/migrations/20240103000000_after/migration.sql",
        "CREATE TABLE after_it (id bigint);\n");

    StepHarness.Result failed = migrate();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.output("applied")).isEqualTo("1");
    assertThat(failed.output("pending"))
        .isEqualTo("[\"20240102000000_broken\",\"20240103000000_after\"]");
    assertThat(failed.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "file=prisma/migrations/20240102000000_broken/migration.sql,line=3",
                        "42P01"));
    assertThat(db.value("SELECT to_regclass('half') IS NULL")).as("rolled back").isEqualTo("t");
    assertThat(
            db.rows(
                "SELECT finished_at, rolled_back_at, applied_steps_count, logs LIKE '%42P01%relation \"missing\" does not exist%' FROM _prisma_migrations WHERE migration_name = '20240102000000_broken'"))
        .containsExactly(java.util.Arrays.asList(null, null, "0", "t"));
    assertThat(failed.stdout()).contains("npx prisma migrate resolve --rolled-back");

    write(
        "prisma/migrations/20240102000000_broken/migration.sql",
        "CREATE TABLE half (id bigint);\n");
    StepHarness.Result blocked = migrate();
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.stdout())
        .contains(
            "20240102000000_broken",
            "P3009",
            "prisma migrate resolve --rolled-back \"20240102000000_broken\"");
    assertThat(db.value("SELECT to_regclass('after_it') IS NULL")).isEqualTo("t");

    db.execute(
        "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20240102000000_broken' AND finished_at IS NULL");
    StepHarness.Result resolved = migrate();
    assertThat(resolved.exitCode()).as(resolved.stdout()).isZero();
    assertThat(resolved.output("applied-migrations"))
        .isEqualTo("[\"20240102000000_broken\",\"20240103000000_after\"]");
  }

  @Test
  void drizzleLayoutWritesDrizzleRowsAndRefusesAMigrationOlderThanTheLastApplied()
      throws Exception {
    write(
        "drizzle/0000_init.sql",
        "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL);\n--> statement-breakpoint\nCREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL)\n");
    write("drizzle/meta/_journal.json", journal(entry(0, 1700000000000L, "0000_init")));

    StepHarness.Result first = migrate();

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(db.rows("SELECT hash, created_at FROM drizzle.__drizzle_migrations"))
        .containsExactly(
            List.of(
                Checksums.sha256(Files.readString(repo.resolve("drizzle/0000_init.sql"))),
                "1700000000000"));
    assertThat(db.value("SELECT count(*) FROM pg_tables WHERE tablename IN ('users', 'posts')"))
        .isEqualTo("2");

    write("drizzle/0001_old_branch.sql", "CREATE TABLE old_branch (id int);\n");
    write("drizzle/0002_new.sql", "CREATE TABLE newer (id int);\n");
    write(
        "drizzle/meta/_journal.json",
        journal(
            entry(0, 1700000000000L, "0000_init"),
            entry(1, 1690000000000L, "0001_old_branch"),
            entry(2, 1710000000000L, "0002_new")));
    StepHarness.Result outOfOrder = migrate();

    assertThat(outOfOrder.exitCode()).isEqualTo(1);
    assertThat(outOfOrder.stdout())
        .contains(
            "0001_old_branch is not applied",
            "drizzle-orm would skip it silently",
            "above 1700000000000");
    assertThat(db.value("SELECT to_regclass('newer') IS NULL")).isEqualTo("t");

    String applied = Files.readString(repo.resolve("drizzle/0000_init.sql"));
    write("drizzle/0000_init.sql", applied.replace("\"posts\"", "\"articles\""));
    write("drizzle/meta/_journal.json", journal(entry(0, 1700000000000L, "0000_init")));
    StepHarness.Result drift = migrate();
    assertThat(drift.exitCode()).isEqualTo(1);
    assertThat(drift.stdout())
        .contains(
            "0000_init was changed after it was applied",
            Checksums.sha256(applied),
            Checksums.sha256(applied.replace("\"posts\"", "\"articles\"")));
  }

  @Test
  void plainSqlFolderUsesOurTableRunsConcurrentIndexOutsideATransactionAndDryRunChangesNothing()
      throws Exception {
    write(
        "db/migrations/001_users.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
            + "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.id := NEW.id; RETURN NEW; END; $$;\n");
    write(
        "db/migrations/002_index.sql",
        "-- the index\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n");

    StepHarness.Result dry = migrate("dry-run", "true");
    assertThat(dry.exitCode()).as(dry.stdout()).isZero();
    assertThat(dry.output("pending")).isEqualTo("[\"001_users.sql\",\"002_index.sql\"]");
    assertThat(dry.output("applied")).isEqualTo("0");
    assertThat(db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .as("dry run creates nothing")
        .isEqualTo("0");

    StepHarness.Result run = migrate();
    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.summary()).contains("| 002_index.sql | applied (no transaction) |");
    assertThat(
            db.rows(
                "SELECT name, checksum, success, finished_at IS NOT NULL FROM flo_schema_migrations ORDER BY name"))
        .containsExactly(
            List.of(
                "001_users.sql",
                Checksums.sha256(Files.readString(repo.resolve("db/migrations/001_users.sql"))),
                "t",
                "t"),
            List.of(
                "002_index.sql",
                Checksums.sha256(Files.readString(repo.resolve("db/migrations/002_index.sql"))),
                "t",
                "t"));
    assertThat(
            db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass"))
        .isEqualTo("t");
  }

  @Test
  void prismaRefusesAUsedSchemaWithoutItsTableAndTellsHowToBaseline() throws Exception {
    db.execute("CREATE TABLE legacy (id bigint)");
    write(
        "prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE users (id bigint);\n");
    StepHarness.Result r = migrate();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("P3005", "prisma migrate resolve --applied");
    assertThat(db.value("SELECT to_regclass('_prisma_migrations') IS NULL")).isEqualTo("t");
  }

  @Test
  void aRunKilledDuringANonTransactionalPrismaMigrationLeavesItsStartedRowAndTheNextRunIsBlocked()
      throws Exception {
    db.execute(
        "CREATE SCHEMA control; CREATE TABLE control.slow (on_purpose boolean); INSERT INTO control.slow VALUES (true)");
    write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint, email text);\n");
    write(
        "prisma/migrations/20240102000000_index/migration.sql",
        "CREATE INDEX CONCURRENTLY users_email ON users (email);\nSELECT pg_sleep(CASE WHEN (SELECT on_purpose FROM control.slow) THEN 120 ELSE 0 END);\n");
    java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      // lint: warn, because Prisma itself would refuse this mixed file
      // (non-transactional-not-alone); here it only
      // has to run long enough outside a transaction to be killed.
      java.util.concurrent.Future<StepHarness.Result> killed =
          thread.submit(() -> migrate("lint", "warn"));
      MigrateConcurrencyTest.await(
          () ->
              "1"
                  .equals(
                      db.value(
                          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate' AND query LIKE 'SELECT pg_sleep%'")));
      db.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flo-actions migrate'");
      assertThat(killed.get(60, java.util.concurrent.TimeUnit.SECONDS).exitCode()).isEqualTo(1);
    } finally {
      thread.shutdownNow();
    }

    StepHarness.Result next = migrate("lint", "warn");
    assertThat(next.exitCode()).isEqualTo(1);
    assertThat(next.stdout())
        .contains("20240102000000_index", "the run was interrupted", "P3009", "undo them");
  }

  @Test
  void statementTimeoutIsSetPerMigration() throws Exception {
    write("migrations/001_slow.sql", "CREATE TABLE t (id bigint);\nSELECT pg_sleep(5);\n");
    StepHarness.Result r = migrate("statement-timeout", "100ms");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("57014", "statement timeout");
    assertThat(db.value("SELECT to_regclass('t') IS NULL")).isEqualTo("t");
  }

  @Test
  void everyBadInputIsReportedAtOnce() throws Exception {
    write("migrations/001.sql", "SELECT 1;\n");
    StepHarness.Result r =
        migrate(
            "tool",
            "liquibase",
            "lint-ignore",
            "adding-required-field, no-such-rule",
            "lock-timeout",
            "soon",
            "lint",
            "strict");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "Input 'tool' is 'liquibase'",
            "auto, prisma, drizzle, flyway, sql",
            "Input 'lint-ignore' names an unknown rule 'no-such-rule'",
            "Input 'lock-timeout' is 'soon'",
            "Input 'lint' is 'strict'");
  }

  @Test
  void transactionPoolerUrlIsRefusedBeforeConnecting() throws Exception {
    write("migrations/001.sql", "SELECT 1;\n");
    StepHarness.Result r =
        new StepHarness(MigrateStep.DEFINITION, repo)
            .input(
                "database-url", "postgres://app:pw-123@aws-0-eu.pooler.supabase.com:6543/postgres")
            .run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "Input 'database-url' points at a transaction pooler",
            "port 6543",
            "direct connection URL");
    assertThat(r.lines())
        .filteredOn(l -> !l.startsWith("::add-mask::"))
        .noneMatch(l -> l.contains("pw-123"));
    // Outputs are known before the inputs are: a workflow reading steps.migrate.outputs.applied
    // gets 0, not ''.
    assertThat(r.outputs()).containsEntry("applied", "0").containsEntry("applied-migrations", "[]");
  }

  @Test
  void unsafeDdlStopsTheRunWithAnAnnotationOnTheLineUnlessLintIsWarn() throws Exception {
    write("migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
    assertThat(migrate().exitCode()).isZero();
    write(
        "migrations/002_email.sql",
        "-- email must be set\nALTER TABLE users\n  ALTER COLUMN email SET NOT NULL;\n");

    StepHarness.Result blocked = migrate();
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.output("lint-findings")).isEqualTo("1");
    assertThat(blocked.output("applied")).isEqualTo("0");
    assertThat(blocked.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error file=migrations/002_email.sql,line=2,title=migrate lint%3A adding-not-nullable-field::")
                    .contains("ACCESS EXCLUSIVE"));
    assertThat(blocked.summary())
        .contains(
            "| migrations/002_email.sql:2 | `adding-not-nullable-field` users.email | ACCESS EXCLUSIVE |");

    StepHarness.Result warned = migrate("lint", "warn");
    assertThat(warned.exitCode()).as(warned.stdout()).isZero();
    assertThat(warned.annotations("warning"))
        .anySatisfy(a -> assertThat(a).contains("file=migrations/002_email.sql,line=2"));
    assertThat(warned.output("applied-migrations")).isEqualTo("[\"002_email.sql\"]");
  }

  @Test
  void rowsPrismaItselfWroteAreAcceptedAsPrismaWouldAcceptThem() throws Exception {
    String init = "CREATE TABLE users (id bigint);\n";
    String baseline = "CREATE TABLE legacy (id bigint);\n";
    write("prisma/migrations/20240101000000_init/migration.sql", init);
    write("prisma/migrations/20240102000000_baseline/migration.sql", baseline);
    write(
        "prisma/migrations/20240103000000_fixed/migration.sql",
        "CREATE TABLE fixed (id bigint);\n");
    db.execute(prismaTable());
    db.execute("CREATE TABLE users (id bigint); CREATE TABLE legacy (id bigint)");
    // migrate deploy: a finished row; resolve --applied: started = finished, logs ''; a failure
    // later resolve --rolled-back.
    db.execute(
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count) VALUES"
            + " ('11111111-1111-4111-8111-111111111111', '"
            + Checksums.sha256(init.replace("\n", "\r\n"))
            + "', now(), '20240101000000_init', NULL, now(), 1),"
            + " ('22222222-2222-4222-8222-222222222222', '"
            + Checksums.sha256(baseline)
            + "', now(), '20240102000000_baseline', '', now(), 0)");
    db.execute(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, started_at) VALUES"
            + " ('33333333-3333-4333-8333-333333333333', 'f00', '20240103000000_fixed', 'Database error code: 42601', now(), now())");

    StepHarness.Result r = migrate();

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.output("applied-migrations")).isEqualTo("[\"20240103000000_fixed\"]");
    assertThat(
            db.value(
                "SELECT count(*) FROM _prisma_migrations WHERE migration_name = '20240103000000_fixed' AND finished_at IS NOT NULL AND rolled_back_at IS NULL"))
        .isEqualTo("1");
  }

  /** prisma-engines' create_migrations_table for PostgreSQL, verbatim. */
  static String prismaTable() {
    return """
        CREATE TABLE _prisma_migrations (
            id                      VARCHAR(36) PRIMARY KEY NOT NULL,
            checksum                VARCHAR(64) NOT NULL,
            finished_at             TIMESTAMPTZ,
            migration_name          VARCHAR(255) NOT NULL,
            logs                    TEXT,
            rolled_back_at          TIMESTAMPTZ,
            started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
            applied_steps_count     INTEGER NOT NULL DEFAULT 0
        );
        """;
  }

  @Test
  void lockTimeoutIsSetPerMigrationSoABlockedAlterFailsAndRollsBack() throws Exception {
    write("migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    assertThat(migrate().exitCode()).isZero();
    write(
        "migrations/002_note.sql",
        "CREATE TABLE notes (id bigint);\nALTER TABLE users ADD COLUMN note text;\n");
    StepHarness.Result r;
    try (java.sql.Connection reader = db.connect()) {
      reader.setAutoCommit(false);
      reader.createStatement().execute("SELECT * FROM users");
      r = migrate("lock-timeout", "200ms");
    }
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("55P03", "lock timeout");
    assertThat(db.value("SELECT to_regclass('notes') IS NULL")).isEqualTo("t");
  }

  static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String entry(int idx, long when, String tag) {
    return "{\"idx\":"
        + idx
        + ",\"version\":\"7\",\"when\":"
        + when
        + ",\"tag\":\""
        + tag
        + "\",\"breakpoints\":true}";
  }

  static String journal(String... entries) {
    return "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":["
        + String.join(",", entries)
        + "]}";
  }
}
