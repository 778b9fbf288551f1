package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run looks at the bookkeeping with a short deadline: no answer is a warning and an unknown,
 * a refusal the error.
 */
class MigrateDryRunTest {
  @TempDir Path repo;

  @BeforeEach
  void migrations() throws Exception {
    Path dir = Files.createDirectories(repo.resolve("db/migrations"));
    Files.writeString(
        dir.resolve("001_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n");
  }

  StepHarness.Result dryRun(String url) throws Exception {
    return new StepHarness(MigrateStep.DEFINITION, repo)
        .input("database-url", url)
        .input("dry-run", "true")
        .run();
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsAWarningAndAPlanWhosePendingSetIsUnknown() throws Exception {
    // Accepts the connection and never says a word: without the dry run's deadline pgjdbc would
    // wait 30 s.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      StepHarness.Result r =
          dryRun("postgres://app:pw@127.0.0.1:" + silent.getLocalPort() + "/app");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(r.exitCode()).as(r.stdout()).isZero();
      assertThat(millis)
          .as("the look gives up at its deadline, not the driver's 30 s")
          .isLessThan(9_000);
      assertThat(r.annotations("warning"))
          .singleElement()
          .asString()
          .contains(
              "Dry run: could not read the migrations recorded in",
              "flo_schema_migrations",
              "within 5s",
              "the plan marks it unknown");
      assertThat(r.annotations("error")).isEmpty();
      assertThat(r.output("pending")).as("unknown, not none").isEmpty();
      assertThat(r.output("applied")).isEqualTo("0");
      assertThat(r.stdout()).contains("Pending migrations: unknown");
      assertThat(r.summary())
          .contains("which migrations are pending is unknown")
          .doesNotContain("up to date");
    }
  }

  @Test
  void aDatabaseThatRefusesTheLoginIsTheErrorWithItsFixAsInARealRun() throws Exception {
    TestDatabase db = TestDatabase.fresh();
    String url = db.url().replace("postgres://postgres:", "postgres://nobody:");

    StepHarness.Result r = dryRun(url);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not connect to", "nobody", "Check the database-url secret");
    assertThat(r.annotations("warning")).isEmpty();
    assertThat(r.output("applied")).isEqualTo("0");
  }

  @Test
  void aDatabaseThatAnswersGivesThePlanOfActions() throws Exception {
    TestDatabase db = TestDatabase.fresh();

    StepHarness.Result r = dryRun(db.url());

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "Create \"public\".flo_schema_migrations",
            "Apply 001_users.sql",
            "Dry run: 1 migrations pending, nothing applied.");
    assertThat(r.output("pending")).isEqualTo("[\"001_users.sql\"]");
    assertThat(r.summary())
        .contains("Dry run: nothing was applied. The plan:", "| 001_users.sql | pending |");
    assertThat(db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .isEqualTo("0");
  }
}
