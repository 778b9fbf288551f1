package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flo.actions.step.migrate.ledger.Checksums;
import dev.flo.actions.testing.StepHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drizzle-orm's own migrator (npm, installed by {@code .ci/run} into src/test/drizzle) and migrate
 * take turns on one database: neither re-runs what the other applied (a re-run would fail on CREATE
 * TABLE).
 */
class DrizzleCompatibilityTest {
  static final Path TOOL = Path.of("src/test/drizzle");

  @TempDir Path repo;
  TestDatabase db;
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    boolean installed = Files.isDirectory(TOOL.resolve("node_modules/drizzle-orm"));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "drizzle-orm is not installed: .ci/run must run npm ci --prefix src/test/drizzle");
    }
    assumeTrue(
        installed,
        "run `npm ci --prefix src/test/drizzle` to include the real drizzle-orm round trip");
    db = TestDatabase.fresh();
    dir = repo.resolve("drizzle");
    Files.createDirectories(dir.resolve("meta"));
  }

  /**
   * Adds a migration file and rewrites the journal as drizzle-kit would: entry i has when = base +
   * i seconds.
   */
  void migration(String tag, String sql) throws Exception {
    Files.writeString(dir.resolve(tag + ".sql"), sql);
    List<String> tags =
        Files.list(dir)
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".sql"))
            .sorted()
            .toList();
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < tags.size(); i++) {
      entries
          .append(i == 0 ? "" : ",")
          .append(
              MigrateLayoutsTest.entry(
                  i, 1700000000000L + i * 1000L, tags.get(i).replace(".sql", "")));
    }
    Files.writeString(
        dir.resolve("meta/_journal.json"),
        "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[" + entries + "]}");
  }

  void drizzle() throws Exception {
    String result = drizzleMigrator();
    assertThat(result).as("drizzle-orm migrator").startsWith("0 ");
  }

  /** drizzle-orm's migrator's exit code, a space, and its output. */
  String drizzleMigrator() throws Exception {
    Process p =
        new ProcessBuilder("node", TOOL.resolve("migrate.mjs").toString(), db.url(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + " " + out;
  }

  StepHarness.Result migrate() throws Exception {
    return new StepHarness(MigrateStep.DEFINITION, repo).input("database-url", db.url()).run();
  }

  @Test
  void drizzleAppliesSomeWeApplyTheRestAndDrizzleFindsNothingToDo() throws Exception {
    migration("0000_users", "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL);\n");
    drizzle();
    migration(
        "0001_posts",
        "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL);\n--> statement-breakpoint\nCREATE TABLE \"tags\" (\"id\" serial PRIMARY KEY NOT NULL);");

    StepHarness.Result ours = migrate();
    assertThat(ours.exitCode()).as(ours.stdout()).isZero();
    assertThat(ours.output("applied-migrations")).isEqualTo("[\"0001_posts\"]");

    drizzle();
    assertThat(db.rows("SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id"))
        .containsExactly(
            List.of(
                Checksums.sha256(Files.readString(dir.resolve("0000_users.sql"))), "1700000000000"),
            List.of(
                Checksums.sha256(Files.readString(dir.resolve("0001_posts.sql"))),
                "1700000001000"));
  }

  @Test
  void weApplySomeDrizzleAppliesOnlyTheRestAndWeSeeNothingPending() throws Exception {
    migration("0000_users", "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL);\n");
    assertThat(migrate().exitCode()).isZero();
    migration("0001_posts", "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL);\n");

    drizzle();
    StepHarness.Result again = migrate();

    assertThat(again.exitCode()).as(again.stdout()).isZero();
    assertThat(again.output("applied")).isEqualTo("0");
    assertThat(db.value("SELECT count(*) FROM drizzle.__drizzle_migrations")).isEqualTo("2");
    assertThat(db.value("SELECT to_regclass('posts') IS NOT NULL")).isEqualTo("t");
  }

  @Test
  void drizzlesMigratorFailsAConcurrentIndexEvenAloneSoMigrateWarnsAndRefusesItMixed()
      throws Exception {
    migration(
        "0000_users",
        "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL, \"email\" text);\n");
    migration(
        "0001_index", "CREATE INDEX CONCURRENTLY \"users_email\" ON \"users\" (\"email\");\n");

    // drizzle-orm runs every pending migration in one transaction (pg-core/dialect.js migrate).
    assertThat(drizzleMigrator())
        .startsWith("1 ")
        .contains("cannot run inside a transaction block");
    assertThat(db.value("SELECT to_regclass('users') IS NULL"))
        .as("drizzle-orm rolled everything back")
        .isEqualTo("t");

    StepHarness.Result alone = migrate();
    assertThat(alone.exitCode()).as(alone.stdout()).isZero();
    assertThat(alone.output("applied-migrations")).isEqualTo("[\"0000_users\",\"0001_index\"]");
    assertThat(alone.annotations("warning"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "file=drizzle/0001_index.sql,line=1", "non-transactional-under-drizzle"));

    migration(
        "0002_tags",
        "CREATE TABLE \"tags\" (\"id\" serial PRIMARY KEY NOT NULL);\n--> statement-breakpoint\nDROP INDEX CONCURRENTLY \"users_email\";\n");
    StepHarness.Result mixed = migrate();
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.annotations("error"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "file=drizzle/0002_tags.sql,line=3",
                        "non-transactional-not-alone",
                        "drizzle-orm's migrator runs every pending migration in one transaction"));
    assertThat(db.value("SELECT to_regclass('tags') IS NULL")).isEqualTo("t");
  }
}
