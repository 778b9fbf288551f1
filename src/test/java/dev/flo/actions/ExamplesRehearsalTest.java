package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.ScriptedHealth;
import dev.flo.actions.testing.WorkflowRehearsal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teams' example workflows, rehearsed: loaded and evaluated by GitHub's own parser and expression evaluator
 * ({@link WorkflowRehearsal}), our steps run through the launcher against the provider fakes, checkout replaced by a
 * stand-in that lays out the team's repository.
 */
class ExamplesRehearsalTest {
  static final String OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";

  @TempDir Path workspace;
  final FakeClock clock = new FakeClock();
  @RegisterExtension final RenderFake render = RenderFake.start(clock);
  @RegisterExtension final GitHubFake github = GitHubFake.start();
  final VercelFake vercel = new VercelFake();
  final SlackFake slack = new SlackFake(clock);
  final ScriptedHealth scripted = new ScriptedHealth();
  /** Per path, the status the n-th check (from 0) gets. */
  final Map<String, IntUnaryOperator> health = scripted.health;
  final Map<String, AtomicInteger> checks = scripted.checks;
  final LocalHttpServer healthServer = scripted.server;

  ExamplesRehearsalTest() throws Exception {}

  @AfterEach
  void stop() {
    vercel.close();
    slack.close();
    healthServer.close();
  }

  /** ProjectFlo's deploy.yml on a push to master, its previous releases live on Render and Vercel. */
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
        .standIn("actions/checkout@", (ws, with) -> {
          Files.createDirectories(ws.resolve("apps/web"));
          Files.writeString(ws.resolve("apps/web/index.html"), "<h1>ProjectFlo</h1>");
          return Map.of();
        });
  }

  String serving() {
    return render.deploys().stream().filter(d -> d.status().equals("live")).map(d -> d.id).findFirst().orElse("none");
  }

  String slackMessage() {
    assertThat(slack.messages()).as("one Slack message per deploy").hasSize(1);
    return slack.messages().getFirst().body().toString();
  }

  void assertNoSecretPrinted(WorkflowRehearsal.JobRun job) {
    String printed = String.join("\n", job.log().lines().filter(l -> !l.startsWith("::add-mask::")).toList());
    assertThat(printed).doesNotContain(RenderFake.TOKEN).doesNotContain(VercelFake.TOKEN).doesNotContain(SlackFake.TOKEN).doesNotContain(GitHubFake.TOKEN);
  }

  @Test
  void projectFloHealthyReleaseShipsBothHalves() throws Exception {
    try (WorkflowRehearsal run = projectFloDeploy()) {
      var job = run.run("deploy");

      assertThat(job.status()).as(job.log()).isEqualTo("success");
      assertThat(job.step("deploy").outputs()).containsEntry("outcome", "deployed").containsEntry("rolled-back", "");
      String ours = render.deploys().getLast().id;
      assertThat(serving()).isEqualTo(ours).isEqualTo(job.step("deploy").outputs().get("backend-deploy-id"));
      assertThat(vercel.production()).isNotEqualTo("dpl_prev").isEqualTo(job.step("deploy").outputs().get("frontend-deployment-id"));
      assertThat(checks.get("/api/health").get()).as("the backend check is API_URL/health").isEqualTo(3);
      assertThat(checks.get("/web")).as("the frontend check is WEB_URL").isNotNull();
      assertThat(slackMessage()).contains("deployed");
      assertThat(slack.messages().getFirst().channel()).isEqualTo(SlackFake.DEPLOYS);
      // The run step got the outputs through env:, as the runner passes them.
      assertThat(job.step("Record the outcome").ran()).isTrue();
      assertThat(job.step("Record the outcome").log()).contains("deploy ended deployed (rolled back: )");
      assertThat(job.step("Record the outcome").summary()).contains("### Deploy deployed");
      assertNoSecretPrinted(job);
    }
  }

  @Test
  void projectFloFailingHealthCheckLeavesThePreviousReleaseServingAndSlackSaysSo() throws Exception {
    health.put("/api/health", n -> 503);
    try (WorkflowRehearsal run = projectFloDeploy()) {
      var job = run.run("deploy");

      assertThat(job.status()).isEqualTo("failure");
      assertThat(job.step("deploy").outcome()).isEqualTo("failure");
      assertThat(job.step("deploy").outputs()).containsEntry("outcome", "rolled-back").containsEntry("rolled-back", "backend");
      // The previous release serves again on Render (a rollback deploy of the old commit); Vercel never changed.
      var live = render.deploy(serving());
      assertThat(live.trigger()).isEqualTo("rollback");
      assertThat(live.commit()).isEqualTo(OLD_SHA);
      assertThat(vercel.production()).isEqualTo("dpl_prev");
      assertThat(vercel.mutating()).isEmpty();
      assertThat(slackMessage()).contains("rolled-back").contains("backend check failed");
      // `if: always()` still runs the last step after the failure, and it sees the outcome.
      assertThat(job.step("Record the outcome").ran()).isTrue();
      assertThat(job.step("Record the outcome").log()).contains("deploy ended rolled-back (rolled back: backend) backend check failed");
      assertNoSecretPrinted(job);
    }
  }
}
