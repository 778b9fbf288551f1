package dev.flo.actions.provider.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;

/**
 * Which host keys the {@code known-hosts} input vouches for: listed lines only, never a revoked or
 * CA line.
 */
class KnownHostsTest {
  // Two ed25519 public keys made with ssh-keygen for this test.
  private static final String KEY_A =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMvsCtOSCURMgmntE+jxCfWRPPr0Y9Jwac7T84a8RO34";
  private static final String KEY_B =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINevjjm5OuiaQWPFNSJTbI2wX3Arms0hTVEm54ZE7czu";

  private static PublicKey key(String line) throws Exception {
    return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
        .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
  }

  @Test
  void acceptsOnlyTheListedKeyForTheListedHostAndPort() throws Exception {
    KnownHosts k =
        KnownHosts.parse(
            "# staging\n[app1.example.com]:2222 " + KEY_A + "\n\napp2.example.com " + KEY_B + "\n");
    assertThat(k.accepts(SshAddress.parse("app1.example.com:2222"), key(KEY_A))).isTrue();
    assertThat(k.accepts(SshAddress.parse("app1.example.com:2222"), key(KEY_B))).isFalse();
    assertThat(k.accepts(SshAddress.parse("app1.example.com"), key(KEY_A))).isFalse();
    assertThat(k.accepts(SshAddress.parse("app2.example.com"), key(KEY_B))).isTrue();
    assertThat(k.lists(SshAddress.parse("app3.example.com"))).isFalse();
  }

  @Test
  void aRevokedKeyIsRefusedEvenWhenListedAndACertificateAuthorityVouchesForNothing()
      throws Exception {
    KnownHosts k =
        KnownHosts.parse(
            "app1.example.com "
                + KEY_A
                + "\n@revoked * "
                + KEY_A
                + "\n@cert-authority * "
                + KEY_B
                + "\n");
    assertThat(k.accepts(SshAddress.parse("app1.example.com"), key(KEY_A))).isFalse();
    assertThat(k.accepts(SshAddress.parse("app1.example.com"), key(KEY_B))).isFalse();
  }

  @Test
  void aLineThatIsNotAKnownHostsLineIsNamed() {
    assertThatThrownBy(() -> KnownHosts.parse("app1.example.com " + KEY_A + "\nSHA256:abc\n"))
        .hasMessageContaining("line 2 is not a known_hosts line");
  }

  @Test
  void hashedLinesAsSshKeyscanHPrintsThemMatchTheirHost() throws Exception {
    // `ssh-keygen -H` of "[app1.example.com]:2222 <key>".
    KnownHosts k =
        KnownHosts.parse(
            "|1|LzM4CX+gC/oOs62RbhcTjmSntL0=|Rdjqj2utyfVOBBHoSiIsAnBOtgk= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtOfvT2FRwMMSMbsmGMTj9/d52WxHGeHK+q+xKlThkX");
    PublicKey key =
        key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtOfvT2FRwMMSMbsmGMTj9/d52WxHGeHK+q+xKlThkX");
    assertThat(k.accepts(SshAddress.parse("app1.example.com:2222"), key)).isTrue();
    assertThat(k.accepts(SshAddress.parse("app1.example.com"), key)).isFalse();
    assertThat(k.lists(SshAddress.parse("app2.example.com:2222"))).isFalse();
  }
}
