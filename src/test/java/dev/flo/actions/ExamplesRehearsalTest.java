package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.git.TestRepository;
import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.railway.RailwayFake;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.testing.PipelineFakes;
import dev.flo.actions.testing.WorkflowRehearsal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The teams' example workflows, rehearsed: loaded and evaluated by GitHub's own parser and
 * expression evaluator ({@link WorkflowRehearsal}), our steps run through the launcher against the
 * provider fakes, checkout replaced by a stand-in that lays out the team's repository.
 */
class ExamplesRehearsalTest extends PipelineFakes {
  @RegisterExtension final RailwayFake railway = RailwayFake.start(clock);

  ExamplesRehearsalTest() throws Exception {}

  /**
   * ProjectFlo's deploy.yml on a push to master, its previous releases live on Render and Vercel.
   */
  WorkflowRehearsal projectFloDeploy() throws Exception {
    render.seed(OLD_SHA, "live");
    vercel.seedProduction("dpl_prev");
    return WorkflowRehearsal.load(Path.of("examples/projectflo/deploy.yml"), workspace)
        .clock(clock)
        .github("ref", "refs/heads/master")
        .github("ref_name", "master")
        .github("api_url", github.apiUrl())
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .secret("RENDER_API_KEY", RenderFake.TOKEN)
        .secret("VERCEL_TOKEN", VercelFake.TOKEN)
        .secret("SLACK_BOT_TOKEN", SlackFake.TOKEN)
        .var("RENDER_SERVICE_ID", RenderFake.SERVICE)
        .var("VERCEL_PROJECT_ID", VercelFake.PROJECT)
        .var("API_URL", healthServer.baseUrl() + "/api")
        .var("WEB_URL", healthServer.baseUrl() + "/web")
        .redirect("backend-api-url", render.apiUrl())
        .redirect("frontend-api-url", vercel.baseUrl())
        .redirect("slack-api-url", slack.apiUrl())
        .standIn(
            "actions/checkout@",
            (ws, with) -> {
              Files.createDirectories(ws.resolve("apps/web"));
              Files.writeString(ws.resolve("apps/web/index.html"), "<h1>ProjectFlo</h1>");
              return Map.of();
            });
  }

  String serving() {
    return render.deploys().stream()
        .filter(d -> d.status().equals("live"))
        .map(d -> d.id)
        .findFirst()
        .orElse("none");
  }

  String slackMessage() {
    assertThat(slack.messages()).as("one Slack message per deploy").hasSize(1);
    return slack.messages().getFirst().body().toString();
  }

  void assertNoSecretPrinted(WorkflowRehearsal.JobRun job) {
    String printed =
        String.join("\n", job.log().lines().filter(l -> !l.startsWith("::add-mask::")).toList());
    assertThat(printed)
        .doesNotContain(RailwayFake.PROJECT_TOKEN)
        .doesNotContain(PostgresTestServer.PASSWORD)
        .doesNotContain(S3TestServer.SECRET_KEY)
        .doesNotContain(RenderFake.TOKEN)
        .doesNotContain(VercelFake.TOKEN)
        .doesNotContain(SlackFake.TOKEN)
        .doesNotContain(GitHubFake.TOKEN);
  }

  @Test
  void projectFloHealthyReleaseShipsBothHalves() throws Exception {
    try (WorkflowRehearsal run = projectFloDeploy()) {
      var job = run.run("deploy");

      assertThat(job.status()).as(job.log()).isEqualTo("success");
      assertThat(job.step("deploy").outputs())
          .containsEntry("outcome", "deployed")
          .containsEntry("rolled-back", "");
      String ours = render.deploys().getLast().id;
      assertThat(serving())
          .isEqualTo(ours)
          .isEqualTo(job.step("deploy").outputs().get("backend-deploy-id"));
      assertThat(vercel.production())
          .isNotEqualTo("dpl_prev")
          .isEqualTo(job.step("deploy").outputs().get("frontend-deployment-id"));
      assertThat(checks.get("/api/health").get())
          .as("the backend check is API_URL/health")
          .isEqualTo(3);
      assertThat(checks.get("/web")).as("the frontend check is WEB_URL").isNotNull();
      assertThat(slackMessage()).contains("deployed");
      assertThat(slack.messages().getFirst().channel()).isEqualTo(SlackFake.DEPLOYS);
      // The run step got the outputs through env:, as the runner passes them.
      assertThat(job.step("Record the outcome").ran()).isTrue();
      assertThat(job.step("Record the outcome").log())
          .contains("deploy ended deployed (rolled back: )");
      assertThat(job.step("Record the outcome").summary()).contains("### Deploy deployed");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void projectFloFailingHealthCheckLeavesThePreviousReleaseServingAndSlackSaysSo()
      throws Exception {
    health.put("/api/health", n -> 503);
    try (WorkflowRehearsal run = projectFloDeploy()) {
      var job = run.run("deploy");

      assertThat(job.status()).isEqualTo("failure");
      assertThat(job.step("deploy").outcome()).isEqualTo("failure");
      assertThat(job.step("deploy").outputs())
          .containsEntry("outcome", "rolled-back")
          .containsEntry("rolled-back", "backend");
      // The previous release serves again on Render (a rollback deploy of the old commit); Vercel
      // never changed.
      var live = render.deploy(serving());
      assertThat(live.trigger()).isEqualTo("rollback");
      assertThat(live.commit()).isEqualTo(OLD_SHA);
      assertThat(vercel.production()).isEqualTo("dpl_prev");
      assertThat(vercel.mutating()).isEmpty();
      assertThat(slackMessage()).contains("rolled-back").contains("backend check failed");
      // `if: always()` still runs the last step after the failure, and it sees the outcome.
      assertThat(job.step("Record the outcome").ran()).isTrue();
      assertThat(job.step("Record the outcome").log())
          .contains("deploy ended rolled-back (rolled back: backend) backend check failed");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void everyExampleParsesWithGitHubsWorkflowParser() throws Exception {
    for (Path file : ExamplesTest.exampleWorkflows()) {
      try (WorkflowRehearsal run = WorkflowRehearsal.load(file, workspace)) {
        assertThat(run.jobIds()).as("%s has jobs", file).isNotEmpty();
      }
    }
  }

  /**
   * ChefOps' deploy.yml for one event; the environment's own database (environment secrets) with
   * one Drizzle migration.
   */
  WorkflowRehearsal chefOps(String event, String branch, String database) throws Exception {
    railway.seed(OLD_SHA, "SUCCESS");
    return WorkflowRehearsal.load(Path.of("examples/chefops/deploy.yml"), workspace)
        .clock(clock)
        .github("event_name", event)
        .github("ref", "refs/heads/" + branch)
        .github("ref_name", branch)
        .github("api_url", github.apiUrl())
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .secret("DATABASE_URL", PostgresTestServer.url(database))
        .secret("RAILWAY_TOKEN", RailwayFake.PROJECT_TOKEN)
        .secret("SLACK_BOT_TOKEN", SlackFake.TOKEN)
        .var("RAILWAY_SERVICE_ID", RailwayFake.SERVICE)
        .var("RAILWAY_ENVIRONMENT_ID", RailwayFake.ENVIRONMENT)
        .var("APP_URL", healthServer.baseUrl() + "/app")
        .var("SLACK_CHANNEL", "#deploys")
        // Settings → Environments → production: required reviewers (README); the job waits for one.
        .requiredReviewers("production")
        .redirect("backend-api-url", railway.apiUrl())
        .redirect("slack-api-url", slack.apiUrl(), "slack-token")
        .standIn(
            "actions/checkout@",
            (ws, with) -> {
              Files.createDirectories(ws.resolve("drizzle/meta"));
              Files.writeString(
                  ws.resolve("drizzle/0000_recipes.sql"),
                  "CREATE TABLE recipes (id serial PRIMARY KEY, title text NOT NULL);\n");
              Files.writeString(
                  ws.resolve("drizzle/meta/_journal.json"),
                  "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[{\"idx\":0,\"version\":\"7\",\"when\":1700000000000,\"tag\":\"0000_recipes\",\"breakpoints\":true}]}");
              return Map.of();
            });
  }

  String railwayServing() {
    return railway.deployments().stream()
        .filter(d -> d.status().equals("SUCCESS"))
        .reduce((a, b) -> b)
        .map(d -> d.commit)
        .orElse("none");
  }

  @Test
  void chefOpsPushToDevShipsStagingAloneWithItsDrizzleMigration() throws Exception {
    String db = database("chefops_staging");
    try (WorkflowRehearsal run = chefOps("push", "dev", db)) {
      var jobs = run.runAll();

      assertThat(jobs.get("production").ran()).as("production never ships on a push").isFalse();
      var staging = jobs.get("staging");
      assertThat(staging.status()).as(staging.log()).isEqualTo("success");
      assertThat(staging.step("deploy").outputs())
          .containsEntry("outcome", "deployed")
          .containsEntry("migrate-applied", "1");
      assertThat(PostgresTestServer.query(db, "select count(*) from drizzle.__drizzle_migrations"))
          .isEqualTo("1");
      assertThat(PostgresTestServer.query(db, "select count(*) from recipes")).isEqualTo("0");
      assertThat(railwayServing()).isEqualTo(SHA);
      assertThat(checks.get("/app/api/health").get()).isEqualTo(3);
      assertThat(slack.messages()).as("staging posts nowhere").isEmpty();
      assertNoSecretPrinted(staging);
    }
  }

  @Test
  void chefOpsProductionByHandFromMainRollsBackWhenApiHealthFails() throws Exception {
    String db = database("chefops_production");
    health.put("/app/api/health", n -> 503);
    try (WorkflowRehearsal run = chefOps("workflow_dispatch", "main", db).approve("production")) {
      var jobs = run.runAll();

      assertThat(jobs.get("staging").ran()).as("a dispatch ships production only").isFalse();
      var production = jobs.get("production");
      assertThat(production.status()).isEqualTo("failure");
      assertThat(production.step("deploy").outputs())
          .containsEntry("outcome", "rolled-back")
          .containsEntry("rolled-back", "backend");
      assertThat(railwayServing()).as("the release before ours serves again").isEqualTo(OLD_SHA);
      assertThat(slackMessage()).contains("rolled-back");
      assertNoSecretPrinted(production);
    }
  }

  @Test
  void chefOpsProductionThatNobodyApprovesShipsNothing() throws Exception {
    String db = database("chefops_unapproved");
    try (WorkflowRehearsal run = chefOps("workflow_dispatch", "main", db)) {
      var jobs = run.runAll();

      assertThat(jobs.get("production").ran()).isFalse();
      assertThat(jobs.get("production").status())
          .as("waiting for a reviewer of production")
          .isEqualTo("waiting");
      assertThat(railway.mutations()).isEmpty();
      assertThat(
              PostgresTestServer.query(
                  db,
                  "select count(*) from information_schema.tables where table_schema = 'drizzle'"))
          .as("no migration ran")
          .isEqualTo("0");
      assertThat(slack.messages()).isEmpty();
    }
    // The same run once a reviewer approves: it ships.
    try (WorkflowRehearsal run = chefOps("workflow_dispatch", "main", db).approve("production")) {
      var production = run.runAll().get("production");
      assertThat(production.status()).as(production.log()).isEqualTo("success");
      assertThat(railwayServing()).isEqualTo(SHA);
      assertThat(PostgresTestServer.query(db, "select count(*) from recipes")).isEqualTo("0");
    }
  }

  /**
   * ProjectFlo's deploy cancelled while the API's /health check waits (Cancel workflow,
   * mid-deploy): the step gets the runner's SIGINT, winds down by rolling the backend back and
   * writes its outputs before SIGTERM would come; then only {@code if: always()} steps run, and the
   * release before ours serves.
   */
  @Test
  void projectFloDeployCancelledMidCheckRollsBackAndTheAlwaysStepStillRuns() throws Exception {
    health.put("/api/health", n -> 503);
    // The cancelled step runs on the real clock: Render's deploy and rollback live at the first
    // poll.
    render.script("live").rollbackScript("live");
    try (WorkflowRehearsal run =
        projectFloDeploy()
            .cancelDuring(
                "deploy",
                () -> checks.containsKey("/api/health") && checks.get("/api/health").get() > 0)) {
      var job = run.run("deploy");

      System.out.printf(
          "ProjectFlo deploy cancelled mid-check: exited on %s after %d ms%n",
          run.cancelled().endedBy(), run.cancelled().millisToExit());
      assertThat(run.cancelled().endedBy())
          .as("wound down within the 7.5 s before SIGTERM\n" + job.log())
          .isEqualTo("SIGINT");
      assertThat(job.status()).isEqualTo("cancelled");
      assertThat(job.step("deploy").outcome()).isEqualTo("cancelled");
      assertThat(job.step("deploy").outputs())
          .as(job.log())
          .containsEntry("rolled-back", "backend");
      var live = render.deploy(serving());
      assertThat(live.trigger()).isEqualTo("rollback");
      assertThat(live.commit()).isEqualTo(OLD_SHA);
      assertThat(vercel.production()).isEqualTo("dpl_prev");
      assertThat(vercel.mutating()).as("the frontend never started").isEmpty();
      assertThat(slackMessage()).contains("cancel");
      assertThat(job.step("Record the outcome").ran())
          .as("if: always() runs in a cancelled job")
          .isTrue();
      assertThat(job.step("Record the outcome").log()).contains("(rolled back: backend)");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void chefOpsDispatchFromAnotherBranchShipsNothing() throws Exception {
    String db = database("chefops_elsewhere");
    try (WorkflowRehearsal run = chefOps("workflow_dispatch", "dev", db)) {
      var jobs = run.runAll();

      assertThat(jobs.values()).allSatisfy(j -> assertThat(j.ran()).as(j.id()).isFalse());
      assertThat(railway.mutations()).isEmpty();
    }
  }

  /** Assets' nightly.yml: production with rows, an empty scratch database, S3 for the backups. */
  WorkflowRehearsal assetsNightly(String production, String scratch) throws Exception {
    return WorkflowRehearsal.load(Path.of("examples/assets/nightly.yml"), workspace)
        .clock(clock)
        .github("event_name", "schedule")
        .github("api_url", github.apiUrl())
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .secret("DATABASE_URL", PostgresTestServer.url(production))
        .secret("SCRATCH_DATABASE_URL", PostgresTestServer.url(scratch))
        .secret("BACKUP_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
        .secret("BACKUP_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)
        .secret("SLACK_BOT_TOKEN", SlackFake.TOKEN)
        .var("BACKUP_DESTINATION", "s3://backups/assets")
        .var("BACKUP_S3_ENDPOINT", s3.endpoint().toString())
        .var("BACKUP_REGION", "us-east-1")
        .var("SCRATCH_DATABASE_NAME", scratch)
        .var("APP_URL", healthServer.baseUrl() + "/assets")
        .var("SLACK_OPS_CHANNEL", "#deploys")
        .redirect("api-url", slack.apiUrl());
  }

  @Test
  void assetsNightlyBacksUpRestoresIntoScratchAndReports() throws Exception {
    String production = database("assets_prod");
    String scratch = database("assets_scratch");
    PostgresTestServer.execute(
        production,
        "CREATE TABLE assets (id int PRIMARY KEY, name text)",
        "INSERT INTO assets SELECT g, 'a' || g FROM generate_series(1, 25) g");
    try (WorkflowRehearsal run = assetsNightly(production, scratch)) {
      var job = run.run("backup");

      assertThat(job.status()).as(job.log()).isEqualTo("success");
      String uri = job.step("backup").outputs().get("uri");
      assertThat(uri).startsWith("s3://backups/assets/");
      assertThat(job.step("restore").outputs()).containsEntry("restored-from", uri);
      assertThat(PostgresTestServer.query(scratch, "select count(*) from assets")).isEqualTo("25");
      assertThat(checks.get("/assets/healthz").get()).isEqualTo(2);
      assertThat(slackMessage()).contains("success").contains(uri).contains("25 rows");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void assetsNightlyReportsAFailedSmokeCheck() throws Exception {
    String production = database("assets_prod_down");
    String scratch = database("assets_scratch_down");
    PostgresTestServer.execute(production, "CREATE TABLE assets (id int PRIMARY KEY)");
    health.put("/assets/healthz", n -> 503);
    try (WorkflowRehearsal run = assetsNightly(production, scratch)) {
      var job = run.run("backup");

      assertThat(job.status()).isEqualTo("failure");
      assertThat(job.step("restore").outcome()).isEqualTo("success");
      assertThat(job.step("Report").ran()).as("if: always() reports the failure").isTrue();
      assertThat(slackMessage()).contains("failure").contains("503");
      assertNoSecretPrinted(job);
    }
  }

  static String database(String hint) {
    String url = PostgresTestServer.createDatabase(hint);
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** ProjectFlo's preview.yml on pull request 7, pushed from this repository or from a fork. */
  WorkflowRehearsal projectFloPreview(String headRepository) throws Exception {
    return WorkflowRehearsal.load(Path.of("examples/projectflo/preview.yml"), workspace)
        .clock(clock)
        .github("event_name", "pull_request")
        .github("ref", "refs/pull/7/merge")
        .github("api_url", github.apiUrl())
        .github(
            "event",
            Map.of(
                "pull_request",
                Map.of(
                    "number",
                    7,
                    "head",
                    Map.of(
                        "sha",
                        "abc1234def",
                        "ref",
                        "feature",
                        "repo",
                        Map.of("full_name", headRepository)),
                    "base",
                    Map.of("sha", "b", "ref", "master"))))
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .secret("VERCEL_TOKEN", VercelFake.TOKEN)
        .var("VERCEL_PROJECT_ID", VercelFake.PROJECT)
        .redirect("api-url", vercel.baseUrl())
        .standIn(
            "actions/checkout@",
            (ws, with) -> {
              Files.createDirectories(ws.resolve("apps/web"));
              Files.writeString(ws.resolve("apps/web/index.html"), "<h1>ProjectFlo preview</h1>");
              return Map.of();
            });
  }

  @Test
  void projectFloPreviewCommentsOnThePullRequestOnceAndUpdatesItOnTheNextPush() throws Exception {
    for (int push = 1; push <= 2; push++) {
      try (WorkflowRehearsal run =
          projectFloPreview("acme/shop").github("run_id", String.valueOf(100 + push))) {
        var job = run.run("preview");
        assertThat(job.status()).as(job.log()).isEqualTo("success");
        assertThat(job.step("preview").outputs().get("url"))
            .isEqualTo("https://dpl_" + push + "-shop.vercel.app");
        assertNoSecretPrinted(job);
      }
    }
    assertThat(github.comments())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.issue()).isEqualTo(7);
              assertThat(c.body())
                  .contains("https://dpl_2-shop.vercel.app")
                  .doesNotContain("dpl_1-shop");
            });
    assertThat(vercel.deployments.values())
        .allSatisfy(d -> assertThat(d.target).isNotEqualTo("production"));
  }

  @Test
  void projectFloPreviewSkipsPullRequestsFromForks() throws Exception {
    try (WorkflowRehearsal run = projectFloPreview("someone/fork")) {
      assertThat(run.run("preview").ran()).isFalse();
      assertThat(vercel.mutating()).isEmpty();
    }
  }

  /**
   * Shop's deploy.yml: Railway and Vercel with their previous releases live, Prisma's migrations,
   * S3 for the backup.
   */
  WorkflowRehearsal shopDeploy(String database) throws Exception {
    railway.seed(OLD_SHA, "SUCCESS");
    vercel.seedProduction("dpl_prev");
    return WorkflowRehearsal.load(Path.of("examples/shop/deploy.yml"), workspace)
        .clock(clock)
        .github("api_url", github.apiUrl())
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .secret("DATABASE_URL", PostgresTestServer.url(database))
        .secret("RAILWAY_TOKEN", RailwayFake.PROJECT_TOKEN)
        .secret("VERCEL_TOKEN", VercelFake.TOKEN)
        .secret("SLACK_BOT_TOKEN", SlackFake.TOKEN)
        .var("BACKUP_DESTINATION", "s3://backups/shop")
        .var("BACKUP_REGION", "us-east-1")
        .var("RAILWAY_SERVICE_ID", RailwayFake.SERVICE)
        .var("RAILWAY_ENVIRONMENT_ID", RailwayFake.ENVIRONMENT)
        .var("API_URL", healthServer.baseUrl() + "/shop-api")
        .var("VERCEL_PROJECT_ID", VercelFake.PROJECT)
        .var("WEB_URL", healthServer.baseUrl() + "/shop")
        .var("SLACK_CHANNEL", "#deploys")
        // The S3 server stands in for AWS: its endpoint and keys replace the OIDC role
        // (BACKUP_ROLE_ARN left empty).
        .redirect("backup-s3-endpoint", s3.endpoint().toString())
        .runnerEnv("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
        .runnerEnv("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)
        .redirect("backend-api-url", railway.apiUrl())
        .redirect("frontend-api-url", vercel.baseUrl())
        .redirect("slack-api-url", slack.apiUrl())
        .standIn(
            "actions/checkout@",
            (ws, with) -> {
              Files.createDirectories(ws.resolve("frontend"));
              Files.writeString(ws.resolve("frontend/index.html"), "<h1>Shop</h1>");
              Path migration = ws.resolve("backend/prisma/migrations/20250101000000_orders");
              Files.createDirectories(migration);
              Files.writeString(
                  migration.resolve("migration.sql"),
                  "CREATE TABLE \"Order\" (id serial PRIMARY KEY, total integer NOT NULL);\n");
              Files.writeString(
                  ws.resolve("backend/prisma/migrations/migration_lock.toml"),
                  "provider = \"postgresql\"\n");
              return Map.of();
            });
  }

  @Test
  void shopHealthyReleaseBacksUpMigratesWithPrismaAndShipsBothHalves() throws Exception {
    String db = database("shop_ok");
    try (WorkflowRehearsal run = shopDeploy(db)) {
      var job = run.run("deploy");

      assertThat(job.status()).as(job.log()).isEqualTo("success");
      var out = job.step("deploy").outputs();
      assertThat(out).containsEntry("outcome", "deployed").containsEntry("migrate-applied", "1");
      assertThat(out.get("backup-uri")).startsWith("s3://backups/shop/");
      assertThat(
              PostgresTestServer.query(
                  db, "select count(*) from _prisma_migrations where finished_at is not null"))
          .isEqualTo("1");
      assertThat(railwayServing()).isEqualTo(SHA);
      assertThat(vercel.production())
          .isEqualTo(out.get("frontend-deployment-id"))
          .isNotEqualTo("dpl_prev");
      assertThat(job.step("Record the outcome").log())
          .contains("deploy ended deployed; backup s3://backups/shop/")
          .contains("1 migrations applied");
      assertThat(slackMessage()).contains("deployed");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void shopFailingStorefrontCheckRollsBothHalvesBack() throws Exception {
    String db = database("shop_bad");
    health.put("/shop", n -> 500);
    try (WorkflowRehearsal run = shopDeploy(db)) {
      var job = run.run("deploy");

      assertThat(job.status()).isEqualTo("failure");
      assertThat(job.step("deploy").outputs()).containsEntry("outcome", "rolled-back");
      assertThat(job.step("deploy").outputs().get("rolled-back"))
          .contains("backend")
          .contains("frontend");
      assertThat(railwayServing()).isEqualTo(OLD_SHA);
      assertThat(vercel.production()).isEqualTo("dpl_prev");
      assertThat(slackMessage()).contains("rolled-back").contains("frontend check failed");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void flakeGuardTagBuildsAndPushesTheImageNamedForTheTag() throws Exception {
    Map<String, Map<String, String>> docker = new java.util.LinkedHashMap<>();
    try (WorkflowRehearsal run =
        WorkflowRehearsal.load(Path.of("examples/flakeguard/release.yml"), workspace)
            .github("ref", "refs/tags/v1.2.3")
            .github("ref_name", "v1.2.3")
            .github("repository_owner", "FlakeGuard-Org")
            .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
            .standIn("actions/checkout@", (ws, with) -> Map.of())
            .standIn(
                "docker/",
                (ws, with) -> {
                  docker.put("step" + docker.size(), with);
                  return Map.of();
                })) {
      var image = run.run("image");

      assertThat(image.status()).as(image.log()).isEqualTo("success");
      assertThat(image.outputs()).containsEntry("tag", "v1.2.3");
      // GHCR wants lower-case names: the run step lowers the owner; build-push gets the name, login
      // the job's token.
      assertThat(docker.values())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .containsEntry("tags", "ghcr.io/flakeguard-org/flakeguard-api:v1.2.3")
                      .containsEntry("push", "true"));
      assertThat(docker.values())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .containsEntry("registry", "ghcr.io")
                      .containsEntry("password", GitHubFake.TOKEN));
    }
  }

  /**
   * Assets' ci.yml on pull request 7, which changes line 5 of backend/assets/views.py; ruff reports
   * one error at {@code ruffLine}. The tools are stood in by the reports they write; lint-gate
   * reads them and git for real.
   */
  WorkflowRehearsal.JobRun assetsPullRequest(int ruffLine) throws Exception {
    String[] commits = pullRequestChangingLine5("backend/assets/views.py");
    String base = commits[0];
    String head = commits[1];
    String sarif =
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "ruff"}}, "results": [{"level": "error", "ruleId": "F821",
          "message": {"text": "Undefined name"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "backend/assets/views.py"},
          "region": {"startLine": %d, "startColumn": 1, "endLine": %d, "endColumn": 5}}}]}]}]}
        """
            .formatted(ruffLine, ruffLine);
    try (WorkflowRehearsal run =
        ciOnPullRequest("examples/assets/ci.yml", new String[] {base, head}, "main")
            .standIn(
                "Ruff",
                (ws, with) -> {
                  Files.writeString(ws.resolve("reports/ruff.sarif"), sarif);
                  throw new IllegalStateException("ruff found 1 error (exit 1)");
                })
            .standIn(
                "Pytest",
                (ws, with) -> {
                  Files.writeString(
                      ws.resolve("reports/pytest.xml"),
                      "<testsuite name=\"pytest\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase classname=\"tests.test_views\" name=\"test_list\" time=\"0.01\"/></testsuite>");
                  return Map.of();
                })
            .standIn(
                "Frontend lint",
                (ws, with) -> {
                  Files.writeString(ws.resolve("reports/eslint.json"), "[]");
                  return Map.of();
                })) {
      return run.run("quality");
    }
  }

  @Test
  void assetsQualityGatePassesWhenRuffsErrorIsOnALineThePullRequestDidNotTouch() throws Exception {
    var job = assetsPullRequest(2);

    assertThat(job.step("Ruff").outcome())
        .as("ruff itself failed, continue-on-error carries on")
        .isEqualTo("failure");
    assertThat(job.status()).as(job.log()).isEqualTo("success");
    assertThat(job.step("Lint gate").outputs())
        .containsEntry("errors", "1")
        .containsEntry("errors-in-diff", "0");
  }

  @Test
  void assetsQualityGateFailsOnRuffsErrorOnTheChangedLine() throws Exception {
    var job = assetsPullRequest(5);

    assertThat(job.status()).isEqualTo("failure");
    assertThat(job.step("Lint gate").outputs())
        .containsEntry("errors-in-diff", "1")
        .containsEntry("verdict", "failed");
    // The finding is on its line in lint-gate's check run (the workflow grants checks: write).
    assertFailedCheckRunOnLine5("backend/assets/views.py", "Undefined name");
  }

  /**
   * A repository in the workspace whose pull request (branch feature, number 7) changes line 5 of a
   * ten-line file; reports and the runner's files are ignored, as build output. Returns the base
   * and head commits.
   */
  String[] pullRequestChangingLine5(String file) throws Exception {
    try (TestRepository repo = TestRepository.init(workspace)) {
      StringBuilder text = new StringBuilder();
      for (int i = 1; i <= 10; i++) {
        text.append("line_").append(i).append(" = ").append(i).append('\n');
      }
      repo.write(".gitignore", "reports/\nset_output_*\nstep_summary_*\nstep_log_*\nevent*.json\n")
          .write(file, text.toString());
      String base = repo.commit("Ten lines");
      repo.branch("feature")
          .write(file, text.toString().replace("line_5 = 5", "line_5 = undefined_name"));
      return new String[] {base, repo.commit("Change line 5")};
    }
  }

  /**
   * A ci.yml on pull request 7 (base, head): checkout stood in (the repository is there), Install
   * by the reports/ folder.
   */
  WorkflowRehearsal ciOnPullRequest(String workflow, String[] commits, String baseBranch)
      throws Exception {
    return WorkflowRehearsal.load(Path.of(workflow), workspace)
        .clock(clock)
        .github("event_name", "pull_request")
        .github("ref", "refs/pull/7/merge")
        .github("sha", commits[1])
        .github("api_url", github.apiUrl())
        .github("event", pullRequestEvent(commits[0], commits[1], baseBranch))
        .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
        .standIn("actions/checkout@", (ws, with) -> Map.of())
        .standIn(
            "Install",
            (ws, with) -> {
              Files.createDirectories(ws.resolve("reports"));
              return Map.of();
            });
  }

  /** lint-gate's check run failed, with its one finding on line 5 of the changed file. */
  void assertFailedCheckRunOnLine5(String path, String message) {
    assertThat(github.checks().checkRuns())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.conclusion()).isEqualTo("failure");
              assertThat(run.annotations())
                  .singleElement()
                  .satisfies(
                      a -> {
                        assertThat(a.path("path").asText()).isEqualTo(path);
                        assertThat(a.path("start_line").asInt()).isEqualTo(5);
                        assertThat(a.path("message").asText()).contains(message);
                      });
            });
  }

  static Map<String, Object> pullRequestEvent(String base, String head, String baseBranch) {
    return Map.of(
        "number",
        7,
        "pull_request",
        Map.of(
            "number",
            7,
            "head",
            Map.of("sha", head, "ref", "feature"),
            "base",
            Map.of("sha", base, "ref", baseBranch)));
  }

  /** ESLint's JSON for one file: one error at {@code line}, or none. */
  static String eslintJson(Path file, int line) {
    String messages =
        line == 0
            ? "[]"
            : """
        [{"ruleId": "no-undef", "severity": 2, "message": "'undefined_name' is not defined.", "line": %d, "column": 10, "endLine": %d, "endColumn": 24}]"""
                .formatted(line, line);
    return """
        [{"filePath": "%s", "messages": %s, "suppressedMessages": [], "errorCount": %d, "fatalErrorCount": 0, "warningCount": 0,
          "fixableErrorCount": 0, "fixableWarningCount": 0, "usedDeprecatedRules": []}]
        """
        .formatted(file, messages, line == 0 ? 0 : 1);
  }

  /** Vitest's JUnit report: one passing test. */
  static final String VITEST_JUNIT =
      """
      <?xml version="1.0" encoding="UTF-8" ?>
      <testsuites name="vitest tests" tests="1" failures="0" errors="0" time="0.2">
        <testsuite name="src/page.test.ts" timestamp="2026-12-03T10:00:00.000Z" hostname="runner" tests="1" failures="0" errors="0" skipped="0" time="0.01">
          <testcase classname="src/page.test.ts" name="renders the list" time="0.01"/>
        </testsuite>
      </testsuites>
      """;

  /**
   * A tool stood in by the report it writes; like the real tool, it exits 1 when it found an error.
   */
  static WorkflowRehearsal.StandIn report(String path, String content, boolean foundErrors) {
    return (ws, with) -> {
      Files.createDirectories(ws.resolve(path).getParent());
      Files.writeString(ws.resolve(path), content);
      if (foundErrors) {
        throw new IllegalStateException(path + ": errors found (exit 1)");
      }
      return Map.of();
    };
  }

  /**
   * ProjectFlo's ci.yml on pull request 7, which changes line 5 of apps/web/src/page.ts: pnpm's
   * tools stood in by the reports they write (ESLint per package, tsc's text, Vitest's JUnit),
   * lint-gate reading them and git for real. {@code eslintLine} is where ESLint finds an error (0:
   * nowhere).
   */
  WorkflowRehearsal.JobRun projectFloPullRequest(int eslintLine) throws Exception {
    String[] commits = pullRequestChangingLine5("apps/web/src/page.ts");
    try (WorkflowRehearsal run =
        ciOnPullRequest("examples/projectflo/ci.yml", commits, "master")
            .standIn(
                "ESLint",
                (ws, with) -> {
                  report(
                          "reports/eslint-api.json",
                          eslintJson(ws.resolve("apps/api/src/main.ts"), 0),
                          false)
                      .run(ws, with);
                  return report(
                          "reports/eslint-web.json",
                          eslintJson(ws.resolve("apps/web/src/page.ts"), eslintLine),
                          eslintLine > 0)
                      .run(ws, with);
                })
            .standIn("TypeScript", report("reports/tsc.txt", "", false))
            .standIn("Tests", report("reports/junit-web.xml", VITEST_JUNIT, false))) {
      return run.run("check");
    }
  }

  @Test
  void projectFloCiPassesWhenTheToolsFindNothing() throws Exception {
    var job = projectFloPullRequest(0);

    assertThat(job.status()).as(job.log()).isEqualTo("success");
    assertThat(job.step("gate").outputs())
        .containsEntry("verdict", "passed")
        .containsEntry("errors", "0");
    assertThat(job.step("Report").log()).contains("lint-gate passed (0 new errors)");
    assertThat(github.checks().checkRuns())
        .singleElement()
        .satisfies(run -> assertThat(run.conclusion()).isEqualTo("success"));
  }

  @Test
  void projectFloCiFailsTheGateOnAnEslintErrorOnTheChangedLine() throws Exception {
    var job = projectFloPullRequest(5);

    assertThat(job.step("ESLint").outcome())
        .as("ESLint itself failed, continue-on-error carries on")
        .isEqualTo("failure");
    assertThat(job.status()).isEqualTo("failure");
    assertThat(job.step("gate").outcome()).isEqualTo("failure");
    assertThat(job.step("gate").outputs())
        .containsEntry("verdict", "failed")
        .containsEntry("errors-in-diff", "1");
    assertThat(job.step("Report").ran())
        .as("if: !cancelled() reports after the gate failed")
        .isTrue();
    assertThat(job.step("Report").log()).contains("lint-gate failed (1 new errors)");
    assertFailedCheckRunOnLine5("apps/web/src/page.ts", "is not defined");
  }

  /**
   * FlakeGuard's ci.yml on pull request 7, which changes line 5 of apps/api/src/flakes.ts: ESLint,
   * tsc and Vitest stood in by their reports, {@code tscLine} where tsc finds a type error (0:
   * nowhere); the image job's Docker actions stood in, recording what they were asked.
   */
  Map<String, WorkflowRehearsal.JobRun> flakeGuardPullRequest(
      int tscLine, Map<String, String> build) throws Exception {
    String[] commits = pullRequestChangingLine5("apps/api/src/flakes.ts");
    String tsc =
        tscLine == 0
            ? ""
            : "apps/api/src/flakes.ts("
                + tscLine
                + ",10): error TS2304: Cannot find name 'undefined_name'.\n";
    try (WorkflowRehearsal run =
        ciOnPullRequest("examples/flakeguard/ci.yml", commits, "main")
            .standIn(
                "Lint",
                report(
                    "reports/eslint.json",
                    eslintJson(workspace.resolve("apps/api/src/flakes.ts"), 0),
                    false))
            .standIn("Typecheck", report("reports/tsc.txt", tsc, tscLine > 0))
            .standIn("Tests", report("reports/junit.xml", VITEST_JUNIT, false))
            .standIn(
                "docker/",
                (ws, with) -> {
                  build.putAll(with);
                  return Map.of();
                })) {
      return run.runAll();
    }
  }

  @Test
  void flakeGuardCiPassesACleanPullRequestAndBuildsTheImageWithoutPushing() throws Exception {
    Map<String, String> build = new java.util.HashMap<>();
    var jobs = flakeGuardPullRequest(0, build);

    var check = jobs.get("check");
    assertThat(check.status()).as(check.log()).isEqualTo("success");
    assertThat(check.step("Lint gate").outputs())
        .containsEntry("verdict", "passed")
        .containsEntry("errors", "0");
    assertThat(jobs.get("image").status()).isEqualTo("success");
    assertThat(build).containsEntry("push", "false").containsEntry("file", "apps/api/Dockerfile");
  }

  @Test
  void flakeGuardCiFailsTheGateOnATypeErrorOnTheChangedLine() throws Exception {
    var jobs = flakeGuardPullRequest(5, new java.util.HashMap<>());

    var check = jobs.get("check");
    assertThat(check.step("Typecheck").outcome()).isEqualTo("failure");
    assertThat(check.status()).isEqualTo("failure");
    assertThat(check.step("Lint gate").outputs())
        .containsEntry("verdict", "failed")
        .containsEntry("errors-in-diff", "1");
    assertFailedCheckRunOnLine5("apps/api/src/flakes.ts", "Cannot find name");
    assertThat(jobs.get("image").status())
        .as("the image job does not need the gate")
        .isEqualTo("success");
  }
}
