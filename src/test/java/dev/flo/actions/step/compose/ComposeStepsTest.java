package dev.flo.actions.step.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.compose.DockerHosts;
import dev.flo.actions.provider.compose.LocalSshd;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy-backend} and {@code rollback} with {@code provider: compose}, end to end against
 * real parts: OpenSSH's sshd on loopback (one per "host"), a private dockerd, the host's Compose
 * (Debian 12: v1 docker-compose; GitHub's Ubuntu runners: the v2 plugin, which the provider
 * prefers), docker-registry with a password, and busybox images serving {@code /healthz}. The tests
 * build on each other, in order, like a team's week of releases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStepsTest {
  private static final int PORT_A = 18461;
  private static final int PORT_B = 18462;
  private static final String COMPOSE =
      """
      version: "2.4"
      services:
        api:
          image: REGISTRY/REPO:${IMAGE_TAG}
          network_mode: host
          environment:
            PORT: "PORTNUM"
      """;

  @TempDir static Path tmp;
  static DockerHosts docker;
  static LocalSshd hostA;
  static LocalSshd hostB;
  static String key;
  static Path homeA;

  @BeforeAll
  static void start() throws Exception {
    DockerHosts.assumeAvailable("The Compose-over-SSH tests");
    Map<String, String> images = new LinkedHashMap<>();
    images.put("api:v1", "VERSION=v1");
    images.put("api:v2", "VERSION=v2");
    images.put("api:v3", "VERSION=v3 BROKEN=1");
    images.put("api-b:v1", "VERSION=v1");
    images.put("api-b:v2", "VERSION=v2 BROKEN=1");
    long t0 = System.nanoTime();
    docker = DockerHosts.start(tmp.resolve("d"), Path.of("").toAbsolutePath(), images);
    System.out.println(
        "Docker, registry and 5 images ready in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms; Compose: "
            + DockerHosts.compose());
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    key = Files.readString(LocalSshd.keygen(keys, "deploy", "ed25519", ""));
    String authorized = Files.readString(keys.resolve("deploy.pub"));
    homeA = docker.host("a", COMPOSE.replace("REPO", "api").replace("PORTNUM", "" + PORT_A));
    Path homeB = docker.host("b", COMPOSE.replace("REPO", "api-b").replace("PORTNUM", "" + PORT_B));
    hostA =
        LocalSshd.start(
            tmp.resolve("sshd-a"),
            authorized,
            Map.of(
                "DOCKER_HOST",
                docker.dockerHost(),
                "HOME",
                homeA.toString(),
                "COMPOSE_PROJECT_NAME",
                "hosta"));
    hostB =
        LocalSshd.start(
            tmp.resolve("sshd-b"),
            authorized,
            Map.of(
                "DOCKER_HOST",
                docker.dockerHost(),
                "HOME",
                homeB.toString(),
                "COMPOSE_PROJECT_NAME",
                "hostb"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {hostA, hostB, docker}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static StepHarness deploy(String tag, LocalSshd... hosts) throws Exception {
    return common(new StepHarness(DeployBackendStep.DEFINITION, tmp), hosts)
        .input("image-tag", tag);
  }

  private static StepHarness rollback(LocalSshd... hosts) throws Exception {
    return common(new StepHarness(RollbackStep.DEFINITION, tmp), hosts);
  }

  private static StepHarness common(StepHarness h, LocalSshd... hosts) throws Exception {
    List<String> addresses = new ArrayList<>();
    StringBuilder known = new StringBuilder();
    for (LocalSshd s : hosts) {
      addresses.add(s.address());
      known.append(s.knownHostsLine()).append('\n');
    }
    return h.clock(Clock.SYSTEM)
        .input("provider", "compose")
        .input("hosts", String.join("\n", addresses))
        .input("user", "root")
        .input("ssh-key", key)
        .input("known-hosts", known.toString())
        .input("compose-dir", "~/app")
        .input("registry", docker.registry())
        .input("registry-username", DockerHosts.REGISTRY_USER)
        .input("registry-password", docker.registryPassword())
        .input("timeout", "60s")
        .input("lock-timeout", "60s")
        .input("github-deployment", "false");
  }

  private static List<String> history(Path home) throws Exception {
    Path f = home.resolve("app/.flo/releases");
    return Files.exists(f)
        ? Files.readAllLines(f).stream()
            .map(l -> l.split("\t")[1] + " " + l.split("\t")[2])
            .toList()
        : List.of();
  }

  @Test
  @Order(1)
  void deploysV1ThenV2WithHistoryAndOutputs() throws Exception {
    StepHarness.Result first = deploy("v1", hostA).run();
    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v1");

    StepHarness.Result second = deploy("v2", hostA).run();
    assertThat(second.exitCode()).as(second.stdout()).isZero();
    assertThat(second.output("deploy-id")).isEqualTo("v2");
    assertThat(second.output("previous-deploy-id")).isEqualTo("v1");
    assertThat(second.output("status")).isEqualTo("healthy");
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v2");
    assertThat(history(homeA)).containsExactly("deploy v1", "deploy v2");
    assertThat(Files.readString(homeA.resolve("app/.flo/releases")))
        .contains(
            "0123456789abcdef0123456789abcdef01234567",
            "https://github.com/acme/shop/actions/runs/42");
    assertThat(second.summary())
        .contains("| " + hostA.address() + " | v1 | v2 | updated, healthy |");
  }

  @Test
  @Order(2)
  void reRunOfAFinishedDeployChangesNothing() throws Exception {
    StepHarness.Result again = deploy("v2", hostA).run();
    assertThat(again.exitCode()).as(again.stdout()).isZero();
    assertThat(again.output("status")).isEqualTo("unchanged");
    assertThat(again.stdout()).contains("v2 already serves, healthy: nothing to change");
    assertThat(history(homeA)).containsExactly("deploy v1", "deploy v2");
  }

  @Test
  @Order(3)
  void unhealthyV3FailsWithItsLogThenRollbackRestoresV2() throws Exception {
    StepHarness.Result bad = deploy("v3", hostA).run();
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.output("status")).isEqualTo("failed");
    assertThat(bad.output("previous-deploy-id")).isEqualTo("v2");
    assertThat(bad.annotations("error"))
        .singleElement()
        .asString()
        .contains("v3 did not become healthy on " + hostA.address())
        .contains("rollback");
    assertThat(bad.stdout()).doesNotContain("at dev.flo");
    // The health wait says what it waits for, the containers' states it saw and the time left.
    assertThat(bad.lines())
        .anyMatch(
            l ->
                l.startsWith(
                        hostA.address() + ": waiting for the containers of v3 to run healthy: ")
                    && l.contains("v3")
                    && l.endsWith(" left"));
    // The app's log lines, fenced so a line from the app cannot act as a workflow command.
    int fence = bad.stdout().indexOf("::stop-commands::");
    assertThat(fence).isPositive();
    assertThat(bad.stdout().substring(fence)).contains("v3: cannot reach the database");
    assertThat(history(homeA)).containsExactly("deploy v1", "deploy v2");

    StepHarness.Result back = rollback(hostA).input("deploy-id", "v3").run();
    assertThat(back.exitCode()).as(back.stdout()).isZero();
    assertThat(back.output("rolled-back-to")).isEqualTo("v2");
    assertThat(back.stdout()).contains("the images of v2 are on the host; no pull");
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v2");
    assertThat(history(homeA)).containsExactly("deploy v1", "deploy v2", "rollback v2");

    StepHarness.Result twice = rollback(hostA).run();
    assertThat(twice.exitCode()).as(twice.stdout()).isZero();
    assertThat(twice.stdout()).contains("v2 already serves, healthy: nothing to roll back");
    assertThat(history(homeA)).hasSize(3);
  }

  @Test
  @Order(4)
  void aChangedHostKeyIsRefusedBeforeAuthenticationWithItsFingerprint() throws Exception {
    String fingerprint = hostA.fingerprint();
    String otherKey =
        LocalSshd.exec(List.of("sh", "-c", "cat " + tmp.resolve("sshd-b/host_key.pub")))
            .strip()
            .split(" ")[1];
    StepHarness.Result r =
        deploy("v1", hostA)
            .input("known-hosts", "[127.0.0.1]:" + hostA.port() + " ssh-ed25519 " + otherKey)
            .run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.annotations("error"))
        .singleElement()
        .asString()
        .contains("does not match `known-hosts`")
        .contains(fingerprint)
        .contains("ssh-keyscan -p " + hostA.port() + " 127.0.0.1");
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v2");
  }

  @Test
  @Order(5)
  void aKeyTheHostDoesNotKnowIsAClearAuthError() throws Exception {
    String stranger =
        Files.readString(
            LocalSshd.keygen(Files.createDirectories(tmp.resolve("stranger")), "k", "ecdsa", ""));
    StepHarness.Result r = deploy("v1", hostA).input("ssh-key", stranger).run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.annotations("error"))
        .singleElement()
        .asString()
        .contains("refused the SSH key for user 'root'")
        .contains("authorized_keys");
    assertThat(r.output("status")).isEqualTo("failed");
  }

  @Test
  @Order(6)
  void twoDeploysAtOnceTakeTurnsOnTheLock() throws Exception {
    List<StepHarness.Result> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<StepHarness.Result>> runs =
          List.of(
              pool.submit(() -> deploy("v1", hostA).run()),
              pool.submit(() -> deploy("v1", hostA).run()));
      for (Future<StepHarness.Result> f : runs) {
        results.add(f.get());
      }
    }
    assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.stdout()).isZero());
    assertThat(results)
        .extracting(r -> r.output("status"))
        .containsExactlyInAnyOrder("healthy", "unchanged");
    assertThat(results)
        .anySatisfy(r -> assertThat(r.stdout()).contains("s for the lock, held by "));
    assertThat(history(homeA))
        .containsExactly("deploy v1", "deploy v2", "rollback v2", "deploy v1");
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v1");
  }

  @Test
  @Order(7)
  void twoHostsWithTheSecondFailingThenRollbackRestoresBoth() throws Exception {
    StepHarness.Result b1 = deploy("v1", hostB).run();
    assertThat(b1.exitCode()).as(b1.stdout()).isZero();
    assertThat(DockerHosts.healthz(PORT_B)).isEqualTo("200 v1");

    StepHarness.Result fleet = deploy("v2", hostA, hostB).run();
    assertThat(fleet.exitCode()).isEqualTo(1);
    assertThat(fleet.annotations("error"))
        .singleElement()
        .asString()
        .contains("failed on " + hostB.address())
        .contains("1 host(s) were updated before");
    assertThat(fleet.summary())
        .contains("| " + hostA.address() + " | v1 | v2 | updated, healthy |")
        .contains("| " + hostB.address() + " | v1 |");
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v2");

    StepHarness.Result back =
        rollback(hostA, hostB).input("deploy-id", "v2").input("max-parallel", "2").run();
    assertThat(back.exitCode()).as(back.stdout()).isZero();
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v1");
    assertThat(DockerHosts.healthz(PORT_B)).isEqualTo("200 v1");
    assertThat(back.summary())
        .contains("| " + hostA.address() + " | v2 | v1 | updated, healthy |")
        .contains("| " + hostB.address() + " | v2 | v1 | updated, healthy |");
  }

  @Test
  @Order(8)
  void theRegistryPasswordNeverShowsInAProcessListOrTheLog() throws Exception {
    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    try {
                      seen.add(LocalSshd.exec(List.of("ps", "-eo", "args")));
                    } catch (Exception e) {
                      seen.add("ps failed: " + e);
                    }
                  }
                });
    StepHarness.Result r;
    try {
      r = deploy("v2", hostA).run();
    } finally {
      done.set(true);
      watcher.join(Duration.ofSeconds(10));
    }
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(seen).hasSizeGreaterThan(3).noneMatch(ps -> ps.contains(docker.registryPassword()));
    assertThat(seen)
        .anyMatch(
            ps ->
                ps.contains("docker login")
                    || ps.contains("docker-compose")
                    || ps.contains("docker inspect"));
    // Only the runner's own mask registration names it (the runner hides that line).
    assertThat(r.lines())
        .filteredOn(l -> !l.startsWith("::add-mask::"))
        .noneMatch(l -> l.contains(docker.registryPassword()));
    assertThat(r.summary()).doesNotContain(docker.registryPassword());
    // Logged out again: no credentials stay on the host.
    assertThat(Files.readString(homeA.resolve(".docker/config.json")))
        .doesNotContain(docker.registry() + "\": {\n\t\t\t\"auth\"");
    assertThat(Files.readString(homeA.resolve(".docker/config.json"))).doesNotContain("\"auth\"");
  }

  @Test
  @Order(9)
  void dryRunReadsTheHostAndChangesNothing() throws Exception {
    List<String> before = history(homeA);
    StepHarness.Result r = deploy("v3", hostA).input("dry-run", "true").run();
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.output("status")).isEqualTo("dry-run");
    assertThat(r.stdout())
        .contains("deploy v3 (serving now: v2)")
        .contains("a real run would take the lock");
    assertThat(history(homeA)).isEqualTo(before);
    assertThat(DockerHosts.healthz(PORT_A)).isEqualTo("200 v2");
  }
}
