package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.migrate.ledger.Checksums;
import dev.flo.actions.testing.InstalledPostgresClients;
import dev.flo.actions.testing.StepHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code prisma migrate deploy} and migrate could disagree on the same folder. Prisma sends a
 * whole {@code migration.sql} as one simple-query message (prisma-engines {@code
 * apply_migration_script}); psql's {@code -c} does the same, so the real server shows here what it
 * would answer Prisma.
 */
class PrismaCompatibilityTest {
  @TempDir Path repo;
  TestDatabase db;

  @BeforeEach
  void database() throws Exception {
    db = TestDatabase.fresh();
  }

  StepHarness.Result migrate() throws Exception {
    return new StepHarness(MigrateStep.DEFINITION, repo).input("database-url", db.url()).run();
  }

  void write(String path, String text) throws Exception {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /**
   * The script as one Query message, as Prisma sends it; returns psql's exit code and its error
   * output.
   */
  String asPrismaSendsIt(String script) throws Exception {
    Process p =
        new ProcessBuilder(
                InstalledPostgresClients.tool("psql").toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                db.url(),
                "-c",
                script)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + " " + out;
  }

  @Test
  void aFileMixingConcurrentlyWithAnotherStatementIsRefusedAsPrismaWouldFailItAndAppliesOnceSplit()
      throws Exception {
    String mixed =
        "CREATE INDEX CONCURRENTLY users_email ON users (email);\nCREATE TABLE audit (id bigint);\n";
    write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE users (id bigint, email text);\n");
    write("prisma/migrations/20240102000000_index/migration.sql", mixed);

    StepHarness.Result refused = migrate();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output("applied")).isEqualTo("0");
    assertThat(refused.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error file=prisma/migrations/20240102000000_index/migration.sql,line=1,title=migrate lint%3A non-transactional-not-alone::")
                    .contains(
                        "SQLSTATE 25001",
                        "prisma migrate deploy sends the whole file as one query",
                        "migration file of its own"));
    assertThat(refused.stdout()).contains("nothing was applied");
    assertThat(db.value("SELECT to_regclass('users') IS NULL"))
        .as("not even the earlier file")
        .isEqualTo("t");
    assertThat(db.value("SELECT to_regclass('_prisma_migrations') IS NULL")).isEqualTo("t");

    db.execute("CREATE TABLE users (id bigint, email text)");
    assertThat(asPrismaSendsIt(mixed))
        .as("what the server answers Prisma")
        .startsWith("1 ")
        .contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    db.execute("DROP TABLE users");

    write(
        "prisma/migrations/20240102000000_index/migration.sql",
        "CREATE INDEX CONCURRENTLY users_email ON users (email);\n");
    write(
        "prisma/migrations/20240103000000_audit/migration.sql",
        "CREATE TABLE audit (id bigint);\n");
    StepHarness.Result split = migrate();

    assertThat(split.exitCode()).as(split.stdout()).isZero();
    assertThat(split.output("applied-migrations"))
        .isEqualTo("[\"20240101000000_init\",\"20240102000000_index\",\"20240103000000_audit\"]");
    assertThat(split.stdout()).contains("Applied 20240102000000_index", "(outside a transaction)");
    assertThat(
            db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass"))
        .isEqualTo("t");
    assertThat(
            db.rows(
                "SELECT checksum, finished_at IS NOT NULL, logs, rolled_back_at, applied_steps_count, length(id) FROM _prisma_migrations WHERE migration_name = '20240102000000_index'"))
        .containsExactly(
            Arrays.asList(
                Checksums.sha256("CREATE INDEX CONCURRENTLY users_email ON users (email);\n"),
                "t",
                null,
                null,
                "1",
                "36"));
  }

  @Test
  void aFailedMigrationLeavesPrismasP3018TextInLogs() throws Exception {
    String broken = "CREATE TABLE half (id bigint);\n\nINSERT INTO missing VALUES (1);\n";
    write("prisma/migrations/20240101000000_broken/migration.sql", broken);

    StepHarness.Result failed = migrate();

    assertThat(failed.exitCode()).isEqualTo(1);
    String logs =
        db.value(
            "SELECT logs FROM _prisma_migrations WHERE migration_name = '20240101000000_broken'");
    // Position counts from the start of the file, as the server counted it for Prisma's whole-file
    // query.
    int position = broken.indexOf("missing") + 1;
    assertThat(logs)
        .startsWith(
            """
        A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve \
        migration issues in a production database: https://pris.ly/d/migrate-resolve

        Migration name: 20240101000000_broken

        Database error code: 42P01

        Database error:
        ERROR: relation "missing" does not exist

        """
                + "DbError { severity: \"ERROR\", parsed_severity: Some(Error), code: SqlState(E42P01), message: \"relation \\\"missing\\\" does not exist\", detail: None, hint: None, position: Some(Original("
                + position
                + ")), where_: None, schema: None, table: None, column: None, datatype: None, constraint: None, file: Some(\"parse_relation.c\"), line: Some(");
    assertThat(logs)
        .containsPattern("line: Some\\(\\d+\\), routine: Some\\(\"parserOpenTable\"\\) }\n\n$");

    write(
        "prisma/migrations/20240101000000_broken/migration.sql",
        "CREATE TABLE half (id bigint);\n");
    StepHarness.Result blocked = migrate();
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.stdout())
        .contains(
            "(Prisma error P3009): ERROR: relation \"missing\" does not exist (SQLSTATE 42P01)");
  }
}
