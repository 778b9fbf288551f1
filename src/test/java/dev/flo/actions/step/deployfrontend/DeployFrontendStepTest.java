package dev.flo.actions.step.deployfrontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DeployFrontendStepTest {
  @TempDir Path workspace;
  private final VercelFake vercel = new VercelFake();
  private final FakeClock clock = new FakeClock();
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  DeployFrontendStepTest() throws Exception {}

  @AfterEach
  void stop() {
    vercel.close();
  }

  private StepHarness step() {
    return new StepHarness(DeployFrontendStep.DEFINITION, workspace)
        .clock(clock)
        .input("token", VercelFake.TOKEN)
        .input("project-id", VercelFake.PROJECT)
        .input("api-url", vercel.baseUrl());
  }

  private void site() throws Exception {
    Files.createDirectories(workspace.resolve("site/assets"));
    Files.writeString(workspace.resolve("site/index.html"), "<h1>shop</h1>");
    Files.writeString(workspace.resolve("site/assets/app.js"), "console.log('v1')");
    Files.writeString(workspace.resolve("site/assets/copy.js"), "console.log('v1')");
    Files.writeString(workspace.resolve("site/.env.local"), "SECRET=1");
  }

  private List<LocalHttpServer.Request> uploads() {
    return vercel.requests().stream().filter(r -> r.path().equals("/v2/files")).toList();
  }

  @Test
  void staticSiteDeploysToPreviewAndASecondRunUploadsNothing() throws Exception {
    site();
    var first = step().input("dir", "site").run();

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(first.output("deployment-id")).isEqualTo("dpl_1");
    assertThat(first.output("url")).isEqualTo("https://dpl_1-shop.vercel.app");
    assertThat(first.output("inspector-url")).isEqualTo("https://vercel.com/acme/shop/dpl_1");
    // app.js and copy.js share one content: 2 distinct contents, each uploaded once; .env files
    // never leave.
    assertThat(first.output("uploaded-files")).isEqualTo("2");
    assertThat(first.output("reused-files")).isEqualTo("0");
    assertThat(uploads()).hasSize(2);
    assertThat(vercel.deployments.get("dpl_1").files.findValuesAsText("file"))
        .containsExactly("assets/app.js", "assets/copy.js", "index.html");
    assertThat(vercel.deployments.get("dpl_1").target).isEqualTo("preview");
    assertThat(first.summary())
        .contains("deploy-frontend: preview ready")
        .contains("https://dpl_1-shop.vercel.app");

    var second = step().input("dir", "site").run();
    assertThat(second.exitCode()).isZero();
    assertThat(second.output("deployment-id")).isEqualTo("dpl_2");
    assertThat(second.output("uploaded-files")).isEqualTo("0");
    assertThat(second.output("reused-files")).isEqualTo("2");
    assertThat(uploads()).hasSize(2);
  }

  @Test
  void onlyTheFilesVercelLacksAreUploaded() throws Exception {
    site();
    vercel.blobs.add(sha1("<h1>shop</h1>"));
    Files.writeString(workspace.resolve("site/assets/app.js"), "console.log('v2')");

    var result = step().input("dir", "site").run();

    assertThat(result.exitCode()).isZero();
    assertThat(result.output("uploaded-files")).isEqualTo("2");
    assertThat(result.output("reused-files")).isEqualTo("1");
    assertThat(uploads())
        .extracting(r -> r.header("x-vercel-digest"))
        .containsExactlyInAnyOrder(sha1("console.log('v2')"), sha1("console.log('v1')"));
    assertThat(uploads())
        .allSatisfy(
            r -> assertThat(r.header("x-now-digest")).isEqualTo(r.header("x-vercel-digest")));
    // 13 + 17 + 17 bytes hashed; the two missing contents uploaded, the third counted apart.
    assertThat(result.lines()).anyMatch(l -> l.startsWith("Hashing the 3 files (47 B) of "));
    // The walk gave the total first: whatever the order, the first two files cross the first and
    // second quarters.
    assertThat(
            result.lines().stream()
                .filter(l -> l.startsWith("Hashed: ") && l.contains(" of 47 B (")))
        .hasSize(2)
        .allMatch(l -> l.contains(" of 3 files"));
    assertThat(result.lines())
        .anyMatch(l -> l.startsWith("Hashed: 47 B in ") && l.endsWith("; 3 of 3 files"));
    assertThat(result.lines().stream().filter(l -> l.startsWith("Uploaded: ")))
        .containsExactly(
            result.lines().stream()
                .filter(l -> l.startsWith("Uploaded: 17 B of 34 B (50%), "))
                .findFirst()
                .orElse("no line at half the bytes"),
            result.lines().stream()
                .filter(l -> l.startsWith("Uploaded: 34 B in "))
                .findFirst()
                .orElse("no last line"))
        .allMatch(l -> l.contains(" of 2 files; 1 reused, not uploaded"));
    assertThat(vercel.requests().stream().filter(r -> r.path().equals("/v13/deployments")).count())
        .isEqualTo(2);
  }

  @Test
  void prebuiltProductionWaitsForDomainsAssignsAliasesAndNamesThePreviousDeployment()
      throws Exception {
    Path out = Files.createDirectories(workspace.resolve("apps/web/.vercel/output/static"));
    Files.writeString(out.resolveSibling("config.json"), "{\"version\":3}");
    Files.writeString(out.resolve("index.html"), "<h1>prod</h1>");
    vercel.seedProduction("dpl_old");

    var result =
        step()
            .input("dir", "apps/web")
            .input("target", "production")
            .input("alias", "shop.example.com, www.shop.example.com")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    String id = result.output("deployment-id");
    assertThat(vercel.deployments.get(id).files.findValuesAsText("file"))
        .containsExactly(".vercel/output/config.json", ".vercel/output/static/index.html");
    assertThat(vercel.deployments.get(id).target).isEqualTo("production");
    assertThat(vercel.deployments.get(id).aliasAssigned).isTrue();
    assertThat(vercel.deployments.get(id).aliases)
        .containsExactly("shop.example.com", "www.shop.example.com");
    assertThat(result.output("aliases"))
        .isEqualTo("https://shop.example.com,https://www.shop.example.com");
    assertThat(result.output("previous-deployment-id")).isEqualTo("dpl_old");
    assertThat(result.stdout()).contains("READY (waiting for its domains)");
    assertThat(vercel.production()).isEqualTo(id);
  }

  @Test
  void failedBuildFailsWithTheErrorCodeAndInspectorLinkAndKeepsTheOutputs() throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    vercel
        .nextDeployment("QUEUED", "BUILDING", "ERROR")
        .failWith("BUILD_FAILED", "Command \"npm run build\" exited with 1");

    var result =
        step()
            .input("dir", "site")
            .input("target", "production")
            .input("alias", "shop.example.com")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("BUILD_FAILED")
        .contains("npm run build")
        .contains("https://vercel.com/acme/shop/dpl_2");
    assertThat(result.output("deployment-id")).isEqualTo("dpl_2");
    assertThat(result.output("inspector-url")).isEqualTo("https://vercel.com/acme/shop/dpl_2");
    assertThat(result.output("previous-deployment-id")).isEqualTo("dpl_old");
    assertThat(result.output("aliases")).isEmpty();
    // The alias action is in the plan, but a failed build gets no domain.
    assertThat(result.lines())
        .containsSubsequence(
            "[5/5] POST /v2/deployments/{id}/aliases for shop.example.com.",
            "Skipped: the deployment did not become ready (failed).");
    assertThat(vercel.requests()).noneMatch(r -> r.path().endsWith("/aliases"));
    assertThat(result.summary())
        .contains("[!CAUTION]")
        .contains("BUILD_FAILED")
        .contains("still serves dpl_old");
    // The build log's tail is in the summary, in order, and fenced in the job log so it cannot run
    // commands.
    assertThat(result.summary())
        .containsSubsequence(
            "> next build",
            "Type error: Property 'price'",
            "Error: Command \"npm run build\" exited with 1");
    assertThat(result.stdout())
        .containsPattern("::stop-commands::\\w+\\n(.*\\n)*Type error: Property 'price'");
    assertThat(vercel.production()).isEqualTo("dpl_old");
  }

  @Test
  void timeoutCancelsTheDeploymentAndFailsWithItsOutputs() throws Exception {
    site();
    vercel.nextDeployment("QUEUED", "BUILDING");

    var result = step().input("dir", "site").input("timeout", "2m").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("not ready within 120s")
        .contains("cancelled")
        .contains("Raise `timeout`");
    assertThat(result.output("deployment-id")).isEqualTo("dpl_1");
    assertThat(result.output("url")).isEqualTo("https://dpl_1-shop.vercel.app");
    assertThat(vercel.deployments.get("dpl_1").state).isEqualTo("CANCELED");
    assertThat(result.summary()).contains("[!WARNING]").contains("still BUILDING after 120s");
    // Two minutes of BUILDING polls: said once, then counted every 30 s with the time left, never
    // repeated as is.
    List<String> building =
        result.lines().stream()
            .filter(l -> l.startsWith("Vercel deployment dpl_1: BUILDING"))
            .toList();
    assertThat(building.getFirst()).doesNotContain("unchanged").endsWith(" left");
    assertThat(building.subList(1, building.size()))
        .hasSizeBetween(2, 4)
        .allMatch(l -> l.contains("BUILDING (unchanged, ") && l.endsWith(" left"));
    // The wait ends at the timeout (virtual time), not one poll interval or more past it.
    assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .isBetween(Duration.ofSeconds(110), Duration.ofMinutes(2));
  }

  @Test
  void pullRequestCommentIsCreatedOnceAndUpdatedOnTheNextPush() throws Exception {
    site();
    Path event = workspace.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":7,\"head\":{\"sha\":\"abc1234def\",\"ref\":\"feature\"},\"base\":{\"sha\":\"b\",\"ref\":\"main\"}}}");
    for (int run = 1; run <= 2; run++) {
      var result =
          step()
              .input("dir", "site")
              .input("github-token", GitHubFake.TOKEN)
              .env("GITHUB_EVENT_NAME", "pull_request")
              .env("GITHUB_EVENT_PATH", event.toString())
              .env("GITHUB_API_URL", github.apiUrl())
              .env("GITHUB_RUN_ID", String.valueOf(100 + run))
              .run();
      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(result.annotations("warning")).isEmpty();
    }
    assertThat(github.comments())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.issue()).isEqualTo(7);
              assertThat(c.body())
                  .contains("https://dpl_2-shop.vercel.app")
                  .doesNotContain("dpl_1-shop")
                  .contains("<!-- flo-actions:deploy-frontend project=prj_shop -->");
            });
    assertThat(github.requests()).filteredOn(r -> r.method().equals("PATCH")).hasSize(1);
    // Each push (a new workflow run) also recorded its preview as a GitHub deployment, beside the
    // one comment.
    assertThat(github.deployments())
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.environment()).isEqualTo("preview");
              assertThat(d.states()).containsExactly("in_progress", "success");
            });
  }

  @Test
  void aReRunOfTheSameWorkflowRunUpdatesItsGitHubDeploymentInsteadOfAddingOne() throws Exception {
    site();
    var first =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_API_URL", github.apiUrl())
            .env("GITHUB_RUN_ATTEMPT", "1")
            .run();
    var reRun =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_API_URL", github.apiUrl())
            .env("GITHUB_RUN_ATTEMPT", "2")
            .run();

    assertThat(reRun.exitCode()).as(reRun.stdout()).isZero();
    assertThat(reRun.output("github-deployment-id"))
        .isEqualTo(first.output("github-deployment-id"));
    assertThat(github.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.states())
                  .containsExactly("in_progress", "success", "in_progress", "success");
              assertThat(d.last().environmentUrl()).isEqualTo("https://dpl_2-shop.vercel.app");
            });
  }

  @Test
  void aCommentWrittenWithAnotherAppsInstallationTokenIsEditedOnTheNextPush() throws Exception {
    site();
    github.asAppInstallation("acme-deployer");
    Path event = workspace.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":7,\"head\":{\"sha\":\"abc1234def\",\"ref\":\"feature\"},\"base\":{\"sha\":\"b\",\"ref\":\"main\"}}}");
    for (int run = 1; run <= 2; run++) {
      var result =
          step()
              .input("dir", "site")
              .input("github-token", GitHubFake.TOKEN)
              .input("github-deployment", "false")
              .env("GITHUB_EVENT_NAME", "pull_request")
              .env("GITHUB_EVENT_PATH", event.toString())
              .env("GITHUB_API_URL", github.apiUrl())
              .run();
      assertThat(result.exitCode()).as(result.stdout()).isZero();
    }
    assertThat(github.comments())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.author()).isEqualTo("acme-deployer[bot]");
              assertThat(c.body()).contains("https://dpl_2-shop.vercel.app");
            });
  }

  @Test
  void serverErrorsWhilePollingAreRiddenOut() throws Exception {
    site();
    vercel.serverErrors("/v13/deployments/", 500, 502, 503);
    var result = step().input("dir", "site").run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.stdout())
        .contains("get Vercel deployment dpl_1: HTTP 500; retrying")
        .contains("HTTP 502; retrying");
  }

  @Test
  void domainsThatCannotBeAssignedFailTheStepAndTheCommentSaysSo() throws Exception {
    site();
    vercel.aliasErrorWith(
        "DOMAIN_VERIFICATION_FAILED", "The domain shop.example.com is not verified");
    Path event = workspace.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":9,\"head\":{\"sha\":\"abc\",\"ref\":\"f\"},\"base\":{\"sha\":\"b\",\"ref\":\"main\"}}}");
    var result =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_EVENT_PATH", event.toString())
            .env("GITHUB_API_URL", github.apiUrl())
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("DOMAIN_VERIFICATION_FAILED")
        .contains("not verified");
    assertThat(github.comments())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.body())
                    .contains("deployment failed")
                    .contains("DOMAIN_VERIFICATION_FAILED"));
    assertThat(github.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.states()).containsExactly("in_progress", "failure"));
  }

  @Test
  void forbiddenPullRequestCommentWarnsButTheDeploySucceeds() throws Exception {
    site();
    Path event = workspace.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":7,\"head\":{\"sha\":\"abc\",\"ref\":\"f\"},\"base\":{\"sha\":\"b\",\"ref\":\"main\"}}}");
    github.forbidComments();
    var result =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_EVENT_PATH", event.toString())
            .env("GITHUB_API_URL", github.apiUrl())
            .run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.annotations("warning"))
        .singleElement()
        .asString()
        .contains("HTTP 403")
        .contains("pull-requests: write");
  }

  @Test
  void dryRunHashesAndPrintsThePlanButChangesNothing() throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    var result =
        step()
            .input("dir", "site")
            .input("target", "production")
            .input("alias", "shop.example.com")
            .input("dry-run", "true")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(vercel.mutating()).isEmpty();
    assertThat(result.stdout())
        .contains("Files: 3 hashed (SHA-1), 2 distinct contents")
        .contains("POST /v13/deployments")
        .contains("POST /v2/deployments/{id}/aliases for shop.example.com");
    assertThat(result.summary()).contains("Dry-run: nothing was uploaded or created");
    assertThat(result.output("previous-deployment-id")).isEqualTo("dpl_old");
    assertThat(result.output("deployment-id")).isEmpty();
  }

  /** The numbered action lines a run printed: the plan's actions, as planned or as executed. */
  private static List<String> actionLines(StepHarness.Result result) {
    return result.lines().stream().filter(l -> l.matches("\\[\\d+/\\d+] .*")).toList();
  }

  @Test
  void theRunExecutesExactlyTheActionsTheDryRunPrinted() throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    Path event = workspace.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":7,\"head\":{\"sha\":\"abc1234def\",\"ref\":\"feature\"},\"base\":{\"sha\":\"b\",\"ref\":\"main\"}}}");
    java.util.function.Function<Boolean, StepHarness.Result> run =
        dryRun -> {
          try {
            return step()
                .input("dir", "site")
                .input("target", "production")
                .input("alias", "shop.example.com, www.shop.example.com")
                .input("github-token", GitHubFake.TOKEN)
                .input("dry-run", dryRun.toString())
                .env("GITHUB_EVENT_NAME", "pull_request")
                .env("GITHUB_EVENT_PATH", event.toString())
                .env("GITHUB_API_URL", github.apiUrl())
                .run();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };

    var planned = run.apply(true);
    assertThat(planned.exitCode()).as(planned.stdout()).isZero();
    assertThat(vercel.mutating()).isEmpty();
    var executed = run.apply(false);
    assertThat(executed.exitCode()).as(executed.stdout()).isZero();

    // Every kind of action, in the order the run takes them.
    assertThat(actionLines(planned))
        .containsExactly(
            "[1/9] GET /v9/projects/prj_shop: the production deployment before this one (for rollback).",
            "[2/9] GitHub deployment to environment `production`: in_progress.",
            "[3/9] POST /v13/deployments?skipAutoDetectionConfirmation=1&forceNew=1 listing every file (3).",
            "[4/9] If Vercel answers missing_files, POST /v2/files for only those (of 2 distinct contents), then POST /v13/deployments again (at most 2 rounds).",
            "[5/9] GET /v13/deployments/{id} until READY with its domains assigned, for at most 900s; on timeout, PATCH /v12/deployments/{id}/cancel, or, if it turned READY, roll production back to the deployment before.",
            "[6/9] POST /v2/deployments/{id}/aliases for shop.example.com.",
            "[7/9] POST /v2/deployments/{id}/aliases for www.shop.example.com.",
            "[8/9] GitHub deployment to environment `production`: success or failure with the deployment URL.",
            "[9/9] Comment the preview URL on pull request #7 (or update our earlier comment).");
    // The summary shows the same plan.
    assertThat(planned.summary()).contains("[5/9] GET /v13/deployments/{id} until READY");
    // The real run printed each action as it started it: the same list, in the same order.
    assertThat(actionLines(executed)).isEqualTo(actionLines(planned));
    // ...and did what each says.
    assertThat(uploads()).hasSize(2);
    assertThat(executed.output("aliases"))
        .isEqualTo("https://shop.example.com,https://www.shop.example.com");
    assertThat(github.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.states()).containsExactly("in_progress", "success"));
    assertThat(github.comments())
        .singleElement()
        .satisfies(c -> assertThat(c.issue()).isEqualTo(7));
  }

  @Test
  void aCreateAnswerWithoutADeploymentIdIsTheServersErrorNotACrash() throws Exception {
    site();
    try (var wrong =
        new LocalHttpServer(
            (r, x) -> {
              if (r.method().equals("POST") && r.path().equals("/v13/deployments")) {
                LocalHttpServer.json(
                    x, 200, "{\"url\":\"shop-x.vercel.app\",\"readyState\":\"QUEUED\"}");
              } else if (r.path().startsWith("/v9/projects/")) {
                LocalHttpServer.json(x, 200, "{\"id\":\"prj_shop\"}");
              } else if (r.path().equals("/v7/deployments")) {
                LocalHttpServer.json(x, 200, "{\"deployments\":[]}");
              } else {
                LocalHttpServer.json(x, 404, "{\"error\":{\"code\":\"not_found\"}}");
              }
            })) {
      var result = step().input("api-url", wrong.baseUrl()).input("dir", "site").run();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains("without a deployment id")
          .contains("`api-url`");
      // Nothing was asked of a deployment named "null".
      assertThat(wrong.requests()).noneMatch(r -> r.path().contains("null"));
      assertThat(result.summary()).contains("deploy-frontend: preview stopped");
    }
  }

  @Test
  void everyBadInputIsReportedAtOnceBeforeAnyCall() throws Exception {
    var result =
        new StepHarness(DeployFrontendStep.DEFINITION, workspace)
            .clock(clock)
            .input("api-url", vercel.baseUrl())
            .input("dir", "nope")
            .input("target", "Prod!")
            .input("alias", "https://shop.example.com/x")
            .input("timeout", "5s")
            .input("wait", "maybe")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'token' is required")
        .contains("Input 'project-id' is required")
        .contains("Input 'dir' is 'nope'")
        .contains("Input 'target' is 'prod!'")
        .contains("Input 'alias' has 'https://shop.example.com/x'")
        .contains("Input 'timeout' is 5s")
        .contains("Input 'wait' is 'maybe'");
    assertThat(vercel.requests()).isEmpty();
  }

  @Test
  void anOutputBuiltForPreviewIsNotDeployedToProduction() throws Exception {
    Path out = Files.createDirectories(workspace.resolve("web/.vercel/output/static"));
    Files.writeString(out.resolveSibling("config.json"), "{\"version\":3}");
    Files.writeString(out.resolveSibling("builds.json"), "{\"target\":\"preview\",\"builds\":[]}");
    Files.writeString(out.resolve("index.html"), "x");
    var result = step().input("dir", "web").input("target", "production").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("built by `vercel build` for preview")
        .contains("vercel build --prod");
    assertThat(vercel.requests()).isEmpty();
  }

  @Test
  void prebuiltWithoutAnOutputTreeIsAnInputProblem() throws Exception {
    site();
    var result = step().input("dir", "site").input("prebuilt", "true").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("Input 'prebuilt' is true")
        .contains("vercel build");
    assertThat(vercel.requests()).isEmpty();
  }

  @Test
  void rateLimitsAndServerErrorBurstsAreRiddenOutAndTheTokenNeverPrinted() throws Exception {
    site();
    vercel.rateLimitNext(1).serverErrors("/v2/files", 502, 500);
    vercel.nextDeployment("QUEUED", "BUILDING", "BUILDING", "READY");

    var result = step().input("dir", "site").run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(clock.sleeps()).contains(Duration.ofSeconds(7));
    assertThat(result.output("uploaded-files")).isEqualTo("2");
    assertThat(uploads()).hasSize(4);
    assertThat(result.lines())
        .filteredOn(l -> !l.startsWith("::add-mask::"))
        .noneMatch(l -> l.contains(VercelFake.TOKEN));
    assertThat(result.summary()).doesNotContain(VercelFake.TOKEN);
    assertThat(result.outputs().values()).noneMatch(v -> v.contains(VercelFake.TOKEN));
  }

  @Test
  void rejectedTokenNamesTheInputToFixAndIsNotPrinted() throws Exception {
    site();
    var result = step().input("dir", "site").input("token", "wrong-token-abc123").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("HTTP 403 forbidden")
        .contains("`team-id`");
    assertThat(result.lines())
        .filteredOn(l -> !l.startsWith("::add-mask::"))
        .noneMatch(l -> l.contains("wrong-token-abc123"));
    assertThat(vercel.mutating()).isEmpty();
  }

  @Test
  void withoutWaitingTheStepEndsOnceTheDeploymentIsCreated() throws Exception {
    site();
    var result = step().input("dir", "site").input("wait", "false").run();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output("deployment-id")).isEqualTo("dpl_1");
    assertThat(vercel.requests()).noneMatch(r -> r.path().startsWith("/v13/deployments/"));
    assertThat(result.summary()).contains("created, not waited for");
  }

  @Test
  void anOutputTreeGivenDirectlyAndACustomEnvironmentAreSentAsTheCliSendsThem() throws Exception {
    Path out = Files.createDirectories(workspace.resolve("build/output/static"));
    Files.writeString(out.resolveSibling("config.json"), "{\"version\": 3, \"routes\": []}");
    Files.writeString(out.resolve("index.html"), "<h1>staging</h1>");
    var result = step().input("dir", "build/output").input("target", "staging").run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(vercel.deployments.get("dpl_1").files.findValuesAsText("file"))
        .containsExactly(".vercel/output/config.json", ".vercel/output/static/index.html");
    assertThat(vercel.deployments.get("dpl_1").target).isEqualTo("staging");
    assertThat(vercel.deployments.get("dpl_1").aliasAssigned).isTrue();
    assertThat(vercel.production()).isNull();
  }

  @Test
  void anAliasVercelRefusesFailsTheStepButKeepsTheDeploymentOutputsAndSummary() throws Exception {
    site();
    var result = step().input("dir", "site").input("alias", "shop.not-ours.com").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("assign alias shop.not-ours.com")
        .contains("HTTP 403");
    assertThat(result.output("deployment-id")).isEqualTo("dpl_1");
    assertThat(result.output("aliases")).isEmpty();
    assertThat(result.summary())
        .contains("preview stopped")
        .contains("Deployment dpl_1 was created");
  }

  private static String sha1(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void productionRecordsAGitHubDeploymentInProgressThenSuccessWithTheDeploymentUrl()
      throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    var result =
        step()
            .input("dir", "site")
            .input("target", "production")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_API_URL", github.apiUrl())
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    var gh = github.deployment(Long.parseLong(result.output("github-deployment-id")));
    assertThat(gh.environment()).isEqualTo("production");
    assertThat(gh.sha()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(gh.states()).containsExactly("in_progress", "success");
    assertThat(gh.last().environmentUrl()).isEqualTo(result.output("url"));
    assertThat(gh.last().logUrl()).isEqualTo("https://github.com/acme/shop/actions/runs/42");
  }

  @Test
  void aFailedPreviewBuildMarksItsGitHubDeploymentFailureAndAForbiddenTokenOnlyWarns()
      throws Exception {
    site();
    vercel.nextDeployment("QUEUED", "BUILDING", "ERROR");
    var failed =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_API_URL", github.apiUrl())
            .run();
    github.forbidDeployments();
    var warned =
        step()
            .input("dir", "site")
            .input("github-token", GitHubFake.TOKEN)
            .env("GITHUB_API_URL", github.apiUrl())
            .env("GITHUB_RUN_ID", "43")
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    // The forbidden second run recorded nothing: the only deployment is the failed one.
    assertThat(github.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.environment()).isEqualTo("preview");
              assertThat(d.states()).containsExactly("in_progress", "failure");
            });
    assertThat(warned.exitCode()).as(warned.stdout()).isZero();
    assertThat(warned.output("github-deployment-id")).isEmpty();
    assertThat(warned.annotations("warning"))
        .singleElement()
        .asString()
        .contains("deployments: write");
  }

  @Test
  void aProductionDeploymentThatTurnsReadyJustBeforeTheCancelIsRolledBack() throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    vercel.nextDeployment("QUEUED", "BUILDING").readyJustBeforeCancel();

    var result =
        step().input("dir", "site").input("target", "production").input("timeout", "1m").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(vercel.production()).isEqualTo("dpl_old");
    assertThat(vercel.mutating())
        .filteredOn(r -> r.path().contains("/rollback/dpl_old"))
        .hasSize(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("not ready within 60s")
        .contains("rolled back to dpl_old")
        .doesNotContain("It was cancelled");
    assertThat(result.summary()).contains("production rolled back to dpl_old");
  }

  @Test
  void aProductionDeploymentWhosePollingFailsIsCancelledNotLeftBuilding() throws Exception {
    site();
    vercel.seedProduction("dpl_old");
    vercel.nextDeployment("QUEUED", "BUILDING");
    int attempts = dev.flo.actions.runtime.http.RetryPolicy.DEFAULT.maxAttempts();
    vercel.serverErrors(
        "/v13/deployments/", java.util.stream.IntStream.range(0, attempts).map(i -> 500).toArray());

    var result = step().input("dir", "site").input("target", "production").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(vercel.deployments.get(result.output("deployment-id")).state).isEqualTo("CANCELED");
    assertThat(vercel.production()).isEqualTo("dpl_old");
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Lost track of Vercel deployment")
        .contains("It was cancelled");
  }

  @Test
  void aCreateCallWithoutAnswerSaysADeploymentMayExist() throws Exception {
    site();
    vercel.blobs.addAll(List.of(sha1("<h1>shop</h1>"), sha1("console.log('v1')")));
    vercel.dropCreateAnswers(1);

    var result = step().input("dir", "site").input("target", "production").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(vercel.deployments).hasSize(1);
    assertThat(result.summary())
        .contains("Unknown: Vercel did not answer the create call")
        .contains("may exist")
        .doesNotContain("No deployment was created");
  }

  @Test
  void aPreviewIsNotBlockedWhenTheProductionDeploymentCannotBeReadButProductionIs()
      throws Exception {
    site();
    int attempts = dev.flo.actions.runtime.http.RetryPolicy.DEFAULT.maxAttempts();
    vercel.serverErrors(
        "/v9/projects", java.util.stream.IntStream.range(0, 2 * attempts).map(i -> 500).toArray());

    var preview = step().input("dir", "site").run();
    var production = step().input("dir", "site").input("target", "production").run();

    assertThat(preview.exitCode()).as(preview.stdout()).isZero();
    assertThat(preview.annotations("warning"))
        .singleElement()
        .asString()
        .contains("production deployment");
    assertThat(production.exitCode()).isEqualTo(1);
    assertThat(vercel.deployments).hasSize(1);
  }

  @Test
  void aDryRunWhoseVercelDoesNotAnswerWarnsAndMarksProductionUnknown() throws Exception {
    site();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      var result =
          step()
              .clock(dev.flo.actions.runtime.Clock.SYSTEM)
              .input("api-url", "http://127.0.0.1:" + silent.getLocalPort())
              .input("dir", "site")
              .input("target", "production")
              .input("dry-run", "true")
              .run();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(java.time.Duration.ofSeconds(10));
      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(result.annotations("warning"))
          .singleElement()
          .asString()
          .contains("could not read the project's production deployment on Vercel")
          .contains("unknown");
      assertThat(result.stdout()).contains("Production before: unknown");
    }
  }

  @Test
  void aDryRunWithARefusedTokenIsTheErrorWithItsFix() throws Exception {
    site();
    var result =
        step().input("token", "not-the-token").input("dir", "site").input("dry-run", "true").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error")).singleElement().asString().contains("`token`");
    assertThat(vercel.mutating()).isEmpty();
  }
}
