package dev.flo.actions.provider.compose;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import dev.flo.actions.runtime.runner.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.jspecify.annotations.Nullable;

/**
 * Opens authenticated SSH sessions with one key and one set of known hosts. The key lives only in
 * memory; no file under {@code ~/.ssh} is read, no password or keyboard-interactive login is tried,
 * no agent is asked.
 */
public final class SshConnector implements AutoCloseable {
  static final AttributeKey<SshAddress> ADDRESS = new AttributeKey<>();

  private final SshClient client;
  private final KnownHosts knownHosts;
  private final List<KeyPair> keys;
  private final String user;
  private final Duration connectTimeout;

  private SshConnector(
      SshClient client,
      KnownHosts knownHosts,
      List<KeyPair> keys,
      String user,
      Duration connectTimeout) {
    this.client = client;
    this.knownHosts = knownHosts;
    this.keys = keys;
    this.user = user;
    this.connectTimeout = connectTimeout;
  }

  /**
   * @param keepAlive how often to ask a quiet server whether it is still there; three unanswered
   *     asks end the session, so a host that vanished fails the step instead of hanging it
   */
  public static SshConnector start(
      String user,
      Secret privateKey,
      @Nullable Secret passphrase,
      KnownHosts knownHosts,
      Duration connectTimeout,
      Duration keepAlive)
      throws ComposeException {
    List<KeyPair> keys = readKeys(privateKey, passphrase);
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(knownHosts);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
    CoreModuleProperties.AUTH_TIMEOUT.set(client, connectTimeout);
    client.start();
    return new SshConnector(client, knownHosts, keys, user, connectTimeout);
  }

  /**
   * Reads an OpenSSH (or PEM) private key from memory, decrypting it with the passphrase when it
   * has one.
   */
  static List<KeyPair> readKeys(Secret privateKey, @Nullable Secret passphrase)
      throws ComposeException {
    String text = privateKey.reveal().strip() + "\n";
    FilePasswordProvider password =
        passphrase == null || passphrase.isEmpty()
            ? FilePasswordProvider.EMPTY
            : FilePasswordProvider.of(passphrase.reveal());
    List<KeyPair> keys = new ArrayList<>();
    try {
      Iterable<KeyPair> read =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("the ssh-key input"),
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              password);
      if (read != null) {
        read.forEach(keys::add);
      }
    } catch (Exception e) {
      boolean encrypted = text.contains("ENCRYPTED") || looksEncryptedOpenSsh(text);
      String why =
          encrypted && (passphrase == null || passphrase.isEmpty())
              ? "The key is protected by a passphrase: pass it as `ssh-key-passphrase` (from a secret)."
              : encrypted
                  ? "Check `ssh-key-passphrase`: it does not open this key."
                  : "Pass the whole private key file (from `-----BEGIN OPENSSH PRIVATE KEY-----` to the END line), stored as a secret.";
      throw new ComposeException(
          Kind.KEY,
          "The SSH private key could not be read (" + e.getClass().getSimpleName() + ").",
          why,
          e);
    }
    if (keys.isEmpty()) {
      throw new ComposeException(
          Kind.KEY,
          "The SSH private key input holds no private key.",
          "Pass the whole private key file (from `-----BEGIN OPENSSH PRIVATE KEY-----` to the END line), stored as a secret; not the .pub file.");
    }
    return List.copyOf(keys);
  }

  /** An OpenSSH key names its cipher inside the base64 body: "none" means no passphrase. */
  private static boolean looksEncryptedOpenSsh(String text) {
    if (!text.contains("BEGIN OPENSSH PRIVATE KEY")) {
      return false;
    }
    try {
      String body = text.replaceAll("-----[^-]+-----", "").replaceAll("\\s", "");
      byte[] raw = java.util.Base64.getDecoder().decode(body);
      String head = new String(raw, 0, Math.min(raw.length, 64), StandardCharsets.ISO_8859_1);
      return !head.contains("none");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Connects, checks the host key against {@code known-hosts} and authenticates with the key. */
  public SshSession open(SshAddress address) throws ComposeException {
    ClientSession session = null;
    try {
      session =
          client.connect(user, address.host(), address.port()).verify(connectTimeout).getSession();
      session.setAttribute(ADDRESS, address);
      keys.forEach(session::addPublicKeyIdentity);
      session.auth().verify(connectTimeout);
      knownHosts.presentedBy(session);
      return new SshSession(session, address);
    } catch (IOException | RuntimeException e) {
      KnownHosts.Presented presented = session == null ? null : knownHosts.presentedBy(session);
      closeQuietly(session);
      if (presented != null && !presented.accepted()) {
        throw knownHosts.lists(address)
            ? changedHost(address, presented.key())
            : unknownHost(address, presented.key());
      }
      if (presented != null) {
        throw new ComposeException(
            Kind.AUTH,
            "The host " + address + " refused the SSH key for user '" + user + "'.",
            "Check `user`, and that the public half of `ssh-key` (`ssh-keygen -y -f deploy_key` prints it) is in that user's ~/.ssh/authorized_keys on the host.",
            e);
      }
      throw connectFailure(address, e);
    }
  }

  private ComposeException unknownHost(SshAddress address, PublicKey key) {
    return new ComposeException(
        Kind.HOST_KEY,
        "The host "
            + address
            + " is not listed in `known-hosts`; it presented the "
            + KeyUtils.getKeyType(key)
            + " key "
            + KnownHosts.fingerprint(key)
            + ". Nothing was sent to it.",
        "Add its line to `known-hosts`: run `"
            + address.keyscanCommand()
            + "` from a network you trust, compare the fingerprint with the host's own"
            + " `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`, and store the output as a variable or secret.");
  }

  private ComposeException changedHost(SshAddress address, PublicKey key) {
    return new ComposeException(
        Kind.HOST_KEY,
        "The host key of "
            + address
            + " does not match `known-hosts`: it presented the "
            + KeyUtils.getKeyType(key)
            + " key "
            + KnownHosts.fingerprint(key)
            + ". The connection was closed before authentication; nothing was sent.",
        "If the host was rebuilt, get its new line with `"
            + address.keyscanCommand()
            + "`, compare the fingerprint with the host's own"
            + " `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`, and update `known-hosts`. If not, someone may be intercepting the connection.");
  }

  private ComposeException connectFailure(SshAddress address, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof ConnectException) {
      return new ComposeException(
          Kind.CONNECTION,
          "The host " + address + " refused the SSH connection (" + detail + ").",
          "Check the port in `hosts` (host:port) and that sshd runs there and the firewall lets the runner in.",
          e);
    }
    if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      return new ComposeException(
          Kind.CONNECTION,
          "The host name " + address.host() + " does not resolve.",
          "Check the name in `hosts`.",
          e);
    }
    if (root instanceof NoRouteToHostException) {
      return new ComposeException(
          Kind.CONNECTION,
          "No route to " + address + " (" + detail + ").",
          "Check the address in `hosts` and the network between the runner and the host.",
          e);
    }
    if (detail.toLowerCase(java.util.Locale.ROOT).contains("timeout")
        || detail.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
      return new ComposeException(
          Kind.CONNECTION,
          "No SSH answer from " + address + " within " + connectTimeout.toSeconds() + " s.",
          "Check the address and port in `hosts`, and that the host's firewall lets the runner in (GitHub-hosted runners have changing IPs).",
          e);
    }
    return new ComposeException(
        Kind.CONNECTION,
        "SSH to " + address + " failed: " + detail + ".",
        "Check `hosts`, `user` and the host's sshd log.",
        e);
  }

  private static void closeQuietly(@Nullable ClientSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Closing a session that failed: nothing more to report.
      }
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (RuntimeException e) {
      // Shutting down: nothing left to report.
    }
  }
}
