package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.compose.DockerHosts;
import dev.flo.actions.provider.compose.LocalSshd;
import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.ScriptedHealth;
import dev.flo.actions.testing.SkippingClock;
import dev.flo.actions.testing.WorkflowRehearsal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Compose-over-SSH examples rehearsed against real parts. FlakeGuard's release.yml: the tag's
 * image job (Docker actions stood in), then the deploy job's backup (PostgreSQL → S3 server),
 * migrate, Compose over SSH (Debian's sshd, a private dockerd, a registry with busybox images) and
 * the rollback to the previous tag when /health fails, and when the run is cancelled while /health
 * waits. Assets' release.yml: both images to staging, then production (needs: staging; approved by
 * a reviewer), with the one-step deploy and each container's real /healthz; a release whose public
 * check fails rolled back on staging, never reaching production. The hosts and the registry are
 * started once for the class.
 */
class ComposeRehearsalTest {
  // The containers use the host's network: free ports, so that runs of this class in other
  // checkouts on the same
  // machine (fixed ports did collide: "httpd: bind: Address already in use") cannot answer our
  // health checks.
  private static final int[] FREE = freePorts(5);
  private static final int PORT = FREE[0];
  private static final String COMPOSE =
      """
      version: "2.4"
      services:
        api:
          image: REGISTRY/flakeguard-api:${IMAGE_TAG}
          network_mode: host
          environment:
            PORT: "%d"
      """
          .formatted(PORT);

  private static final String OLD = "1111111111111111111111111111111111111111";
  private static final String NEW = "2222222222222222222222222222222222222222";

  /** A commit whose containers start, but whose site fails its public /healthz check. */
  private static final String BAD = "3333333333333333333333333333333333333333";

  /** A commit whose backend container never becomes healthy (it cannot reach its database). */
  private static final String BROKEN = "4444444444444444444444444444444444444444";

  private static final int[] ASSETS_PORTS = {FREE[1], FREE[2], FREE[3], FREE[4]};

  /** Ports nothing listens on now, all different (held open together while chosen). */
  static int[] freePorts(int n) {
    java.net.ServerSocket[] sockets = new java.net.ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      for (java.net.ServerSocket s : sockets) {
        s.close();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ports;
  }

  @TempDir static Path tmp;
  static LocalSshd staging;
  static LocalSshd production;
  static DockerHosts docker;
  static LocalSshd host;
  static String key;
  static S3TestServer s3;

  @BeforeAll
  static void start() throws Exception {
    DockerHosts.assumeAvailable("The FlakeGuard rehearsal");
    Map<String, String> images = new LinkedHashMap<>();
    images.put("flakeguard-api:v1.0.0", "VERSION=v1.0.0");
    images.put("flakeguard-api:v1.1.0", "VERSION=v1.1.0");
    images.put("flakeguard-api:v1.2.0", "VERSION=v1.2.0");
    for (String sha : new String[] {OLD, NEW}) {
      images.put("assets-backend:" + sha, "VERSION=backend-" + sha.substring(0, 4));
      images.put("assets-frontend:" + sha, "VERSION=frontend-" + sha.substring(0, 4));
    }
    images.put("assets-backend:" + BAD, "VERSION=backend-" + BAD.substring(0, 4));
    images.put("assets-frontend:" + BAD, "VERSION=frontend-" + BAD.substring(0, 4));
    images.put(
        "assets-backend:" + BROKEN, "VERSION=backend-" + BROKEN.substring(0, 4) + " BROKEN=1");
    images.put("assets-frontend:" + BROKEN, "VERSION=frontend-" + BROKEN.substring(0, 4));
    docker = DockerHosts.start(tmp.resolve("d"), Path.of("").toAbsolutePath(), images);
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    key = Files.readString(LocalSshd.keygen(keys, "deploy", "ed25519", ""));
    Path home = docker.host("flakeguard", "");
    Files.createDirectories(home.resolve("flakeguard"));
    Files.writeString(
        home.resolve("flakeguard/docker-compose.yml"),
        COMPOSE.replace("REGISTRY", docker.registry()));
    host =
        LocalSshd.start(
            tmp.resolve("sshd"),
            Files.readString(keys.resolve("deploy.pub")),
            Map.of(
                "DOCKER_HOST",
                docker.dockerHost(),
                "HOME",
                home.toString(),
                "COMPOSE_PROJECT_NAME",
                "flakeguard"));
    String authorized = Files.readString(keys.resolve("deploy.pub"));
    staging = assetsHost("staging", authorized, ASSETS_PORTS[0], ASSETS_PORTS[1]);
    production = assetsHost("production", authorized, ASSETS_PORTS[2], ASSETS_PORTS[3]);
    s3 = new S3TestServer(Files.createDirectories(tmp.resolve("s3")));
    s3.createBucket("backups");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {host, staging, production, docker, s3}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * A server for Assets: ~/assets/compose.yml with the backend and the frontend, each on its own
   * port.
   */
  static LocalSshd assetsHost(String name, String authorized, int backendPort, int frontendPort)
      throws Exception {
    Path home = docker.host(name, "");
    Files.createDirectories(home.resolve("assets"));
    Files.writeString(
        home.resolve("assets/compose.yml"),
        """
        version: "2.4"
        services:
          backend:
            image: %1$s/assets-backend:${IMAGE_TAG}
            network_mode: host
            environment:
              PORT: "%2$d"
          frontend:
            image: %1$s/assets-frontend:${IMAGE_TAG}
            network_mode: host
            environment:
              PORT: "%3$d"
        """
            .formatted(docker.registry(), backendPort, frontendPort));
    return LocalSshd.start(
        tmp.resolve("sshd-" + name),
        authorized,
        Map.of(
            "DOCKER_HOST",
            docker.dockerHost(),
            "HOME",
            home.toString(),
            "COMPOSE_PROJECT_NAME",
            name));
  }

  /**
   * One commit's Assets release.yml: images, staging, then production, each environment with its
   * own variables.
   */
  static Map<String, WorkflowRehearsal.JobRun> assetsRelease(
      String sha, GitHubFake github, SlackFake slack) throws Exception {
    return assetsRelease(sha, github, slack, "http://127.0.0.1:" + ASSETS_PORTS[0], Clock.SYSTEM);
  }

  /**
   * As above, with staging's public URL (APP_URL: its /healthz is the check) in front of the
   * staging server, and the clock the deploy step runs on.
   */
  static Map<String, WorkflowRehearsal.JobRun> assetsRelease(
      String sha, GitHubFake github, SlackFake slack, String stagingUrl, Clock clock)
      throws Exception {
    Path workspace =
        Files.createDirectories(tmp.resolve("assets-" + sha.substring(0, 4)).resolve("repo"));
    try (WorkflowRehearsal run =
        WorkflowRehearsal.load(Path.of("examples/assets/release.yml"), workspace)
            .clock(clock)
            .github("sha", sha)
            .github("api_url", github.apiUrl())
            .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
            .secret("DEPLOY_SSH_KEY", key)
            .secret("GHCR_READ_TOKEN", docker.registryPassword())
            .var("IMAGE_OWNER", "acme")
            .var("GHCR_USER", DockerHosts.REGISTRY_USER)
            .var("REGISTRY", docker.registry())
            .var("DEPLOY_USER", "root")
            .secret("SLACK_BOT_TOKEN", SlackFake.TOKEN)
            .var("SLACK_CHANNEL", "#deploys")
            .redirect("slack-api-url", slack.apiUrl(), "slack-token")
            // production has required reviewers (README): a reviewer approves each release here.
            .requiredReviewers("production")
            .approve("production")
            .standIn("actions/checkout@", (ws, with) -> Map.of())
            .standIn("docker/", (ws, with) -> Map.of())) {
      run.run("images");
      run.var("DEPLOY_HOSTS", staging.address())
          .var("DEPLOY_KNOWN_HOSTS", staging.knownHostsLine())
          .var("APP_URL", stagingUrl);
      run.run("staging");
      run.var("DEPLOY_HOSTS", production.address())
          .var("DEPLOY_KNOWN_HOSTS", production.knownHostsLine())
          .var("APP_URL", "http://127.0.0.1:" + ASSETS_PORTS[2]);
      run.run("production");
      return run.finished();
    }
  }

  @Test
  void assetsShipsTheSameImagesToStagingThenProductionAndStagingCatchesAFailingCheck()
      throws Exception {
    try (GitHubFake github = new GitHubFake();
        SlackFake slack = new SlackFake(Clock.SYSTEM);
        ScriptedHealth failingProxy = new ScriptedHealth()) {
      failingProxy.health.put("/healthz", n -> 503);
      for (String sha : new String[] {OLD, NEW}) {
        var jobs = assetsRelease(sha, github, slack);
        assertThat(jobs.get("staging").status()).as(jobs.get("staging").log()).isEqualTo("success");
        assertThat(jobs.get("production").status())
            .as(jobs.get("production").log())
            .isEqualTo("success");
        String v = sha.substring(0, 4);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[0])).isEqualTo("200 backend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[1])).isEqualTo("200 frontend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[2])).isEqualTo("200 backend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[3])).isEqualTo("200 frontend-" + v);
      }
      assertThat(slack.messages())
          .as("one message per environment per release")
          .hasSize(4)
          .allSatisfy(m -> assertThat(m.body().toString()).contains("deployed"));

      // A release whose containers start but whose site fails its public check (APP_URL/healthz,
      // behind a proxy
      // answering 503): staging catches it and puts the previous images back; production (needs:
      // staging) never gets it.
      // The check fails only at its 5-minute deadline: the deploy step's clock skips
      // health-verify's waits.
      var jobs =
          assetsRelease(
              BAD,
              github,
              slack,
              failingProxy.baseUrl(),
              new SkippingClock("dev.flo.actions.step.healthverify"));
      var staging = jobs.get("staging");
      assertThat(staging.status()).isEqualTo("failure");
      assertThat(staging.step("Ship staging").outcome()).isEqualTo("failure");
      assertThat(staging.step("Ship staging").outputs())
          .as(staging.log())
          .containsEntry("outcome", "rolled-back")
          .containsEntry("rolled-back", "backend");
      assertThat(jobs.get("production").ran())
          .as("production never gets a release staging rolled back")
          .isFalse();
      String previous = NEW.substring(0, 4);
      assertThat(DockerHosts.healthz(ASSETS_PORTS[0]))
          .as("the last good release serves staging again")
          .isEqualTo("200 backend-" + previous);
      assertThat(DockerHosts.healthz(ASSETS_PORTS[1])).isEqualTo("200 frontend-" + previous);
      assertThat(DockerHosts.healthz(ASSETS_PORTS[2]))
          .as("production untouched")
          .isEqualTo("200 backend-" + previous);
      assertThat(slack.messages()).hasSize(5);
      assertThat(slack.messages().getLast().body().toString())
          .contains("rolled-back")
          .contains("staging");
      assertThat(staging.step("Ship staging").summary()).contains(NEW);
      assertThat(failingProxy.checks.get("/healthz").get())
          .as("the check went through the public URL")
          .isPositive();
      String printed =
          String.join(
              "\n", staging.log().lines().filter(l -> !l.startsWith("::add-mask::")).toList());
      assertThat(printed)
          .doesNotContain(docker.registryPassword())
          .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
    }
  }

  /** One tag's release.yml run, image job then deploy job, in a fresh workspace. */
  static Map<String, WorkflowRehearsal.JobRun> release(
      String tag, String database, GitHubFake github, ScriptedHealth health) throws Exception {
    return release(tag, tag, database, github, health, null);
  }

  /**
   * As above, in workspace ws-{@code folder}; with {@code cancelWhen}, the run is cancelled during
   * /health once it holds.
   */
  static Map<String, WorkflowRehearsal.JobRun> release(
      String tag,
      String folder,
      String database,
      GitHubFake github,
      ScriptedHealth health,
      java.util.function.BooleanSupplier cancelWhen)
      throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("ws-" + folder).resolve("repo"));
    try (WorkflowRehearsal run =
        WorkflowRehearsal.load(Path.of("examples/flakeguard/release.yml"), workspace)
            .clock(new FakeClock())
            .clock("deploy-backend", Clock.SYSTEM)
            .clock("rollback", Clock.SYSTEM)
            .github("ref", "refs/tags/" + tag)
            .github("ref_name", tag)
            .github("api_url", github.apiUrl())
            .secret("GITHUB_TOKEN", GitHubFake.TOKEN)
            .secret("DATABASE_URL", PostgresTestServer.url(database))
            .secret("BACKUP_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
            .secret("BACKUP_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)
            .secret("DEPLOY_SSH_KEY", key)
            .secret("GHCR_READ_TOKEN", docker.registryPassword())
            .var("BACKUP_DESTINATION", "s3://backups/flakeguard")
            .var("BACKUP_S3_ENDPOINT", s3.endpoint().toString())
            .var("BACKUP_REGION", "us-east-1")
            .var("DEPLOY_HOSTS", host.address())
            .var("DEPLOY_KNOWN_HOSTS", host.knownHostsLine())
            .var("DEPLOY_USER", "root")
            .var("REGISTRY", docker.registry())
            .var("REGISTRY_USER", DockerHosts.REGISTRY_USER)
            .var("API_URL", health.baseUrl() + "/api")
            .standIn(
                "actions/checkout@",
                (ws, with) -> {
                  Files.createDirectories(ws.resolve("apps/api/migrations"));
                  Files.writeString(
                      ws.resolve("apps/api/migrations/001_flakes.sql"),
                      "CREATE TABLE flakes (id bigserial PRIMARY KEY, test text NOT NULL);\n");
                  return Map.of();
                })
            .standIn("docker/", (ws, with) -> Map.of())) {
      if (cancelWhen != null) {
        run.cancelDuring("health", cancelWhen);
      }
      var jobs = run.runAll();
      if (cancelWhen != null) {
        System.out.printf(
            "FlakeGuard release cancelled during /health: exited on %s after %d ms%n",
            run.cancelled().endedBy(), run.cancelled().millisToExit());
      }
      return jobs;
    }
  }

  @Test
  void releasesShipTheTagAndAFailingHealthCheckPutsThePreviousTagBack() throws Exception {
    String db = PostgresTestServer.createDatabase("flakeguard");
    db = db.substring(db.lastIndexOf('/') + 1);
    try (GitHubFake github = new GitHubFake();
        ScriptedHealth health = new ScriptedHealth()) {
      var first = release("v1.0.0", db, github, health);
      assertThat(first.get("deploy").status()).as(first.get("deploy").log()).isEqualTo("success");
      assertThat(DockerHosts.healthz(PORT)).isEqualTo("200 v1.0.0");
      assertThat(PostgresTestServer.query(db, "select count(*) from flakes")).isEqualTo("0");

      var second = release("v1.1.0", db, github, health);
      var deploy = second.get("deploy");
      assertThat(deploy.status()).as(deploy.log()).isEqualTo("success");
      assertThat(deploy.step("backend").outputs())
          .containsEntry("deploy-id", "v1.1.0")
          .containsEntry("previous-deploy-id", "v1.0.0");
      assertThat(deploy.step("Roll back to the previous tag").ran()).isFalse();
      assertThat(DockerHosts.healthz(PORT)).isEqualTo("200 v1.1.0");

      health.health.put("/api/health", n -> 503);
      var third = release("v1.2.0", db, github, health);
      deploy = third.get("deploy");
      assertThat(deploy.status()).isEqualTo("failure");
      assertThat(deploy.step("health").outcome()).isEqualTo("failure");
      assertThat(deploy.step("Roll back to the previous tag").outcome())
          .as(deploy.log())
          .isEqualTo("success");
      assertThat(deploy.step("Roll back to the previous tag").outputs())
          .containsEntry("rolled-back-to", "v1.1.0");
      assertThat(DockerHosts.healthz(PORT))
          .as("the last good release serves again")
          .isEqualTo("200 v1.1.0");
      assertThat(s3.keys("backups", "flakeguard"))
          .as("a backup before each migrate")
          .hasSizeGreaterThanOrEqualTo(3);

      // The same tag again, and the run cancelled while /health waits (Cancel workflow): failure()
      // is false in a
      // cancelled run, and the rollback step still fires (its if: names cancelled()), the health
      // step having written
      // its outputs on the runner's SIGINT.
      int before = health.checks.get("/api/health").get();
      var cancelled =
          release(
              "v1.2.0",
              "v1.2.0-cancelled",
              db,
              github,
              health,
              () -> health.checks.get("/api/health").get() > before);
      var job = cancelled.get("deploy");
      assertThat(job.status()).isEqualTo("cancelled");
      assertThat(job.step("health").outcome()).isEqualTo("cancelled");
      assertThat(job.step("health").outputs()).as(job.log()).containsKey("healthy");
      assertThat(job.step("Roll back to the previous tag").outcome())
          .as(job.log())
          .isEqualTo("success");
      assertThat(job.step("Roll back to the previous tag").outputs())
          .containsEntry("rolled-back-to", "v1.1.0");
      assertThat(DockerHosts.healthz(PORT))
          .as("the last good release serves after the cancel")
          .isEqualTo("200 v1.1.0");
      String printed =
          String.join(
              "\n", deploy.log().lines().filter(l -> !l.startsWith("::add-mask::")).toList());
      assertThat(printed)
          .doesNotContain(docker.registryPassword())
          .doesNotContain(PostgresTestServer.PASSWORD)
          .doesNotContain(S3TestServer.SECRET_KEY)
          .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
    }
  }

  /**
   * The one-step deploy with {@code backend-provider: compose}, when the new containers never
   * become healthy: the Compose provider has already replaced the previous containers (Before 2222,
   * After 4444, "running, unhealthy"), so the failed deploy is live and deploy rolls it back to the
   * previous images. (It once counted a failed backend deploy as "nothing went live", true for
   * Render and Railway only, and left the broken containers serving.)
   */
  @Test
  void assetsReleaseWhoseContainersNeverBecomeHealthyPutsThePreviousImagesBack() throws Exception {
    try (GitHubFake github = new GitHubFake();
        SlackFake slack = new SlackFake(Clock.SYSTEM)) {
      assertThat(assetsRelease(NEW, github, slack).get("staging").status()).isEqualTo("success");
      var staging = assetsRelease(BROKEN, github, slack).get("staging");
      assertThat(staging.status()).isEqualTo("failure");
      assertThat(DockerHosts.healthz(ASSETS_PORTS[0]))
          .as("the last good release serves staging again\n" + staging.log())
          .isEqualTo("200 backend-" + NEW.substring(0, 4));
      assertThat(staging.step("Ship staging").outputs()).containsEntry("outcome", "rolled-back");
    }
  }
}
