package dev.flo.actions.provider.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import dev.flo.actions.runtime.runner.Secret;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH client against Debian's real OpenSSH server on loopback. */
class SshConnectorTest {
  @TempDir static Path dir;
  static LocalSshd sshd;
  static Path ed25519;
  static Path ecdsa;
  static Path rsaWithPassphrase;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        LocalSshd.available() || "true".equals(System.getenv("CI")),
        "openssh-server is not installed: skipping the SSH tests");
    ed25519 = LocalSshd.keygen(dir, "ed25519", "ed25519", "");
    ecdsa = LocalSshd.keygen(dir, "ecdsa", "ecdsa", "");
    rsaWithPassphrase = LocalSshd.keygen(dir, "rsa", "rsa", "open sesame");
    String authorized =
        Files.readString(dir.resolve("ed25519.pub"))
            + Files.readString(dir.resolve("ecdsa.pub"))
            + Files.readString(dir.resolve("rsa.pub"));
    sshd = LocalSshd.start(dir.resolve("sshd"), authorized, Map.of("FLO_TEST", "from-sshd"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  private static SshConnector connector(Path key, String passphrase, String knownHosts)
      throws Exception {
    return SshConnector.start(
        "root",
        Secret.of(Files.readString(key)),
        passphrase == null ? null : Secret.of(passphrase),
        KnownHosts.parse(knownHosts),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15));
  }

  @Test
  void runsCommandsWithEachKeyTypeAndFeedsStdin() throws Exception {
    for (Path key : new Path[] {ed25519, ecdsa}) {
      try (SshConnector c = connector(key, null, sshd.knownHostsLine());
          SshSession s = c.open(SshAddress.parse(sshd.address()))) {
        SshSession.Result r =
            s.run(
                "cat; echo \" $FLO_TEST\"; echo oops >&2; exit 3",
                "fed on stdin".getBytes(),
                Duration.ofSeconds(10),
                1000);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("fed on stdin from-sshd\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
      }
    }
    try (SshConnector c = connector(rsaWithPassphrase, "open sesame", sshd.knownHostsLine());
        SshSession s = c.open(SshAddress.parse(sshd.address()))) {
      assertThat(s.check("echo rsa", Duration.ofSeconds(10), 100)).isEqualTo("rsa\n");
    }
  }

  @Test
  void boundsOutputAndEnforcesTheDeadline() throws Exception {
    try (SshConnector c = connector(ed25519, null, sshd.knownHostsLine());
        SshSession s = c.open(SshAddress.parse(sshd.address()))) {
      SshSession.Result r =
          s.run("head -c 100000 /dev/zero | tr '\\0' x", null, Duration.ofSeconds(10), 1000);
      assertThat(r.stdout()).startsWith("x".repeat(1000) + "\n[99000 more bytes not kept]");
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.run("sleep 30", null, Duration.ofMillis(800), 100))
          .isInstanceOfSatisfying(
              ComposeException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void changedHostKeyIsRefusedBeforeAuthenticationWithTheFingerprint() throws Exception {
    Path other = LocalSshd.keygen(dir, "other_host", "ed25519", "");
    String[] pub = Files.readString(other.resolveSibling("other_host.pub")).split(" ");
    String wrong = "[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1];
    String fingerprint = sshd.fingerprint();
    try (SshConnector c = connector(ed25519, null, wrong)) {
      assertThatThrownBy(() -> c.open(SshAddress.parse(sshd.address())))
          .isInstanceOfSatisfying(
              ComposeException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.HOST_KEY);
                assertThat(e.getMessage()).contains("does not match").contains(fingerprint);
                assertThat(e.advice()).contains("ssh-keyscan -p " + sshd.port() + " 127.0.0.1");
              });
    }
    // sshd saw no authentication attempt for this connection: no "Accepted" or "Failed publickey"
    // line.
    assertThat(sshd.log()).doesNotContain("Failed publickey");
  }

  @Test
  void unknownHostIsRefusedWithTheFingerprintAndTheKeyscanCommand() throws Exception {
    String fingerprint = sshd.fingerprint();
    try (SshConnector c =
        connector(ed25519, null, "[127.0.0.1]:1 " + sshd.knownHostsLine().split(" ", 2)[1])) {
      assertThatThrownBy(() -> c.open(SshAddress.parse(sshd.address())))
          .isInstanceOfSatisfying(
              ComposeException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.HOST_KEY);
                assertThat(e.getMessage())
                    .contains("is not listed in `known-hosts`")
                    .contains(fingerprint);
                assertThat(e.advice()).contains("ssh-keyscan -p " + sshd.port() + " 127.0.0.1");
              });
    }
  }

  @Test
  void clearErrorsForAWrongKeyAWrongUserARefusedPortAndAnUnknownName() throws Exception {
    Path stranger = LocalSshd.keygen(dir, "stranger", "ed25519", "");
    try (SshConnector c = connector(stranger, null, sshd.knownHostsLine())) {
      assertThatThrownBy(() -> c.open(SshAddress.parse(sshd.address())))
          .isInstanceOfSatisfying(
              ComposeException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTH);
                assertThat(e.getMessage()).contains("refused the SSH key for user 'root'");
              });
    }
    try (SshConnector c =
        SshConnector.start(
            "nobody-here",
            Secret.of(Files.readString(ed25519)),
            null,
            KnownHosts.parse(sshd.knownHostsLine()),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15))) {
      assertThatThrownBy(() -> c.open(SshAddress.parse(sshd.address())))
          .isInstanceOfSatisfying(
              ComposeException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (SshConnector c = connector(ed25519, null, sshd.knownHostsLine())) {
      assertThatThrownBy(() -> c.open(SshAddress.parse("127.0.0.1:" + closed)))
          .isInstanceOfSatisfying(
              ComposeException.class,
              e -> assertThat(e.getMessage()).contains("refused the SSH connection"));
      assertThatThrownBy(() -> c.open(SshAddress.parse("no-such-host.invalid")))
          .isInstanceOfSatisfying(
              ComposeException.class, e -> assertThat(e.getMessage()).contains("does not resolve"));
    }
  }

  @Test
  void unreadableKeysAndAMissingPassphraseSayWhatToPass() throws Exception {
    assertThatThrownBy(
            () -> SshConnector.readKeys(Secret.of(Files.readString(rsaWithPassphrase)), null))
        .isInstanceOfSatisfying(
            ComposeException.class, e -> assertThat(e.advice()).contains("ssh-key-passphrase"));
    assertThatThrownBy(
            () ->
                SshConnector.readKeys(
                    Secret.of(Files.readString(rsaWithPassphrase)), Secret.of("wrong")))
        .isInstanceOfSatisfying(
            ComposeException.class, e -> assertThat(e.advice()).contains("does not open this key"));
    assertThatThrownBy(
            () ->
                SshConnector.readKeys(
                    Secret.of(Files.readString(dir.resolve("ed25519.pub"))), null))
        .isInstanceOf(ComposeException.class);
  }
}
