package dev.flo.actions.provider.compose;

import dev.flo.actions.testing.InstalledTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's server (Debian's or Ubuntu's openssh-server, found by name) on loopback, started by a
 * test: its own generated host key, an authorized key, and {@code SetEnv} lines (how a test points
 * {@code DOCKER_HOST} and {@code HOME} at its own daemon and folder).
 */
public final class LocalSshd implements AutoCloseable {
  /**
   * sshd wherever the distribution puts it (/usr/sbin on Debian and Ubuntu), or a name that says it
   * is missing.
   */
  public static final Path SSHD =
      InstalledTools.find("sshd").orElse(Path.of("sshd (not installed)"));

  private final Process process;
  private final int port;
  private final Path dir;

  private LocalSshd(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static boolean available() {
    return InstalledTools.missing("sshd", "ssh-keygen").isEmpty();
  }

  /**
   * Generates a key pair with {@code ssh-keygen}; returns the private key file (the public one is
   * beside it).
   */
  public static Path keygen(Path dir, String name, String type, String passphrase)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                name,
                "-f",
                key.toString()));
    if (type.equals("rsa")) {
      cmd.addAll(List.of("-b", "2048"));
    }
    exec(cmd);
    return key;
  }

  public static String exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  /**
   * @param authorized the {@code authorized_keys} text
   * @param env {@code SetEnv} values for every session
   */
  public static LocalSshd start(Path dir, String authorized, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path hostKey = dir.resolve("host_key");
    if (!Files.exists(hostKey)) {
      keygen(dir, "host_key", "ed25519", "");
    }
    Files.writeString(dir.resolve("authorized_keys"), authorized);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringBuilder config = new StringBuilder();
    config
        .append("Port ")
        .append(port)
        .append("\nListenAddress 127.0.0.1\nHostKey ")
        .append(hostKey)
        .append("\nAuthorizedKeysFile ")
        .append(dir.resolve("authorized_keys"))
        .append(
            "\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin yes\nPidFile ")
        .append(dir.resolve("sshd.pid"))
        .append("\nLogLevel VERBOSE\n");
    if (!env.isEmpty()) {
      config.append("SetEnv");
      env.forEach((k, v) -> config.append(' ').append(k).append('=').append(v));
      config.append('\n');
    }
    Path cfg = dir.resolve("sshd_config");
    Files.writeString(cfg, config);
    Files.createDirectories(Path.of("/run/sshd"));
    Process p =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    for (int i = 0; i < 100; i++) {
      if (!p.isAlive()) {
        throw new IOException(
            "sshd exited at start-up: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return new LocalSshd(p, port, dir);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroy();
    throw new IOException(
        "sshd did not listen on "
            + port
            + " within 5 s: "
            + Files.readString(dir.resolve("sshd.log")));
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The {@code known_hosts} line, as {@code ssh-keyscan -p PORT 127.0.0.1} prints it. */
  public String knownHostsLine() throws IOException {
    String[] pub = Files.readString(dir.resolve("host_key.pub")).strip().split(" ");
    return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
  }

  /** {@code SHA256:…} of the host key, from ssh-keygen itself. */
  public String fingerprint() throws IOException, InterruptedException {
    return exec(List.of("ssh-keygen", "-lf", dir.resolve("host_key.pub").toString())).split(" ")[1];
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
