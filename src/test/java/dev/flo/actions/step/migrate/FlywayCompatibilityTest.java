package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.step.migrate.ledger.Checksums;
import dev.flo.actions.step.migrate.ledger.FlywayLedger;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Flyway (flyway-core 13) and migrate take turns on one database: each accepts what the
 * other wrote, so nothing runs twice or is skipped, checksums validate, and they exclude each other
 * through the same lock key.
 */
class FlywayCompatibilityTest {
  @TempDir Path repo;
  TestDatabase db;
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.fresh();
    dir = repo.resolve("src/main/resources/db/migration");
    Files.createDirectories(dir);
  }

  Flyway flyway() {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), "postgres", "")
        .locations("filesystem:" + dir)
        .lockRetryCount(1)
        .load();
  }

  StepHarness.Result migrate() throws Exception {
    return new StepHarness(MigrateStep.DEFINITION, repo).input("database-url", db.url()).run();
  }

  void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void flywayAppliesSomeWeApplyTheRestAndFlywayValidatesWithNothingPending() throws Exception {
    write(
        "V1__create_users.sql",
        "\uFEFFCREATE TABLE users (id bigint PRIMARY KEY);\r\n\r\nINSERT INTO users VALUES (1);\r\n");
    write("V1_1__add_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
    assertThat(flyway().migrate().migrationsExecuted).isEqualTo(2);

    write("V2__email_index.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);\n");
    write("V10__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n");
    write(
        "R__user_view.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT id, email FROM users;\n");
    StepHarness.Result ours = migrate();

    assertThat(ours.exitCode()).as(ours.stdout()).isZero();
    assertThat(ours.output("applied-migrations"))
        .isEqualTo("[\"V2__email_index.sql\",\"V10__orders.sql\",\"R__user_view.sql\"]");
    Flyway after = flyway();
    after.validate();
    assertThat(after.info().pending()).isEmpty();
    assertThat(after.migrate().migrationsExecuted).isZero();
    assertThat(
            db.rows(
                "SELECT installed_rank, version, description, type, script, installed_by, success FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly(
            Arrays.asList("1", "1", "create users", "SQL", "V1__create_users.sql", "postgres", "t"),
            Arrays.asList("2", "1.1", "add email", "SQL", "V1_1__add_email.sql", "postgres", "t"),
            Arrays.asList("3", "2", "email index", "SQL", "V2__email_index.sql", "postgres", "t"),
            Arrays.asList("4", "10", "orders", "SQL", "V10__orders.sql", "postgres", "t"),
            Arrays.asList("5", null, "user view", "SQL", "R__user_view.sql", "postgres", "t"));
  }

  @Test
  void weApplySomeFlywayAppliesTheRestAndWeThenSeeNothingPending() throws Exception {
    write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    write("R__user_view.sql", "CREATE OR REPLACE VIEW user_ids AS SELECT id FROM users;\n");
    assertThat(migrate().exitCode()).isZero();

    write("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
    write(
        "R__user_view.sql", "CREATE OR REPLACE VIEW user_ids AS SELECT id, 1 AS one FROM users;\n");
    assertThat(flyway().migrate().migrationsExecuted)
        .as("validates our rows, then runs V2 and the changed repeatable only")
        .isEqualTo(2);

    StepHarness.Result again = migrate();
    assertThat(again.exitCode()).as(again.stdout()).isZero();
    assertThat(again.output("applied")).isEqualTo("0");
    assertThat(db.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("4");
  }

  @Test
  void builtInPlaceholdersAreFilledAsFlywayDoesAndUnknownOnesAreRefused() throws Exception {
    write(
        "V1__users.sql",
        "CREATE TABLE ${flyway:defaultSchema}.users (id bigint PRIMARY KEY, note text DEFAULT '${flyway:filename}');\n");
    assertThat(migrate().exitCode()).isZero();
    assertThat(
            db.value(
                "SELECT column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'note'"))
        .isEqualTo("'V1__users.sql'::text");
    flyway().validate();

    write("V2__custom.sql", "CREATE TABLE ${tenant}_orders (id bigint);\n");
    StepHarness.Result r = migrate();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("uses Flyway placeholders without a value: ${tenant}");
  }

  @Test
  void aDatabaseBaselinedByFlywayGetsOnlyTheVersionsAboveTheBaseline() throws Exception {
    db.execute("CREATE TABLE legacy (id bigint)");
    write("V1__legacy.sql", "CREATE TABLE legacy (id bigint);\n");
    write("V2__orders.sql", "CREATE TABLE orders (id bigint);\n");
    Flyway.configure()
        .dataSource(db.jdbcUrl(), "postgres", "")
        .locations("filesystem:" + dir)
        .baselineVersion("1")
        .load()
        .baseline();

    StepHarness.Result r = migrate();

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.output("applied-migrations")).isEqualTo("[\"V2__orders.sql\"]");
    assertThat(flyway().migrate().migrationsExecuted).isZero();
  }

  @Test
  void aUsedSchemaWithoutHistoryIsRefusedAsFlywayRefusesIt() throws Exception {
    db.execute("CREATE TABLE legacy (id bigint)");
    write("V1__orders.sql", "CREATE TABLE orders (id bigint);\n");
    StepHarness.Result r = migrate();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("already has tables (legacy) but no flyway_schema_history", "flyway baseline");
    assertThat(db.value("SELECT to_regclass('orders') IS NULL")).isEqualTo("t");
  }

  @Test
  void flywayWaitsForOurLockBecauseWeUseItsKey() throws Exception {
    write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    try (Connection holder = db.connect()) {
      holder
          .createStatement()
          .execute("SELECT pg_advisory_lock(" + new FlywayLedger("public").lockKey() + ")");
      assertThatThrownBy(() -> flyway().migrate())
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("lock");
    }
    assertThat(flyway().migrate().migrationsExecuted).isEqualTo(1);
  }

  @Test
  void aFailedNonTransactionalMigrationIsRecordedAsFlywayDoesAndBlocksBothTools() throws Exception {
    write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    write(
        "V2__bad_index.sql",
        "CREATE INDEX CONCURRENTLY users_missing ON users (missing_column);\n");
    StepHarness.Result failed = migrate();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(
            db.rows("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly(Arrays.asList("1", "t"), Arrays.asList("2", "f"));
    assertThatThrownBy(() -> flyway().validate()).hasMessageContaining("failed");

    StepHarness.Result blocked = migrate();
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.stdout())
        .contains(
            "V2__bad_index.sql (version 2) as failed",
            "flyway repair",
            "DELETE FROM \"public\".\"flyway_schema_history\" WHERE installed_rank = 2;");
  }

  @Test
  void aFailedTransactionalMigrationLeavesNoRowAsInFlyway() throws Exception {
    write(
        "V1__create_users.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n");
    StepHarness.Result failed = migrate();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).contains("Flyway records nothing");
    assertThat(db.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("0");
    assertThat(db.value("SELECT to_regclass('users') IS NULL")).isEqualTo("t");
  }

  @Test
  void editedAppliedMigrationFailsWithBothChecksumsAndAnOlderUnappliedVersionIsRefused()
      throws Exception {
    write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    write("V3__orders.sql", "CREATE TABLE orders (id bigint);\n");
    assertThat(flyway().migrate().migrationsExecuted).isEqualTo(2);
    int stored = Checksums.flywayCrc32("CREATE TABLE users (id bigint PRIMARY KEY);\n");

    write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
    write("V2__late.sql", "CREATE TABLE late (id bigint);\n");
    StepHarness.Result r = migrate();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "checksum "
                + stored
                + ", the file now has "
                + Checksums.flywayCrc32("CREATE TABLE users (id bigint PRIMARY KEY, name text);\n"))
        .contains("V2__late.sql (version 2) is not applied, but version 3 already is");
    assertThatThrownBy(() -> flyway().validate())
        .as("Flyway agrees both are errors")
        .hasMessageContaining("checksum");
  }
}
