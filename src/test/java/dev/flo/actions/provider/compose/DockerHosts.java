package dev.flo.actions.provider.compose;

import dev.flo.actions.testing.InstalledTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The real parts a Compose deploy test needs, on loopback: a private dockerd started the way {@code
 * .ci/local-image.sh} starts it (its own socket and data root, {@code --bridge=none}), Debian's or
 * Ubuntu's docker-registry with a password, and tiny images made from busybox-static that serve
 * {@code /healthz} with their version and declare a healthcheck. No registry outside is ever asked.
 * The tools are found by name ({@link InstalledTools}), and Compose is whichever the host has, as
 * the provider picks it: the v2 plugin ({@code docker compose}, GitHub's Ubuntu runners) before v1
 * ({@code docker-compose}, Debian 12's only one).
 */
public final class DockerHosts implements AutoCloseable {
  public static final String REGISTRY_USER = "deployer";
  private static final String[] TOOLS = {
    "dockerd", "docker", "docker-registry", "busybox", "flock"
  };

  private final Path scratch;
  private final Path repoRoot;
  private Process registry;
  private int registryPort;
  private final String registryPassword;

  private DockerHosts(Path scratch, Path repoRoot) {
    this.scratch = scratch;
    this.repoRoot = repoRoot;
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    this.registryPassword = "pw-" + java.util.HexFormat.of().formatHex(b);
  }

  /** Why the parts cannot run here, or null when they can. */
  public static String missing() {
    List<String> absent = new ArrayList<>(InstalledTools.missing(TOOLS));
    if (compose() == null) {
      absent.add("Compose (docker compose or docker-compose)");
    }
    Optional<Path> busybox = InstalledTools.find("busybox");
    try {
      if (busybox.isPresent() && !InstalledTools.isStatic(busybox.get())) {
        absent.add("a static busybox (" + busybox.get() + " is dynamically linked)");
      }
    } catch (IOException e) {
      absent.add("a readable busybox (" + e.getMessage() + ")");
    }
    if (!absent.isEmpty()) {
      return "missing "
          + String.join(", ", absent)
          + " (.ci/run installs what this distribution calls them: docs/contributing.md)";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "dockerd needs root";
    }
    return null;
  }

  /**
   * The Compose the provider will find on this host, as its own probe looks ({@code
   * ComposeHost.detect}): {@code docker compose version} first, else {@code docker-compose} on
   * PATH; null when neither.
   */
  public static String compose() {
    try {
      Process p =
          new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return "v2 plugin: " + out;
      }
      p.destroyForcibly();
    } catch (IOException notThere) {
      // No docker CLI at all: missing() says so.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return InstalledTools.find("docker-compose").map(p -> "v1 " + p).orElse(null);
  }

  /**
   * For a test class that needs Docker and sshd: skips it here when they are missing, fails it
   * under CI (where .ci/run installs them).
   */
  public static void assumeAvailable(String what) {
    String missing = missing();
    if (missing == null && !LocalSshd.available()) {
      missing = "openssh-server is not installed";
    }
    if (missing != null && "true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail(
          what + " cannot run: " + missing + ". CI must provide them (.ci/run installs them).");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        missing == null, "skipping " + what + ": " + missing);
  }

  /** Starts dockerd and the registry, builds the images and pushes them. Several seconds. */
  public static DockerHosts start(Path scratch, Path repoRoot, Map<String, String> images)
      throws IOException, InterruptedException {
    DockerHosts d = new DockerHosts(Files.createDirectories(scratch), repoRoot);
    try {
      d.startDaemon();
      d.startRegistry();
      d.buildImages(images);
      return d;
    } catch (IOException | InterruptedException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  public String dockerHost() {
    return "unix://" + scratch.resolve("docker.sock");
  }

  public String registry() {
    return "127.0.0.1:" + registryPort;
  }

  public String registryPassword() {
    return registryPassword;
  }

  private void startDaemon() throws IOException, InterruptedException {
    // .ci/local-image.sh's own start_dockerd, so the test and the container test start Docker the
    // same way.
    bash(
        "S="
            + scratch
            + "; started=$SECONDS; fail() { echo \"$*\" >&2; exit 1; }; . .ci/local-image.sh; start_dockerd",
        Duration.ofSeconds(60));
  }

  private void startRegistry() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(scratch.resolve("registry"));
    try (ServerSocket s = new ServerSocket(0)) {
      registryPort = s.getLocalPort();
    }
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(
        dir.resolve("htpasswd"),
        REGISTRY_USER
            + ":"
            + OpenBSDBCrypt.generate("2a", registryPassword.toCharArray(), salt, 6)
            + "\n");
    Files.writeString(
        dir.resolve("config.yml"),
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        auth:
          htpasswd:
            realm: flo-test
            path: %s
        """
            .formatted(dir.resolve("data"), registryPort, dir.resolve("htpasswd")));
    registry =
        new ProcessBuilder(
                InstalledTools.find("docker-registry").orElseThrow().toString(),
                "serve",
                dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 100; i++) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://" + registry() + "/v2/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (!registry.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new IOException(
        "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
  }

  /**
   * Builds {@code repository:tag} images from busybox-static with no pull: {@code images} maps each
   * to its {@code ENV} lines ({@code VERSION=v1}, and {@code BROKEN=1} for one that never becomes
   * healthy), pushes them to the registry and removes them locally, so every deploy really pulls.
   */
  private void buildImages(Map<String, String> images) throws IOException, InterruptedException {
    Path root = Files.createDirectories(scratch.resolve("busybox/bin"));
    Files.copy(InstalledTools.find("busybox").orElseThrow(), root.resolve("busybox"));
    StringBuilder script =
        new StringBuilder(
            "set -e; cd "
                + root
                + "; for a in sh wget httpd mkdir echo sleep cat; do ln -s busybox $a; done; cd ..; ");
    script.append("tar -c . | docker import - flo-test/busybox >/dev/null; ");
    script
        .append("echo ")
        .append(quote(registryPassword))
        .append(" | docker login -u ")
        .append(REGISTRY_USER)
        .append(" --password-stdin ")
        .append(registry())
        .append(" >/dev/null; ");
    for (Map.Entry<String, String> e : images.entrySet()) {
      String dockerfile =
          """
          FROM flo-test/busybox
          ENV %s
          HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD wget -q -O- "http://127.0.0.1:$PORT/healthz" || exit 1
          CMD if [ -n "$BROKEN" ]; then echo "$VERSION: cannot reach the database"; echo "$VERSION: giving up"; exec sleep 3600; fi; mkdir -p /www && echo "$VERSION" > /www/healthz && exec httpd -f -p "127.0.0.1:$PORT" -h /www
          """
              .formatted(e.getValue());
      String ref = registry() + "/" + e.getKey();
      script
          .append("printf '%s' ")
          .append(quote(dockerfile))
          .append(" | DOCKER_BUILDKIT=0 docker build -q -t ")
          .append(ref)
          .append(" - >/dev/null; ");
      script
          .append("docker push ")
          .append(ref)
          .append(" >/dev/null; docker rmi ")
          .append(ref)
          .append(" >/dev/null; ");
    }
    script.append("docker logout ").append(registry()).append(" >/dev/null");
    bash(script.toString(), Duration.ofSeconds(120));
  }

  /** A folder for one host: its HOME (the deploy user's ~) with ~/app holding the compose file. */
  public Path host(String name, String composeFile) throws IOException {
    Path home = Files.createDirectories(scratch.resolve("hosts").resolve(name));
    Files.createDirectories(home.resolve("app"));
    Files.writeString(
        home.resolve("app/docker-compose.yml"), composeFile.replace("REGISTRY", registry()));
    return home;
  }

  /** What {@code /healthz} on this port answers now. */
  public static String healthz(int port) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body().strip();
    } catch (IOException e) {
      return "no answer (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  public String docker(String args) throws IOException, InterruptedException {
    return bash("docker " + args, Duration.ofSeconds(60));
  }

  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  public String bash(String script, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script)
            .directory(repoRoot.toFile())
            .redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", dockerHost());
    pb.environment().put("DOCKER_CONFIG", scratch.resolve("docker-config").toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + script);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          "exit " + p.exitValue() + ": " + script.replace(registryPassword, "***") + "\n" + text);
    }
    return text;
  }

  @Override
  public void close() throws InterruptedException {
    if (registry != null) {
      registry.destroy();
      registry.waitFor(5, TimeUnit.SECONDS);
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "S="
                    + scratch
                    + "; . .ci/local-image.sh; DOCKERD_PID=$(cat $S/dockerd.pid 2>/dev/null || true); local_image_cleanup 0"));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(repoRoot.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Best effort: the scratch folder is in the test's temp dir.
    }
  }
}
