package dev.flo.actions.provider.vercel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.common.ProviderAdvice;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VercelClientTest {
  @TempDir Path dir;
  private final VercelFake fake = new VercelFake();
  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new Masker(new PrintStream(out)),
          false,
          () -> "t");
  private final Http http = Http.create(ProxySelector.getDefault(), clock, log, true);

  VercelClientTest() throws Exception {}

  @AfterEach
  void stop() {
    fake.close();
  }

  private VercelClient client(String token) {
    return new VercelClient(
        http, URI.create(fake.baseUrl() + "/"), Secret.of(token), null, new Masker(null));
  }

  /** Three production deployments in order; the newest serves production until a rollback. */
  private void history() {
    fake.seedProduction("dpl_a");
    fake.seedProduction("dpl_b");
    fake.seedProduction("dpl_c");
  }

  @Test
  void rollbackCandidatesAreEarlierProductionDeploymentsNewestFirst() throws Exception {
    history();
    List<VercelDeployment> candidates =
        client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 10, true);
    assertThat(candidates).extracting(VercelDeployment::id).containsExactly("dpl_b", "dpl_a");
    assertThat(candidates)
        .allSatisfy(
            d -> {
              assertThat(d.readyState()).isEqualTo("READY");
              assertThat(d.rollbackCandidate()).isTrue();
              assertThat(d.inspectorUrl()).startsWith("https://vercel.com/");
            });
    assertThat(fake.requests().getLast().query())
        .contains("target=production")
        .contains("state=READY")
        .contains("rollbackCandidate=true")
        .contains("limit=10");
  }

  @Test
  void instantRollbackMovesProductionAndCurrentProductionFollowsIt() throws Exception {
    history();
    VercelClient vercel = client(VercelFake.TOKEN);
    assertThat(vercel.currentProduction(VercelFake.PROJECT))
        .map(VercelDeployment::id)
        .hasValue("dpl_c");

    vercel.rollback(VercelFake.PROJECT, "dpl_b", "health check failed on dpl_c");

    assertThat(fake.requests().getLast().method()).isEqualTo("POST");
    assertThat(fake.requests().getLast().path()).isEqualTo("/v1/projects/prj_shop/rollback/dpl_b");
    assertThat(fake.requests().getLast().query())
        .isEqualTo("description=health%20check%20failed%20on%20dpl_c");
    // The project's production target is the rolled-back deployment, not the newest READY one.
    assertThat(vercel.currentProduction(VercelFake.PROJECT))
        .map(VercelDeployment::id)
        .hasValue("dpl_b");
  }

  @Test
  void rollbackToANonCandidateFailsWithVercelsErrorCode() {
    history();
    assertThatThrownBy(
            () -> client(VercelFake.TOKEN).rollback(VercelFake.PROJECT, "dpl_nope", null))
        .isInstanceOfSatisfying(
            VercelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("bad_request");
              assertThat(e.getMessage())
                  .contains("roll Vercel project prj_shop back to dpl_nope")
                  .contains("not a rollback candidate");
            });
  }

  @Test
  void projectWithoutProductionHasNoCurrentProduction() throws Exception {
    assertThat(client(VercelFake.TOKEN).currentProduction(VercelFake.PROJECT)).isEmpty();
  }

  @Test
  void teamIdIsSentOnEveryCall() throws Exception {
    fake.requireTeam("team_acme");
    VercelClient vercel =
        new VercelClient(
            http,
            URI.create(fake.baseUrl()),
            Secret.of(VercelFake.TOKEN),
            "team_acme",
            new Masker(null));
    vercel.productionDeployments(VercelFake.PROJECT, 1, false);
    assertThatThrownBy(
            () -> client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 1, false))
        .isInstanceOfSatisfying(
            VercelException.class,
            e -> assertThat(ProviderAdvice.advice(e)).contains("project-id"));
  }

  @Test
  void missingFilesErrorCarriesTheShasAndUploadsAreCheckedAgainstTheirDigest() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);
    VercelClient vercel = client(VercelFake.TOKEN);
    NewDeployment request =
        new NewDeployment(VercelFake.PROJECT, null, files.files(), Map.of(), Map.of());

    VercelException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            VercelException.class, () -> vercel.createDeployment(request));
    assertThat(missing.code()).isEqualTo("missing_files");
    assertThat(missing.missing()).containsExactlyInAnyOrderElementsOf(files.sources().keySet());

    var uploaded = new MissingFilesUpload(vercel, 2).upload(files, missing.missing());
    assertThat(uploaded.count()).isEqualTo(2);
    assertThat(fake.blobs).containsExactlyInAnyOrderElementsOf(files.sources().keySet());
    assertThat(files.files())
        .filteredOn(f -> f.file().equals("link"))
        .singleElement()
        .satisfies(f -> assertThat(f.mode()).isEqualTo(0120777));
    assertThat(vercel.createDeployment(request).readyState()).isEqualTo("QUEUED");
  }

  @Test
  void htmlErrorPageAndServerErrorsAreRetriedForReads() throws Exception {
    history();
    fake.serverErrors("/v9/projects", 502, 503, 500);
    assertThat(client(VercelFake.TOKEN).currentProduction(VercelFake.PROJECT))
        .map(VercelDeployment::id)
        .hasValue("dpl_c");
    assertThat(fake.requests()).filteredOn(r -> r.path().startsWith("/v9/projects")).hasSize(4);
  }

  @Test
  void uploadIsRetriedByHttpAloneAndGivesUpWithTheExcerptOfTheHtmlPage() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);
    int attempts = http.policy().maxAttempts();
    fake.serverErrors(
        "/v2/files", java.util.stream.IntStream.range(0, attempts + 5).map(i -> 502).toArray());
    assertThatThrownBy(
            () ->
                new MissingFilesUpload(client(VercelFake.TOKEN), 4)
                    .upload(files, List.copyOf(files.sources().keySet())))
        .isInstanceOfSatisfying(
            VercelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.getMessage())
                  .contains("not a Vercel API answer: <html><body><h1>502 Bad Gateway");
            });
    // One retry loop (Http's, jittered), not a second one wrapped around it.
    assertThat(fake.requests()).filteredOn(r -> r.path().equals("/v2/files")).hasSize(attempts);
    assertThat(clock.sleeps()).hasSize(attempts - 1);
  }

  @Test
  void aRejectedUploadStopsTheRestInsteadOfSendingEveryFile() throws Exception {
    for (int i = 0; i < 30; i++) {
      Files.writeString(dir.resolve("f" + i + ".txt"), "content " + i);
    }
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);

    assertThatThrownBy(
            () ->
                new MissingFilesUpload(client("revoked-token"), 2)
                    .upload(files, List.copyOf(files.sources().keySet())))
        .isInstanceOfSatisfying(VercelException.class, e -> assertThat(e.isAuth()).isTrue());
    // At most the uploads already in flight when the first answer came: never one per file.
    assertThat(fake.requests())
        .filteredOn(r -> r.path().equals("/v2/files"))
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aFileVercelAsksForThatTheDeploymentLacksIsItsOwnError() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);

    assertThatThrownBy(
            () ->
                new MissingFilesUpload(client(VercelFake.TOKEN), 2)
                    .upload(files, List.of("0".repeat(40))))
        .isInstanceOf(MissingFilesUpload.UnknownFile.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void createAsksForANewBuildAndKnownErrorCodesSayWhatToDo() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);
    fake.blobs.addAll(files.sources().keySet());
    client(VercelFake.TOKEN)
        .createDeployment(
            new NewDeployment(VercelFake.PROJECT, null, files.files(), Map.of(), Map.of()));
    assertThat(fake.requests().getLast().query())
        .contains("forceNew=1")
        .contains("skipAutoDetectionConfirmation=1");

    assertThat(
            ProviderAdvice.advice(
                new VercelException(
                    "roll Vercel project p back to d", 400, "bad_request", "x", List.of())))
        .contains("`to:`")
        .doesNotContain("See Vercel's message");
    assertThat(
            ProviderAdvice.advice(
                new VercelException(
                    "upload file x to Vercel", 400, "invalid_digest", "x", List.of())))
        .contains("`dir`");
    assertThat(
            ProviderAdvice.advice(
                new VercelException("assign alias", 409, "conflict", "x", List.of())))
        .contains("under way");
    assertThat(
            ProviderAdvice.advice(
                new VercelException("get Vercel deployment d", 410, "gone", "x", List.of())))
        .contains("no longer exists");
    assertThat(
            ProviderAdvice.advice(
                new VercelException("create", 422, "unprocessable", "x", List.of())))
        .contains("project's settings");
  }

  @Test
  void rateLimitWaitsAsVercelAsks() throws Exception {
    history();
    fake.rateLimitNext(2);
    assertThat(client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 5, false))
        .hasSize(3);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void rejectedTokenSaysWhichInputToCheck() {
    assertThatThrownBy(() -> client("nope-token").getDeployment("dpl_1"))
        .isInstanceOfSatisfying(
            VercelException.class,
            e -> {
              assertThat(e.isAuth()).isTrue();
              assertThat(ProviderAdvice.advice(e)).contains("`token`");
              assertThat(e.getMessage()).doesNotContain("nope-token");
            });
  }
}
