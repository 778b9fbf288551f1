package dev.flo.actions.provider.compose;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import dev.flo.actions.runtime.runner.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Compose project on one host, driven over SSH: every remote command is built here, with each
 * value either checked to need no quoting (tags, service names) or single-quoted; a password
 * travels only on standard input.
 */
public final class ComposeHost {
  private static final int OUTPUT_LIMIT = 256 * 1024;
  private static final String SENTINEL = "flo-probe-7f3a";

  private final SshSession ssh;
  private final ComposeProject project;
  private final Duration commandTimeout;

  public ComposeHost(SshSession ssh, ComposeProject project, Duration commandTimeout) {
    this.ssh = ssh;
    this.project = project;
    this.commandTimeout = commandTimeout;
  }

  public SshAddress address() {
    return ssh.address();
  }

  /** Compose v2 (the Docker CLI plugin) or v1 (the Python {@code docker-compose}). */
  public enum Compose {
    V2("docker compose"),
    V1("docker-compose");

    final String command;

    Compose(String command) {
      this.command = command;
    }
  }

  /** Single-quotes a value for a POSIX shell. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * {@code cd} into the compose folder; {@code ~/x} is the user's home, as on an ssh command line.
   */
  String cd() {
    String dir = project.dir();
    String target =
        dir.equals("~")
            ? "\"$HOME\""
            : dir.startsWith("~/") ? "\"$HOME\"/" + quote(dir.substring(2)) : quote(dir);
    return "cd " + target + " && ";
  }

  private String compose(Compose c, String tag) {
    return project.variable()
        + "="
        + tag
        + " "
        + c.command
        + (project.file() == null ? "" : " -f " + quote(project.file()));
  }

  /** Checks the folder and the tools, and tells v2 from v1. */
  public Compose detect() throws ComposeException {
    SshSession.Result r =
        ssh.run(
            cd()
                + "if docker compose version >/dev/null 2>&1; then echo v2; elif command -v docker-compose >/dev/null 2>&1; then echo v1; else echo none; fi",
            null,
            commandTimeout,
            4096);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "The compose folder "
              + project.dir()
              + " is not there on "
              + address()
              + ": "
              + r.lastLine(),
          "Check `compose-dir` (an absolute path, or ~/… for the deploy user's home) and that the user may enter it.");
    }
    return switch (r.stdout().strip()) {
      case "v2" -> Compose.V2;
      case "v1" -> Compose.V1;
      default ->
          throw new ComposeException(
              Kind.COMMAND,
              "Neither `docker compose` nor `docker-compose` runs on "
                  + address()
                  + " for this user.",
              "Install Docker with the Compose plugin on the host (or Debian's docker-compose), and add the deploy user to the `docker` group.");
    };
  }

  /**
   * The services to update: those given, else every service whose image uses the variable, found by
   * asking Compose to render the file with a marker value (Compose itself resolves includes,
   * overrides and defaults).
   */
  public List<String> services(Compose c) throws ComposeException {
    SshSession.Result r =
        ssh.run(cd() + compose(c, SENTINEL) + " config", null, commandTimeout, OUTPUT_LIMIT);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "Compose cannot read the project in "
              + project.dir()
              + " on "
              + address()
              + ": "
              + r.lastLine(),
          "Check `compose-dir` and `compose-file`; run `"
              + c.command
              + " config` there to see the problem.");
    }
    List<String> all = new ArrayList<>();
    List<String> using = new ArrayList<>();
    boolean inServices = false;
    String current = null;
    for (String line : r.stdout().lines().toList()) {
      if (!line.startsWith(" ") && !line.isBlank()) {
        inServices = line.startsWith("services:");
        continue;
      }
      if (!inServices) {
        continue;
      }
      if (line.matches("  [^ #][^:]*:\\s*")) {
        current = line.strip().replaceAll(":$", "").replaceAll("^['\"]|['\"]$", "");
        all.add(current);
      } else if (current != null && line.matches("    image: .*") && line.contains(SENTINEL)) {
        using.add(current);
      }
    }
    if (!project.services().isEmpty()) {
      List<String> unknown = project.services().stream().filter(s -> !all.contains(s)).toList();
      if (!unknown.isEmpty()) {
        throw new ComposeException(
            Kind.COMMAND,
            "The compose project on "
                + address()
                + " has no service "
                + String.join(", ", unknown)
                + " (it has "
                + String.join(", ", all)
                + ").",
            "Fix `services`, or leave it empty to update every service whose image uses ${"
                + project.variable()
                + "}.");
      }
      return project.services();
    }
    if (using.isEmpty()) {
      throw new ComposeException(
          Kind.COMMAND,
          "No service's image in the compose project on "
              + address()
              + " uses ${"
              + project.variable()
              + "} (services: "
              + String.join(", ", all)
              + ").",
          "Write the image as `image: ghcr.io/acme/api:${"
              + project.variable()
              + "}` in the compose file, or set `image-variable` or `services`.");
    }
    return using;
  }

  private static final String INSPECT_FORMAT =
      "{{.Id}}|{{index .Config.Labels \"com.docker.compose.service\"}}|{{.Config.Image}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}";

  /** The containers of these services, with image, state and health. */
  public List<Container> containers(Compose c, List<String> services) throws ComposeException {
    String ids =
        "ids=$(" + compose(c, SENTINEL) + " ps -q " + String.join(" ", services) + ") || exit 1; ";
    SshSession.Result r =
        ssh.run(
            cd()
                + ids
                + "[ -z \"$ids\" ] || docker inspect --format "
                + quote(INSPECT_FORMAT)
                + " $ids",
            null,
            commandTimeout,
            OUTPUT_LIMIT);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "Could not list the containers on " + address() + ": " + r.lastLine(),
          "Run `" + c.command + " ps` on the host to see why.");
    }
    return parseInspect(r.stdout());
  }

  /**
   * The same containers again, by id: only {@code docker inspect}, which is much quicker than
   * Compose v1 to start.
   */
  public List<Container> inspect(List<Container> containers) throws ComposeException {
    if (containers.isEmpty()) {
      return List.of();
    }
    SshSession.Result r =
        ssh.run(
            "docker inspect --format "
                + quote(INSPECT_FORMAT)
                + " "
                + containers.stream()
                    .map(Container::id)
                    .map(ComposeHost::quote)
                    .collect(Collectors.joining(" ")),
            null,
            commandTimeout,
            OUTPUT_LIMIT);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "Could not inspect the containers on " + address() + ": " + r.lastLine(),
          "Run `docker ps -a` on the host to see why.");
    }
    return parseInspect(r.stdout());
  }

  private static List<Container> parseInspect(String stdout) {
    List<Container> list = new ArrayList<>();
    for (String line : stdout.lines().filter(l -> !l.isBlank()).toList()) {
      String[] f = line.split("\\|", -1);
      if (f.length == 5) {
        list.add(new Container(f[0], f[1], f[2], f[3], f[4]));
      }
    }
    return list;
  }

  /** The release history, oldest first; empty before the first deploy. */
  public List<Release> history() throws ComposeException {
    SshSession.Result r =
        ssh.run(
            cd() + "cat " + Release.FILE + " 2>/dev/null || true",
            null,
            commandTimeout,
            OUTPUT_LIMIT);
    return r.stdout().lines().map(Release::parse).filter(java.util.Objects::nonNull).toList();
  }

  public void record(Release release) throws ComposeException {
    ssh.check(
        cd() + "mkdir -p .flo && printf '%s\\n' " + quote(release.line()) + " >> " + Release.FILE,
        commandTimeout,
        4096);
  }

  /**
   * Logs the host's Docker in, the password on standard input only (never in a command line, a
   * process list or a file here).
   */
  public void login(String registry, String user, Secret password) throws ComposeException {
    SshSession.Result r =
        ssh.run(
            "docker login --username " + quote(user) + " --password-stdin " + quote(registry),
            password.reveal().getBytes(StandardCharsets.UTF_8),
            commandTimeout,
            16 * 1024);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.AUTH,
          "The registry " + registry + " refused the login on " + address() + ": " + r.lastLine(),
          "Check `registry-username` and `registry-password` (for GHCR: a token with read:packages, or github.token with `packages: read`).");
    }
  }

  public void logout(String registry) throws ComposeException {
    ssh.run("docker logout " + quote(registry), null, commandTimeout, 16 * 1024);
  }

  /** Whether every image these services would run with {@code tag} is on the host already. */
  public boolean imagesPresent(Compose c, List<String> services, String tag)
      throws ComposeException {
    SshSession.Result config =
        ssh.run(cd() + compose(c, tag) + " config", null, commandTimeout, OUTPUT_LIMIT);
    if (!config.ok()) {
      return false;
    }
    List<String> images =
        config
            .stdout()
            .lines()
            .filter(l -> l.matches("    image: .*"))
            .map(l -> l.strip().substring("image: ".length()).replaceAll("^['\"]|['\"]$", ""))
            .filter(i -> i.endsWith(":" + tag))
            .distinct()
            .toList();
    if (images.isEmpty()) {
      return false;
    }
    SshSession.Result r =
        ssh.run(
            "docker image inspect "
                + images.stream().map(ComposeHost::quote).collect(Collectors.joining(" "))
                + " >/dev/null 2>&1",
            null,
            commandTimeout,
            4096);
    return r.ok();
  }

  public void pull(Compose c, List<String> services, String tag, Duration timeout)
      throws ComposeException {
    SshSession.Result r =
        ssh.run(
            cd() + compose(c, tag) + " pull " + String.join(" ", services),
            null,
            timeout,
            OUTPUT_LIMIT);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "Pulling "
              + tag
              + " for "
              + String.join(", ", services)
              + " failed on "
              + address()
              + ": "
              + r.lastLine(),
          "Check that the image was pushed with this tag, and the registry login (`registry`, `registry-username`, `registry-password`) if it is private.");
    }
  }

  /**
   * Starts the services with {@code tag}; with v2, also waits for them to be running and healthy
   * (the exit code tells). Returns false when Compose itself reported the wait failed.
   */
  public SshSession.Result up(Compose c, List<String> services, String tag, Duration wait)
      throws ComposeException {
    String waitFlags =
        c == Compose.V2 ? " --wait --wait-timeout " + Math.max(1, wait.toSeconds()) : "";
    return ssh.run(
        cd() + compose(c, tag) + " up -d" + waitFlags + " " + String.join(" ", services),
        null,
        wait.plus(commandTimeout),
        OUTPUT_LIMIT);
  }

  /** The last lines a container printed (stdout and stderr), bounded. */
  public String logs(Container container, int lines) throws ComposeException {
    SshSession.Result r =
        ssh.run(
            "docker logs --tail " + lines + " " + quote(container.id()) + " 2>&1",
            null,
            commandTimeout,
            32 * 1024);
    return r.stdout();
  }

  /**
   * Who holds the project's lock now, from the note the holder left; empty when the lock is free.
   */
  public String lockHolder() throws ComposeException {
    return ssh.run(
            cd()
                + "[ -e .flo/lock ] && ! flock -n .flo/lock true && cat .flo/lock.holder 2>/dev/null || true",
            null,
            commandTimeout,
            4096)
        .stdout()
        .strip();
  }

  /**
   * Takes the project's {@code flock} ({@code .flo/lock} in the compose folder), waiting at most
   * {@code wait}, and keeps it until the returned handle is closed. Two deploys, or a deploy and a
   * rollback, never overlap.
   *
   * @param note who we are, left in {@code .flo/lock.holder} for whoever waits next
   */
  public SshSession.Held lock(String note, Duration wait) throws ComposeException {
    long seconds = Math.max(1, wait.toSeconds());
    String script =
        cd()
            + "mkdir -p .flo && exec 9>>.flo/lock && { flock -n 9 || { echo flo-waiting; cat .flo/lock.holder 2>/dev/null; echo; flock -w "
            + seconds
            + " 9; } || { echo flo-lock-timeout; exit 75; }; } && printf '%s\\n' "
            + quote(note)
            + " > .flo/lock.holder && echo flo-locked && cat >/dev/null";
    SshSession.Held held = ssh.hold(script, "flo-locked", wait.plus(commandTimeout));
    if (!held.ready()) {
      SshSession.Result r =
          java.util.Objects.requireNonNull(held.ended(), "a hold that is not ready has ended");
      if (r.stdout().contains("flo-lock-timeout")) {
        String holder = lockHolder();
        throw new ComposeException(
            Kind.LOCK,
            "Another deploy or rollback held the lock on "
                + project.dir()
                + " on "
                + address()
                + " for more than "
                + seconds
                + " s"
                + (holder.isEmpty() ? "." : ": " + holder + "."),
            "Wait for it to finish and re-run, or raise `lock-timeout`. If nothing runs any more, the lock frees itself: it lives only as long as its SSH session.");
      }
      throw new ComposeException(
          Kind.COMMAND,
          "Could not take the lock in "
              + project.dir()
              + " on "
              + address()
              + " (exit "
              + r.exitCode()
              + "): "
              + r.lastLine(),
          "Check that `compose-dir` exists and the deploy user may write in it, and that `flock` (util-linux) is installed.");
    }
    return held;
  }
}
