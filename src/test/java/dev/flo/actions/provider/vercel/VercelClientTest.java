package dev.flo.actions.provider.vercel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.Secret;
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
  private final Log log = new Log(new PrintStream(out, true, StandardCharsets.UTF_8), new Masker(new PrintStream(out)), false, () -> "t");
  private final Http http = Http.create(ProxySelector.getDefault(), clock, log, true);

  VercelClientTest() throws Exception {}

  @AfterEach
  void stop() {
    fake.close();
  }

  private VercelClient client(String token) {
    return new VercelClient(http, URI.create(fake.baseUrl() + "/"), Secret.of(token), null);
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
    List<VercelDeployment> candidates = client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 10, true);
    assertThat(candidates).extracting(VercelDeployment::id).containsExactly("dpl_b", "dpl_a");
    assertThat(candidates).allSatisfy(d -> {
      assertThat(d.readyState()).isEqualTo("READY");
      assertThat(d.rollbackCandidate()).isTrue();
      assertThat(d.inspectorUrl()).startsWith("https://vercel.com/");
    });
    assertThat(fake.requests().getLast().query()).contains("target=production").contains("state=READY").contains("rollbackCandidate=true").contains("limit=10");
  }

  @Test
  void instantRollbackMovesProductionAndCurrentProductionFollowsIt() throws Exception {
    history();
    VercelClient vercel = client(VercelFake.TOKEN);
    assertThat(vercel.currentProduction(VercelFake.PROJECT)).map(VercelDeployment::id).hasValue("dpl_c");

    vercel.rollback(VercelFake.PROJECT, "dpl_b", "health check failed on dpl_c");

    assertThat(fake.requests().getLast().method()).isEqualTo("POST");
    assertThat(fake.requests().getLast().path()).isEqualTo("/v1/projects/prj_shop/rollback/dpl_b");
    assertThat(fake.requests().getLast().query()).isEqualTo("description=health%20check%20failed%20on%20dpl_c");
    // The project's production target is the rolled-back deployment, not the newest READY one.
    assertThat(vercel.currentProduction(VercelFake.PROJECT)).map(VercelDeployment::id).hasValue("dpl_b");
  }

  @Test
  void rollbackToANonCandidateFailsWithVercelsErrorCode() {
    history();
    assertThatThrownBy(() -> client(VercelFake.TOKEN).rollback(VercelFake.PROJECT, "dpl_nope", null))
        .isInstanceOfSatisfying(VercelException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("bad_request");
          assertThat(e.getMessage()).contains("roll Vercel project prj_shop back to dpl_nope").contains("not a rollback candidate");
        });
  }

  @Test
  void projectWithoutProductionHasNoCurrentProduction() throws Exception {
    assertThat(client(VercelFake.TOKEN).currentProduction(VercelFake.PROJECT)).isEmpty();
  }

  @Test
  void teamIdIsSentOnEveryCall() throws Exception {
    fake.requireTeam("team_acme");
    VercelClient vercel = new VercelClient(http, URI.create(fake.baseUrl()), Secret.of(VercelFake.TOKEN), "team_acme");
    vercel.productionDeployments(VercelFake.PROJECT, 1, false);
    assertThatThrownBy(() -> client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 1, false))
        .isInstanceOfSatisfying(VercelException.class, e -> assertThat(e.advice()).contains("project-id"));
  }

  @Test
  void missingFilesErrorCarriesTheShasAndUploadsAreCheckedAgainstTheirDigest() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);
    VercelClient vercel = client(VercelFake.TOKEN);
    NewDeployment request = new NewDeployment(VercelFake.PROJECT, null, files.files(), Map.of(), Map.of());

    VercelException missing = org.junit.jupiter.api.Assertions.assertThrows(VercelException.class, () -> vercel.createDeployment(request));
    assertThat(missing.code()).isEqualTo("missing_files");
    assertThat(missing.missing()).containsExactlyInAnyOrderElementsOf(files.sources().keySet());

    var uploaded = new MissingFilesUpload(vercel, clock, 2).upload(files, missing.missing());
    assertThat(uploaded.count()).isEqualTo(2);
    assertThat(fake.blobs).containsExactlyInAnyOrderElementsOf(files.sources().keySet());
    assertThat(files.files()).filteredOn(f -> f.file().equals("link")).singleElement().satisfies(f -> assertThat(f.mode()).isEqualTo(0120777));
    assertThat(vercel.createDeployment(request).readyState()).isEqualTo("QUEUED");
  }

  @Test
  void htmlErrorPageAndServerErrorsAreRetriedForReads() throws Exception {
    history();
    fake.serverErrors("/v9/projects", 502, 503, 500);
    assertThat(client(VercelFake.TOKEN).currentProduction(VercelFake.PROJECT)).map(VercelDeployment::id).hasValue("dpl_c");
    assertThat(fake.requests()).filteredOn(r -> r.path().startsWith("/v9/projects")).hasSize(4);
  }

  @Test
  void uploadGivesUpAfterPersistentServerErrorsWithTheExcerptOfTheHtmlPage() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "alpha");
    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);
    fake.serverErrors("/v2/files", 502, 502, 502, 502);
    assertThatThrownBy(() -> new MissingFilesUpload(client(VercelFake.TOKEN), clock, 4).upload(files, List.copyOf(files.sources().keySet())))
        .isInstanceOfSatisfying(VercelException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.getMessage()).contains("not a Vercel API answer: <html><body><h1>502 Bad Gateway");
        });
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void rateLimitWaitsAsVercelAsks() throws Exception {
    history();
    fake.rateLimitNext(2);
    assertThat(client(VercelFake.TOKEN).productionDeployments(VercelFake.PROJECT, 5, false)).hasSize(3);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void rejectedTokenSaysWhichInputToCheck() {
    assertThatThrownBy(() -> client("nope-token").getDeployment("dpl_1"))
        .isInstanceOfSatisfying(VercelException.class, e -> {
          assertThat(e.isAuth()).isTrue();
          assertThat(e.advice()).contains("`token`");
          assertThat(e.getMessage()).doesNotContain("nope-token");
        });
  }
}
