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
 * The Compose-over-SSH examples rehearsed against real parts. FlakeGuard's release.yml: the tag's image job (Docker actions stood in), then the
 * deploy job's backup (PostgreSQL → S3 server), migrate, Compose over SSH (Debian's sshd, a private dockerd, a
 * registry with busybox images) and the rollback to the previous tag when /health fails. Assets' release.yml: both
 * images to staging, then production (needs: staging), with the one-step deploy and each container's real /healthz.
 */
class ComposeRehearsalTest {
  private static final int PORT = 18471;
  private static final String COMPOSE = """
      version: "2.4"
      services:
        api:
          image: REGISTRY/flakeguard-api:${IMAGE_TAG}
          network_mode: host
          environment:
            PORT: "%d"
      """.formatted(PORT);

  private static final String OLD = "1111111111111111111111111111111111111111";
  private static final String NEW = "2222222222222222222222222222222222222222";
  private static final int[] ASSETS_PORTS = {18481, 18482, 18483, 18484};

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
    docker = DockerHosts.start(tmp.resolve("d"), Path.of("").toAbsolutePath(), images);
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    key = Files.readString(LocalSshd.keygen(keys, "deploy", "ed25519", ""));
    Path home = docker.host("flakeguard", "");
    Files.createDirectories(home.resolve("flakeguard"));
    Files.writeString(home.resolve("flakeguard/docker-compose.yml"), COMPOSE.replace("REGISTRY", docker.registry()));
    host = LocalSshd.start(tmp.resolve("sshd"), Files.readString(keys.resolve("deploy.pub")),
        Map.of("DOCKER_HOST", docker.dockerHost(), "HOME", home.toString(), "COMPOSE_PROJECT_NAME", "flakeguard"));
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

  /** A server for Assets: ~/assets/compose.yml with the backend and the frontend, each on its own port. */
  static LocalSshd assetsHost(String name, String authorized, int backendPort, int frontendPort) throws Exception {
    Path home = docker.host(name, "");
    Files.createDirectories(home.resolve("assets"));
    Files.writeString(home.resolve("assets/compose.yml"), """
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
        """.formatted(docker.registry(), backendPort, frontendPort));
    return LocalSshd.start(tmp.resolve("sshd-" + name), authorized, Map.of("DOCKER_HOST", docker.dockerHost(), "HOME", home.toString(), "COMPOSE_PROJECT_NAME", name));
  }

  /** One commit's Assets release.yml: images, staging, then production, each environment with its own variables. */
  static Map<String, WorkflowRehearsal.JobRun> assetsRelease(String sha, GitHubFake github, SlackFake slack) throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("assets-" + sha.substring(0, 4)).resolve("repo"));
    try (WorkflowRehearsal run = WorkflowRehearsal.load(Path.of("examples/assets/release.yml"), workspace)
        .clock(Clock.SYSTEM)
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
        .standIn("actions/checkout@", (ws, with) -> Map.of())
        .standIn("docker/", (ws, with) -> Map.of())) {
      run.run("images");
      run.var("DEPLOY_HOSTS", staging.address()).var("DEPLOY_KNOWN_HOSTS", staging.knownHostsLine()).var("APP_URL", "http://127.0.0.1:" + ASSETS_PORTS[0]);
      run.run("staging");
      run.var("DEPLOY_HOSTS", production.address()).var("DEPLOY_KNOWN_HOSTS", production.knownHostsLine()).var("APP_URL", "http://127.0.0.1:" + ASSETS_PORTS[2]);
      run.run("production");
      return run.finished();
    }
  }

  @Test
  void assetsShipsTheSameImagesToStagingThenProduction() throws Exception {
    try (GitHubFake github = new GitHubFake(); SlackFake slack = new SlackFake(Clock.SYSTEM)) {
      for (String sha : new String[] {OLD, NEW}) {
        var jobs = assetsRelease(sha, github, slack);
        assertThat(jobs.get("staging").status()).as(jobs.get("staging").log()).isEqualTo("success");
        assertThat(jobs.get("production").status()).as(jobs.get("production").log()).isEqualTo("success");
        String v = sha.substring(0, 4);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[0])).isEqualTo("200 backend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[1])).isEqualTo("200 frontend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[2])).isEqualTo("200 backend-" + v);
        assertThat(DockerHosts.healthz(ASSETS_PORTS[3])).isEqualTo("200 frontend-" + v);
      }
      assertThat(slack.messages()).as("one message per environment per release").hasSize(4)
          .allSatisfy(m -> assertThat(m.body().toString()).contains("deployed"));
    }
  }

  /** One tag's release.yml run, image job then deploy job, in a fresh workspace. */
  static Map<String, WorkflowRehearsal.JobRun> release(String tag, String database, GitHubFake github, ScriptedHealth health) throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("ws-" + tag).resolve("repo"));
    try (WorkflowRehearsal run = WorkflowRehearsal.load(Path.of("examples/flakeguard/release.yml"), workspace)
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
        .standIn("actions/checkout@", (ws, with) -> {
          Files.createDirectories(ws.resolve("apps/api/migrations"));
          Files.writeString(ws.resolve("apps/api/migrations/001_flakes.sql"), "CREATE TABLE flakes (id bigserial PRIMARY KEY, test text NOT NULL);\n");
          return Map.of();
        })
        .standIn("docker/", (ws, with) -> Map.of())) {
      return run.runAll();
    }
  }

  @Test
  void releasesShipTheTagAndAFailingHealthCheckPutsThePreviousTagBack() throws Exception {
    String db = PostgresTestServer.createDatabase("flakeguard");
    db = db.substring(db.lastIndexOf('/') + 1);
    try (GitHubFake github = new GitHubFake(); ScriptedHealth health = new ScriptedHealth()) {
      var first = release("v1.0.0", db, github, health);
      assertThat(first.get("deploy").status()).as(first.get("deploy").log()).isEqualTo("success");
      assertThat(DockerHosts.healthz(PORT)).isEqualTo("200 v1.0.0");
      assertThat(PostgresTestServer.query(db, "select count(*) from flakes")).isEqualTo("0");

      var second = release("v1.1.0", db, github, health);
      var deploy = second.get("deploy");
      assertThat(deploy.status()).as(deploy.log()).isEqualTo("success");
      assertThat(deploy.step("backend").outputs()).containsEntry("deploy-id", "v1.1.0").containsEntry("previous-deploy-id", "v1.0.0");
      assertThat(deploy.step("Roll back to the previous tag").ran()).isFalse();
      assertThat(DockerHosts.healthz(PORT)).isEqualTo("200 v1.1.0");

      health.health.put("/api/health", n -> 503);
      var third = release("v1.2.0", db, github, health);
      deploy = third.get("deploy");
      assertThat(deploy.status()).isEqualTo("failure");
      assertThat(deploy.step("health").outcome()).isEqualTo("failure");
      assertThat(deploy.step("Roll back to the previous tag").outcome()).as(deploy.log()).isEqualTo("success");
      assertThat(deploy.step("Roll back to the previous tag").outputs()).containsEntry("rolled-back-to", "v1.1.0");
      assertThat(DockerHosts.healthz(PORT)).as("the last good release serves again").isEqualTo("200 v1.1.0");
      assertThat(s3.keys("backups", "flakeguard")).as("a backup before each migrate").hasSizeGreaterThanOrEqualTo(3);
      String printed = String.join("\n", deploy.log().lines().filter(l -> !l.startsWith("::add-mask::")).toList());
      assertThat(printed).doesNotContain(docker.registryPassword()).doesNotContain(PostgresTestServer.PASSWORD).doesNotContain(S3TestServer.SECRET_KEY)
          .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
    }
  }
}
