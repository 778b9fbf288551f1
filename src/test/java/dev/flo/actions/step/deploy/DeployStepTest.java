package dev.flo.actions.step.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.Steps;
import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.testing.PipelineFakes;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix of issue 10, one test per row, against the Render, Vercel, Slack and GitHub
 * fakes, a scripted health endpoint, a real PostgreSQL and a real S3 API. Each asserts what every
 * fake serves at the end, the outputs, the one Slack message and that no secret was printed.
 */
class DeployStepTest extends PipelineFakes {
  DeployStepTest() throws Exception {}

  /**
   * Render + Vercel + Slack + GitHub deployments, both halves checked; the previous releases
   * seeded.
   */
  StepHarness deploy() throws Exception {
    render.seed(OLD_SHA, "live");
    vercel.seedProduction("dpl_prev");
    Files.createDirectories(workspace.resolve("site"));
    Files.writeString(workspace.resolve("site/index.html"), "<h1>shop v2</h1>");
    return new StepHarness(Steps.DEPLOY, workspace)
        .clock(clock)
        .env("GITHUB_API_URL", github.apiUrl())
        .input("github-token", GitHubFake.TOKEN)
        .input("backend-provider", "render")
        .input("backend-token", RenderFake.TOKEN)
        .input("backend-service-id", RenderFake.SERVICE)
        .input("backend-api-url", render.apiUrl())
        .input("backend-environment-url", "https://api.shop.example")
        .input("backend-verify-url", healthServer.baseUrl() + "/backend")
        .input("backend-verify-interval", "5s")
        .input("backend-verify-timeout", "5m")
        .input("frontend-token", VercelFake.TOKEN)
        .input("frontend-project-id", VercelFake.PROJECT)
        .input("frontend-dir", "site")
        .input("frontend-api-url", vercel.baseUrl())
        .input("frontend-verify-url", healthServer.baseUrl() + "/frontend")
        .input("frontend-verify-interval", "5s")
        .input("frontend-verify-timeout", "5m")
        .input("slack-token", SlackFake.TOKEN)
        .input("slack-channel", SlackFake.DEPLOYS)
        .input("slack-api-url", slack.apiUrl());
  }

  /** With a database: migrations in db/migrations, applied by the migrate phase. */
  StepHarness withDatabase(StepHarness h, String db, String migration) throws Exception {
    Files.createDirectories(workspace.resolve("db/migrations"));
    Files.writeString(workspace.resolve("db/migrations/001_change.sql"), migration);
    return h.input("database-url", PostgresTestServer.url(db))
        .input("migrate-dir", "db/migrations")
        .input("migrate-tool", "sql");
  }

  /** A new database's name. */
  static String database(String hint) {
    String url = PostgresTestServer.createDatabase(hint);
    return url.substring(url.lastIndexOf('/') + 1);
  }

  String serving() {
    return render.deploys().stream()
        .filter(d -> d.status().equals("live"))
        .map(d -> d.id)
        .findFirst()
        .orElse("none");
  }

  static String printed(StepHarness.Result r) {
    return String.join(
        "\n", r.lines().stream().filter(l -> !l.startsWith("::add-mask::")).toList());
  }

  void assertNoSecretPrinted(StepHarness.Result r) {
    assertThat(printed(r) + r.summary())
        .doesNotContain(RenderFake.TOKEN)
        .doesNotContain(VercelFake.TOKEN)
        .doesNotContain(SlackFake.TOKEN)
        .doesNotContain(GitHubFake.TOKEN)
        .doesNotContain(PostgresTestServer.PASSWORD)
        .doesNotContain(S3TestServer.SECRET_KEY);
  }

  /** The run's one Slack message, updated in place; its text. */
  String slackMessage() {
    assertThat(slack.messages()).hasSize(1);
    assertThat(slack.messages().getFirst().edits()).isEqualTo(1);
    return slack.messages().getFirst().body().toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"backend-first", "parallel", "frontend-first"})
  void allHealthyShipsBothHalvesInEachOrder(String order) throws Exception {
    String db = database("deploy_ok");
    var result =
        withDatabase(deploy(), db, "CREATE TABLE notes (id int PRIMARY KEY, body text);\n")
            .input("order", order)
            .input("backup-destination", "s3://backups/shop")
            .input("backup-s3-endpoint", s3.endpoint().toString())
            .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("outcome")).isEqualTo("deployed");
    assertThat(result.output("failure-reason")).isEmpty();
    assertThat(result.output("rolled-back")).isEmpty();
    String ours = render.deploys().getLast().id;
    assertThat(serving()).isEqualTo(ours);
    assertThat(result.output("backend-deploy-id")).isEqualTo(ours);
    assertThat(result.output("backend-previous-deploy-id")).startsWith("dep-seed");
    assertThat(result.output("backend-url")).isEqualTo("https://api.shop.example");
    assertThat(vercel.production())
        .startsWith("dpl_")
        .isNotEqualTo("dpl_prev")
        .isEqualTo(result.output("frontend-deployment-id"));
    assertThat(result.output("frontend-previous-deployment-id")).isEqualTo("dpl_prev");
    assertThat(result.output("backup-uri")).startsWith("s3://backups/shop");
    assertThat(s3.keys("backups", "shop")).isNotEmpty();
    assertThat(result.output("migrate-applied")).isEqualTo("1");
    assertThat(PostgresTestServer.query(db, "select count(*) from notes")).isEqualTo("0");
    assertThat(result.output("slack-ts")).isEqualTo(slack.messages().getFirst().ts());
    assertThat(result.output("slack-channel-id")).isEqualTo(SlackFake.DEPLOYS);
    // The link is the frontend's URL when it has a valid host; the fake's (dpl_2-shop.vercel.app)
    // has an underscore.
    assertThat(slackMessage())
        .contains("deployed")
        .contains("backend check: ok")
        .contains("<https://api.shop.example|");
    if (!order.equals("parallel")) {
      // Not for parallel: both halves share this test's virtual clock, so one half's instant 5-20 s
      // poll sleeps can
      // use up the other's 5 s budget for its last GitHub status mid-call (in real time they
      // overlap). The status
      // code is the same in every order; the sequential rows check it.
      assertThat(github.deployments())
          .as(result.stdout())
          .hasSize(2)
          .allSatisfy(d -> assertThat(d.last().state()).isEqualTo("success"));
    }
    assertThat(result.summary())
        .contains("```mermaid\ngantt")
        .contains("| Phase | Result | Duration | Link |")
        .contains("| backup | ok |");
    assertNoSecretPrinted(result);
    if (order.equals("backend-first")) {
      assertThat(checks.get("/backend").get()).isEqualTo(3);
      assertThat(result.summary().indexOf("| backend check"))
          .isLessThan(result.summary().indexOf("| frontend deploy"));
    }
  }

  @Test
  void backendUnhealthyIsRolledBackAndTheFrontendNeverShips() throws Exception {
    health.put("/backend", n -> 503);
    var result = deploy().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(result.output("rolled-back")).isEqualTo("backend");
    assertThat(result.output("failure-reason")).startsWith("backend check failed");
    // The rollback deploy (trigger rollback) of the seeded commit serves again; Vercel was never
    // asked to deploy.
    var live = render.deploy(serving());
    assertThat(live.trigger()).isEqualTo("rollback");
    assertThat(live.commit()).isEqualTo(OLD_SHA);
    assertThat(vercel.production()).isEqualTo("dpl_prev");
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("rolled-back").contains("backend check failed");
    var gh =
        github.deployments().stream().filter(d -> d.sha().equals(SHA)).findFirst().orElseThrow();
    assertThat(gh.last().state()).isEqualTo("failure");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Rolled back the backend")
        .contains("again (rolled back from");
    assertNoSecretPrinted(result);
  }

  @Test
  void backendUnhealthyInParallelAlsoRollsBackTheFrontendThatWentLive() throws Exception {
    health.put("/backend", n -> 503);
    var result = deploy().input("order", "parallel").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(result.output("rolled-back")).isEqualTo("backend,frontend");
    assertThat(render.deploy(serving()).trigger()).isEqualTo("rollback");
    assertThat(vercel.production()).isEqualTo("dpl_prev");
    assertThat(result.output("frontend-deployment-id")).isNotEqualTo("dpl_prev");
    assertThat(slackMessage()).contains("rolled-back").contains("backend check failed");
    assertNoSecretPrinted(result);
  }

  @Test
  void cancelledWhileBothHalvesShipInParallelRollsBackWhatWentLive() throws Exception {
    Thread step = Thread.currentThread();
    health.put(
        "/frontend",
        n -> {
          if (n == 1) {
            step.interrupt();
          }
          return 200;
        });
    // The backend may still be deploying when the cancel comes (then it never went live and is left
    // alone).
    render.script(
        "build_in_progress",
        "build_in_progress",
        "build_in_progress",
        "build_in_progress",
        "build_in_progress",
        "build_in_progress",
        "live");
    var result = deploy().input("order", "parallel").run();
    Thread.interrupted();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("failure-reason")).contains("cancelled");
    assertThat(vercel.production()).isEqualTo("dpl_prev");
    assertThat(result.output("rolled-back")).contains("frontend");
    assertThat(slackMessage()).contains("cancelled");
    assertNoSecretPrinted(result);
  }

  @Test
  void withAWebhookSlackGetsOneMessageAtTheEnd() throws Exception {
    health.put("/backend", n -> 503);
    var result =
        deploy()
            .input("slack-token", "")
            .input("slack-channel", "")
            .input("slack-webhook-url", slack.webhookUrl())
            .run();

    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(slack.messages()).isEmpty();
    assertThat(slack.webhookMessages())
        .singleElement()
        .asString()
        .contains("rolled-back")
        .contains("backend check failed");
    assertThat(result.output("slack-ts")).isEmpty();
    assertThat(printed(result) + result.summary()).doesNotContain(SlackFake.WEBHOOK_PATH);
  }

  @Test
  void backendBuildFailsNeverWentLiveSoNothingIsRolledBack() throws Exception {
    render.script("build_in_progress", "build_failed");
    var result = deploy().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("failed");
    assertThat(result.output("rolled-back")).isEmpty();
    assertThat(render.deploy(serving()).commit()).isEqualTo(OLD_SHA);
    assertThat(render.requests()).noneMatch(r -> r.path().endsWith("/rollback"));
    assertThat(checks).isEmpty();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("failed").contains("build_failed");
    assertNoSecretPrinted(result);
  }

  @Test
  void frontendUnhealthyAfterTheBackendWasVerifiedRollsBothBack() throws Exception {
    health.put("/frontend", n -> 500);
    var result = deploy().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(result.output("rolled-back")).isEqualTo("backend,frontend");
    assertThat(checks.get("/backend").get()).isEqualTo(3);
    assertThat(render.deploy(serving()).trigger()).isEqualTo("rollback");
    assertThat(vercel.production()).isEqualTo("dpl_prev");
    assertThat(result.output("frontend-deployment-id")).startsWith("dpl_").isNotEqualTo("dpl_prev");
    assertThat(slackMessage()).contains("rolled-back").contains("frontend check failed");
    // Both halves' GitHub deployments of this commit end in failure; the restored backend commit's
    // in success.
    assertThat(github.deployments().stream().filter(d -> d.sha().equals(SHA)))
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.last().state()).isEqualTo("failure"));
    assertThat(github.deployments().stream().filter(d -> d.sha().equals(OLD_SHA)))
        .singleElement()
        .satisfies(d -> assertThat(d.last().state()).isEqualTo("success"));
    assertThat(result.summary())
        .contains("backend rollback")
        .contains("frontend rollback")
        .contains(":crit,");
    assertNoSecretPrinted(result);
  }

  @Test
  void flappingHealthNeverReachesThreeInARowAndIsRolledBack() throws Exception {
    health.put("/backend", n -> n % 2 == 0 ? 200 : 502);
    var result = deploy().run();

    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(checks.get("/backend").get()).isGreaterThan(4);
    assertThat(render.deploy(serving()).commit()).isEqualTo(OLD_SHA);
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("rolled-back");
    assertNoSecretPrinted(result);
  }

  @Test
  void providerRateLimitsAndServerErrorsDuringTheDeployAreRetried() throws Exception {
    render.rateLimitTriggers(1).failReads(2);
    vercel.rateLimitNext(1);
    var result = deploy().run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("outcome")).isEqualTo("deployed");
    assertThat(serving()).isEqualTo(result.output("backend-deploy-id"));
    assertThat(vercel.production()).isEqualTo(result.output("frontend-deployment-id"));
    assertThat(slackMessage()).contains("deployed");
    assertNoSecretPrinted(result);
  }

  @Test
  void aFailedMigrationDeploysNothing() throws Exception {
    String db = database("deploy_bad_sql");
    var result = withDatabase(deploy(), db, "ALTER TABLE missing_table ADD COLUMN x int;\n").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("failed");
    assertThat(result.output("failure-reason")).startsWith("migrate failed");
    assertThat(result.output("migrate-applied")).isEqualTo("0");
    assertThat(render.mutating()).isEmpty();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("migrate failed");
    assertNoSecretPrinted(result);
  }

  @Test
  void theLinterRefusingAMigrationDeploysNothing() throws Exception {
    String db = database("deploy_lint");
    PostgresTestServer.execute(db, "CREATE TABLE users (id int PRIMARY KEY, email text)");
    var result = withDatabase(deploy(), db, "CREATE INDEX users_email ON users (email);\n").run();

    assertThat(result.output("outcome")).isEqualTo("failed");
    assertThat(result.output("failure-reason")).contains("unsafe operation");
    assertThat(
            PostgresTestServer.query(
                db, "select count(*) from pg_indexes where indexname = 'users_email'"))
        .isEqualTo("0");
    assertThat(render.mutating()).isEmpty();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("failed");
    assertNoSecretPrinted(result);
  }

  @Test
  void aFailedBackupMigratesAndDeploysNothing() throws Exception {
    String db = database("deploy_backup_fails");
    var result =
        withDatabase(deploy(), db, "CREATE TABLE notes (id int);\n")
            .input("backup-destination", "s3://backups/shop")
            .input("backup-s3-endpoint", s3.endpoint().toString())
            .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", "wrong-" + S3TestServer.SECRET_KEY)
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("failed");
    assertThat(result.output("failure-reason")).startsWith("backup failed");
    assertThat(
            PostgresTestServer.query(
                db, "select count(*) from information_schema.tables where table_name = 'notes'"))
        .isEqualTo("0");
    assertThat(render.mutating()).isEmpty();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("backup failed");
    assertNoSecretPrinted(result);
  }

  @Test
  void aFailedRollbackIsLoudAndSaysWhatServesAndWhatToDo() throws Exception {
    health.put("/backend", n -> 500);
    render.rollbackScript("update_in_progress", "update_failed");
    var result = deploy().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("rollback-failed");
    assertThat(result.output("rolled-back")).isEmpty();
    String ours = result.output("backend-deploy-id");
    assertThat(serving()).isEqualTo(ours);
    String previous = result.output("backend-previous-deploy-id");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("ROLLBACK FAILED")
        .contains(ours + " (the new deploy) may still serve")
        .contains("`to: " + previous + "`");
    assertThat(result.summary()).contains("[!CAUTION]");
    assertThat(slackMessage()).contains("rollback-failed").contains(previous);
    assertNoSecretPrinted(result);
  }

  @Test
  void cancelledMidCheckRollsBackFinishesSlackAndExitsNonZeroQuickly() throws Exception {
    Thread step = Thread.currentThread();
    // The launcher's shutdown hook interrupts the step's thread when the runner signals a cancel.
    health.put(
        "/backend",
        n -> {
          if (n == 1) {
            step.interrupt();
          }
          return 200;
        });
    long started = System.nanoTime();
    var result = deploy().run();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    Thread.interrupted();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("rolled-back");
    assertThat(result.output("failure-reason")).contains("cancelled");
    assertThat(render.deploy(serving()).trigger()).isEqualTo("rollback");
    assertThat(vercel.mutating()).isEmpty();
    assertThat(slackMessage()).contains("cancelled");
    assertThat(tookMs).isLessThan(10_000);
    assertNoSecretPrinted(result);
  }

  @Test
  void dryRunShowsThePlanAndChangesNothingAnywhere() throws Exception {
    String db = database("deploy_dry");
    var result =
        withDatabase(deploy(), db, "CREATE TABLE notes (id int);\n").input("dry-run", "true").run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("outcome")).isEmpty();
    assertThat(render.mutating()).isEmpty();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(github.mutating()).isEmpty();
    assertThat(slack.messages()).isEmpty();
    assertThat(checks).isEmpty();
    assertThat(
            PostgresTestServer.query(
                db, "select count(*) from information_schema.tables where table_name = 'notes'"))
        .isEqualTo("0");
    assertThat(result.summary())
        .contains("deploy: dry run")
        .contains("Backend deploy to render " + RenderFake.SERVICE)
        .contains("Frontend check of")
        .contains("A failure rolls back the backend and frontend");
    assertNoSecretPrinted(result);
  }

  @Test
  void anInputOfAPhaseThatDoesNotRunNamesTheMissingKeyInput() throws Exception {
    var result =
        new StepHarness(Steps.DEPLOY, workspace)
            .clock(clock)
            .input("frontend-project-id", VercelFake.PROJECT)
            .input("frontend-token", VercelFake.TOKEN)
            .input("backend-token", RenderFake.TOKEN)
            .input("backup-compression", "gzip")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output("outcome")).isEqualTo("failed");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'backend-token' is set, but the backend phase does not run")
        .contains("Set `backend-provider`")
        .contains("Input 'backup-compression'")
        .contains("Set `backup-destination`");
    assertThat(vercel.mutating()).isEmpty();
    assertNoSecretPrinted(result);
  }

  @Test
  void aStepsOwnInputErrorNamesDeploysPrefixedInput() throws Exception {
    var result =
        new StepHarness(Steps.DEPLOY, workspace)
            .clock(clock)
            .input("backend-provider", "render")
            .input("backend-api-url", render.apiUrl())
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'backend-token' is required for `backend-provider: render`");
    assertThat(render.requests()).isEmpty();
  }
}
