package dev.flo.actions.step.compose;

import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.provider.compose.ComposeRollout.Registry;
import dev.flo.actions.provider.compose.KnownHosts;
import dev.flo.actions.provider.compose.SshAddress;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.runner.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The inputs {@code provider: compose} adds to {@code deploy-backend} and {@code rollback},
 * declared once here so both steps (and {@code deploy}'s {@code backend-*}) say the same.
 */
public record ComposeInputs(
    List<SshAddress> hosts,
    String user,
    Secret sshKey,
    @Nullable Secret sshKeyPassphrase,
    KnownHosts knownHosts,
    ComposeProject project,
    @Nullable Registry registry,
    Duration lockTimeout,
    int maxParallel) {

  public static final Input<List<String>> HOSTS =
      Input.named(
              "hosts",
              "For `compose`: the hosts to deploy to, `host` or `host:port`, one per line or comma separated. Several hosts are updated in a rolling way (`max-parallel` at a time).")
          .list();
  public static final Input<String> USER =
      Input.named(
              "user",
              "For `compose`: the SSH user on the hosts; it must be allowed to run `docker`.")
          .text()
          .byDefault("deploy");
  public static final Input<Secret> SSH_KEY =
      Input.named(
              "ssh-key",
              "For `compose`: the OpenSSH private key (ed25519, ECDSA or RSA) whose public half is in the user's authorized_keys. Store it as a secret; it is never written to disk.")
          .secretText();
  public static final Input<Secret> SSH_KEY_PASSPHRASE =
      Input.named(
              "ssh-key-passphrase", "For `compose`: the passphrase of `ssh-key`, if it has one.")
          .secretText();
  public static final Input<String> KNOWN_HOSTS =
      Input.named(
              "known-hosts",
              "For `compose`: the hosts' known_hosts lines, as `ssh-keyscan -p PORT host` prints them. Required: a host key not listed here stops the step before authentication (no trust on first use).")
          .text();
  public static final Input<String> COMPOSE_DIR =
      Input.named(
              "compose-dir",
              "For `compose`: the folder on the hosts that holds the compose file (absolute, or `~/…` in the user's home). The lock and the release history (`.flo/`) live there.")
          .text();
  public static final Input<String> COMPOSE_FILE =
      Input.named(
              "compose-file",
              "For `compose`: the compose file in `compose-dir`. Default: Compose's own lookup (compose.yaml, docker-compose.yml, …).")
          .text();
  public static final Input<List<String>> SERVICES =
      Input.named(
              "services",
              "For `compose`: the services to update. Default: every service whose image uses `image-variable`.")
          .list();
  public static final Input<String> IMAGE_VARIABLE =
      Input.named(
              "image-variable",
              "For `compose`: the variable the compose file's image lines use, such as `image: ghcr.io/acme/api:${IMAGE_TAG}`.")
          .text()
          .byDefault("IMAGE_TAG");
  public static final Input<String> REGISTRY =
      Input.named(
              "registry",
              "For `compose`: a registry to log the hosts in to before pulling, such as ghcr.io. The password goes to the host on standard input and the host logs out afterwards.")
          .text();
  public static final Input<String> REGISTRY_USERNAME =
      Input.named(
              "registry-username",
              "For `compose`: the user for `registry` (for GHCR: `${{ github.actor }}`).")
          .text();
  public static final Input<Secret> REGISTRY_PASSWORD =
      Input.named(
              "registry-password",
              "For `compose`: the password or token for `registry` (for GHCR: `${{ github.token }}` with `packages: read`).")
          .secretText();
  public static final Input<Duration> LOCK_TIMEOUT =
      Input.named(
              "lock-timeout",
              "For `compose`: how long to wait for another deploy or rollback of the same project to release the host's lock.")
          .duration()
          .byDefault("5m");
  public static final Input<Integer> MAX_PARALLEL =
      Input.named("max-parallel", "For `compose`: how many hosts are updated at once.")
          .integer(1, 64)
          .byDefault("1");

  /** The compose inputs, in the order the steps declare them. */
  public static final List<Input<?>> ALL =
      List.of(
          HOSTS,
          USER,
          SSH_KEY,
          SSH_KEY_PASSPHRASE,
          KNOWN_HOSTS,
          COMPOSE_DIR,
          COMPOSE_FILE,
          SERVICES,
          IMAGE_VARIABLE,
          REGISTRY,
          REGISTRY_USERNAME,
          REGISTRY_PASSWORD,
          LOCK_TIMEOUT,
          MAX_PARALLEL);

  /**
   * Checks the compose inputs (read already) against each other; null when another provider is
   * chosen, or on a problem.
   */
  public static @Nullable ComposeInputs read(Inputs in, boolean required) {
    List<String> rawHosts = Objects.requireNonNullElse(in.get(HOSTS), List.of());
    @Nullable String user = in.get(USER);
    @Nullable Secret key = in.get(SSH_KEY);
    @Nullable Secret passphrase = in.get(SSH_KEY_PASSPHRASE);
    @Nullable String knownHostsText = in.get(KNOWN_HOSTS);
    @Nullable String dir = in.get(COMPOSE_DIR);
    @Nullable String file = in.get(COMPOSE_FILE);
    List<String> services = Objects.requireNonNullElse(in.get(SERVICES), List.of());
    @Nullable String variable = in.get(IMAGE_VARIABLE);
    @Nullable String registry = in.get(REGISTRY);
    @Nullable String registryUser = in.get(REGISTRY_USERNAME);
    @Nullable Secret registryPassword = in.get(REGISTRY_PASSWORD);
    @Nullable Duration lockTimeout = in.get(LOCK_TIMEOUT);
    @Nullable Integer maxParallel = in.get(MAX_PARALLEL);
    if (!required) {
      return null;
    }
    List<SshAddress> hosts = new ArrayList<>();
    for (String h : rawHosts) {
      try {
        hosts.add(SshAddress.parse(h));
      } catch (IllegalArgumentException e) {
        in.problem(
            HOSTS,
            String.valueOf(e.getMessage()),
            "Give `host` or `host:port` ([v6-address]:port for IPv6), one per line.");
      }
    }
    if (rawHosts.isEmpty()) {
      in.problem(
          HOSTS,
          "is required for `provider: compose`",
          "Give the host(s) to deploy to, such as `hosts: app1.example.com` or `203.0.113.7:2222`.");
    }
    if (key == null) {
      in.problem(
          SSH_KEY,
          "is required for `provider: compose`",
          "Pass the deploy key from a secret: `ssh-key: ${{ secrets.DEPLOY_SSH_KEY }}`.");
    }
    @Nullable KnownHosts knownHosts = null;
    if (knownHostsText == null) {
      in.problem(
          KNOWN_HOSTS,
          "is required for `provider: compose`",
          "Pass the hosts' lines from `ssh-keyscan -p PORT host` (checked against the host's own fingerprint), stored as a variable or secret.");
    } else {
      try {
        knownHosts = KnownHosts.parse(knownHostsText);
        if (knownHosts.isEmpty()) {
          in.problem(
              KNOWN_HOSTS,
              "holds no known_hosts line",
              "Pass the lines `ssh-keyscan -p PORT host` prints.");
        }
      } catch (IllegalArgumentException e) {
        in.problem(
            KNOWN_HOSTS,
            String.valueOf(e.getMessage()),
            "Pass the lines `ssh-keyscan -p PORT host` prints, unchanged.");
      }
    }
    if (dir == null) {
      in.problem(
          COMPOSE_DIR,
          "is required for `provider: compose`",
          "Give the folder on the host that holds the compose file, such as /srv/app or ~/app.");
    } else if (dir.contains("\n") || dir.contains("\0")) {
      in.problem(COMPOSE_DIR, "spans lines", "Give one folder.");
    }
    if (user != null && !user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
      in.problem(USER, "is '" + user + "', not a user name", "Give the SSH user, such as deploy.");
    }
    for (String s : services) {
      if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
        in.problem(
            SERVICES,
            "names '" + s + "', not a Compose service name",
            "Give service names from the compose file, comma separated.");
      }
    }
    if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      in.problem(
          IMAGE_VARIABLE,
          "is '" + variable + "', not a variable name",
          "Give the name used in the compose file, such as IMAGE_TAG.");
    }
    @Nullable Registry login = null;
    if (registry != null) {
      if (registryUser == null || registryPassword == null) {
        in.problem(
            REGISTRY,
            "is set without `registry-username` and `registry-password`",
            "Pass both (for GHCR: `${{ github.actor }}` and `${{ github.token }}`), or remove `registry` for public images.");
      } else if (!registry.matches("[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._/-]*)?")) {
        in.problem(
            REGISTRY,
            "is '" + registry + "', not a registry host",
            "Give the host, such as ghcr.io or registry.example.com:5000.");
      } else {
        login = new Registry(registry, registryUser, registryPassword);
      }
    }
    if (in.hasProblems()) {
      return null;
    }
    return new ComposeInputs(
        List.copyOf(hosts),
        Objects.requireNonNull(user, "user has a default"),
        Objects.requireNonNull(key, "a missing key is a problem"),
        passphrase,
        Objects.requireNonNull(knownHosts, "missing known hosts are a problem"),
        new ComposeProject(
            Objects.requireNonNull(dir, "a missing compose-dir is a problem"),
            file,
            services,
            Objects.requireNonNull(variable, "image-variable has a default")),
        login,
        Objects.requireNonNull(lockTimeout, "lock-timeout has a default"),
        Objects.requireNonNull(maxParallel, "max-parallel has a default"));
  }

  @Override
  public String toString() {
    return "ComposeInputs[hosts=" + hosts + ", user=" + user + ", project=" + project + "]";
  }
}
