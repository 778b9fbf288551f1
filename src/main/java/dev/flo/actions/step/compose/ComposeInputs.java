package dev.flo.actions.step.compose;

import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.provider.compose.ComposeRollout.Registry;
import dev.flo.actions.provider.compose.KnownHosts;
import dev.flo.actions.provider.compose.SshAddress;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs {@code provider: compose} adds to {@code deploy-backend} and {@code rollback}, declared once here
 * so both steps (and {@code deploy}'s {@code backend-*}) say the same.
 */
public record ComposeInputs(
    List<SshAddress> hosts,
    String user,
    Secret sshKey,
    Secret sshKeyPassphrase,
    KnownHosts knownHosts,
    ComposeProject project,
    Registry registry,
    Duration lockTimeout,
    int maxParallel) {

  public static final List<InputDef> DEFS =
      List.of(
          InputDef.optional("hosts", "For `compose`: the hosts to deploy to, `host` or `host:port`, one per line or comma separated. Several hosts are updated in a rolling way (`max-parallel` at a time)."),
          InputDef.withDefault("user", "For `compose`: the SSH user on the hosts; it must be allowed to run `docker`.", "deploy"),
          InputDef.optional("ssh-key", "For `compose`: the OpenSSH private key (ed25519, ECDSA or RSA) whose public half is in the user's authorized_keys. Store it as a secret; it is never written to disk.").asSecret(),
          InputDef.optional("ssh-key-passphrase", "For `compose`: the passphrase of `ssh-key`, if it has one.").asSecret(),
          InputDef.optional("known-hosts", "For `compose`: the hosts' known_hosts lines, as `ssh-keyscan -p PORT host` prints them. Required: a host key not listed here stops the step before authentication (no trust on first use)."),
          InputDef.optional("compose-dir", "For `compose`: the folder on the hosts that holds the compose file (absolute, or `~/…` in the user's home). The lock and the release history (`.flo/`) live there."),
          InputDef.optional("compose-file", "For `compose`: the compose file in `compose-dir`. Default: Compose's own lookup (compose.yaml, docker-compose.yml, …)."),
          InputDef.optional("services", "For `compose`: the services to update. Default: every service whose image uses `image-variable`."),
          InputDef.withDefault("image-variable", "For `compose`: the variable the compose file's image lines use, such as `image: ghcr.io/acme/api:${IMAGE_TAG}`.", "IMAGE_TAG"),
          InputDef.optional("registry", "For `compose`: a registry to log the hosts in to before pulling, such as ghcr.io. The password goes to the host on standard input and the host logs out afterwards."),
          InputDef.optional("registry-username", "For `compose`: the user for `registry` (for GHCR: `${{ github.actor }}`)."),
          InputDef.optional("registry-password", "For `compose`: the password or token for `registry` (for GHCR: `${{ github.token }}` with `packages: read`).").asSecret(),
          InputDef.withDefault("lock-timeout", "For `compose`: how long to wait for another deploy or rollback of the same project to release the host's lock.", "5m"),
          InputDef.withDefault("max-parallel", "For `compose`: how many hosts are updated at once.", "1"));

  /** Reads and checks the compose inputs; {@code required} is false when another provider is chosen (nothing is read). */
  public static ComposeInputs read(Inputs in, boolean required) {
    List<String> rawHosts = in.list("hosts");
    String user = in.string("user");
    Secret key = in.secret("ssh-key");
    Secret passphrase = in.secret("ssh-key-passphrase");
    String knownHostsText = in.string("known-hosts");
    String dir = in.string("compose-dir");
    String file = in.string("compose-file");
    List<String> services = in.list("services");
    String variable = in.string("image-variable");
    String registry = in.string("registry");
    String registryUser = in.string("registry-username");
    Secret registryPassword = in.secret("registry-password");
    Duration lockTimeout = in.duration("lock-timeout");
    Integer maxParallel = in.integer("max-parallel", 1, 64);
    if (!required) {
      return null;
    }
    List<SshAddress> hosts = new ArrayList<>();
    for (String h : rawHosts) {
      try {
        hosts.add(SshAddress.parse(h));
      } catch (IllegalArgumentException e) {
        in.problem("hosts", e.getMessage(), "Give `host` or `host:port` ([v6-address]:port for IPv6), one per line.");
      }
    }
    if (rawHosts.isEmpty()) {
      in.problem("hosts", "is required for `provider: compose`", "Give the host(s) to deploy to, such as `hosts: app1.example.com` or `203.0.113.7:2222`.");
    }
    if (key == null) {
      in.problem("ssh-key", "is required for `provider: compose`", "Pass the deploy key from a secret: `ssh-key: ${{ secrets.DEPLOY_SSH_KEY }}`.");
    }
    KnownHosts knownHosts = null;
    if (knownHostsText == null) {
      in.problem("known-hosts", "is required for `provider: compose`", "Pass the hosts' lines from `ssh-keyscan -p PORT host` (checked against the host's own fingerprint), stored as a variable or secret.");
    } else {
      try {
        knownHosts = KnownHosts.parse(knownHostsText);
        if (knownHosts.isEmpty()) {
          in.problem("known-hosts", "holds no known_hosts line", "Pass the lines `ssh-keyscan -p PORT host` prints.");
        }
      } catch (IllegalArgumentException e) {
        in.problem("known-hosts", e.getMessage(), "Pass the lines `ssh-keyscan -p PORT host` prints, unchanged.");
      }
    }
    if (dir == null) {
      in.problem("compose-dir", "is required for `provider: compose`", "Give the folder on the host that holds the compose file, such as /srv/app or ~/app.");
    } else if (dir.contains("\n") || dir.contains("\0")) {
      in.problem("compose-dir", "spans lines", "Give one folder.");
    }
    if (user != null && !user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
      in.problem("user", "is '" + user + "', not a user name", "Give the SSH user, such as deploy.");
    }
    for (String s : services) {
      if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
        in.problem("services", "names '" + s + "', not a Compose service name", "Give service names from the compose file, comma separated.");
      }
    }
    if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      in.problem("image-variable", "is '" + variable + "', not a variable name", "Give the name used in the compose file, such as IMAGE_TAG.");
    }
    Registry login = null;
    if (registry != null) {
      if (registryUser == null || registryPassword == null) {
        in.problem("registry", "is set without `registry-username` and `registry-password`", "Pass both (for GHCR: `${{ github.actor }}` and `${{ github.token }}`), or remove `registry` for public images.");
      } else if (!registry.matches("[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._/-]*)?")) {
        in.problem("registry", "is '" + registry + "', not a registry host", "Give the host, such as ghcr.io or registry.example.com:5000.");
      } else {
        login = new Registry(registry, registryUser, registryPassword);
      }
    }
    return new ComposeInputs(List.copyOf(hosts), user, key, passphrase, knownHosts, new ComposeProject(dir, file, services, variable), login, lockTimeout,
        maxParallel == null ? 1 : maxParallel);
  }

  @Override
  public String toString() {
    return "ComposeInputs[hosts=" + hosts + ", user=" + user + ", project=" + project + "]";
  }
}
