package dev.flo.actions.provider.compose;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.jspecify.annotations.Nullable;

/**
 * The {@code known-hosts} lines the user gave, and the only check a host key gets: it must be
 * listed for that host. No trust on first use: an unlisted or changed key fails the key exchange,
 * before any authentication is tried.
 */
public final class KnownHosts implements ServerKeyVerifier {
  private final List<KnownHostEntry> entries;

  /** What each host presented, so a refusal can name its fingerprint. */
  private final Map<ClientSession, Presented> presented = new ConcurrentHashMap<>();

  /** The key a host presented and whether a line vouched for it. */
  record Presented(PublicKey key, boolean accepted) {}

  private KnownHosts(List<KnownHostEntry> entries) {
    this.entries = entries;
  }

  /** Parses the lines as {@code ssh-keyscan} prints them; comments and blank lines are skipped. */
  public static KnownHosts parse(String text) {
    List<KnownHostEntry> entries = new ArrayList<>();
    int n = 0;
    for (String raw : text.split("\r?\n")) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      KnownHostEntry e;
      try {
        e = KnownHostEntry.parseKnownHostEntry(line);
        if (e == null || e.getKeyEntry() == null) {
          throw new IllegalArgumentException("no key");
        }
        e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
      } catch (Exception ex) {
        throw new IllegalArgumentException(
            "line "
                + n
                + " is not a known_hosts line (`host key-type base64-key`): "
                + ex.getMessage(),
            ex);
      }
      entries.add(e);
    }
    return new KnownHosts(List.copyOf(entries));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether any line names this host (with any key). */
  public boolean lists(SshAddress address) {
    return entries.stream().anyMatch(e -> e.isHostMatch(address.host(), address.port()));
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    boolean ok = listed(session, key);
    presented.put(session, new Presented(key, ok));
    return ok;
  }

  private boolean listed(ClientSession session, PublicKey key) {
    SshAddress address = session.getAttribute(SshConnector.ADDRESS);
    return address != null && accepts(address, key);
  }

  /**
   * Whether a plain line lists this key for this host, and no {@code @revoked} line names it. A
   * {@code @cert-authority} line vouches for nothing here: host certificates are not supported.
   */
  public boolean accepts(SshAddress address, PublicKey key) {
    boolean listed = false;
    for (KnownHostEntry e : entries) {
      String marker = e.getMarker();
      boolean revoked = "revoked".equals(marker);
      if ((marker != null && !revoked)
          || !(revoked || e.isHostMatch(address.host(), address.port()))) {
        continue;
      }
      try {
        PublicKey listedKey =
            e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        if (KeyUtils.compareKeys(listedKey, key)) {
          if (revoked) {
            return false;
          }
          listed = true;
        }
      } catch (Exception ex) {
        // A line that cannot be read as a key cannot vouch for this one.
      }
    }
    return listed;
  }

  /** The key a session's host presented, or null before the key exchange. */
  @Nullable Presented presentedBy(ClientSession session) {
    return presented.remove(session);
  }

  /** {@code SHA256:…}, as {@code ssh-keygen -lf} prints it. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }
}
