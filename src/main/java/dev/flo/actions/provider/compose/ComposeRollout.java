package dev.flo.actions.provider.compose;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import dev.flo.actions.provider.compose.ComposeHost.Compose;
import dev.flo.actions.provider.compose.HostReport.ContainerLog;
import dev.flo.actions.provider.compose.HostReport.Outcome;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Brings the Compose project on each host to a release, a few hosts at a time: lock, detect
 * Compose, decide, (log in,) pull, {@code up -d}, wait until every updated container runs healthy,
 * record the release, unlock.
 */
public final class ComposeRollout {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final int LOG_LINES = 40;

  /**
   * A remote command that prints nothing we relay (a pull, `up`, the lock) says it is still running
   * this often.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** A registry login for the pull; the password goes to the host on standard input. */
  public record Registry(String host, String user, Secret password) {
    @Override
    public String toString() {
      return "Registry[" + host + ", " + user + "]";
    }
  }

  /**
   * @param timeout per host, for the pull and for the containers to become healthy
   * @param lockNote who we are, for whoever waits on the lock
   */
  public record Settings(
      ComposeProject project,
      @Nullable Registry registry,
      Duration timeout,
      Duration lockTimeout,
      int maxParallel,
      String lockNote,
      @Nullable String commit,
      @Nullable String runUrl) {}

  /** What a host should run, decided from its history and what serves there now. */
  public interface Decision {
    /** The value to bring up; null with {@code why} set when nothing must change. */
    Target decide(List<Release> history, @Nullable String serving, boolean healthy, SshAddress host)
        throws ComposeException;
  }

  /**
   * @param value the release to serve, or null to leave the host as it is
   * @param alwaysPull pull even when the images are on the host (a deploy: a tag may have been
   *     pushed again)
   */
  public record Target(
      @Nullable String value,
      Release.@Nullable Kind kind,
      boolean alwaysPull,
      @Nullable String why) {
    public static Target stay(String why) {
      return new Target(null, null, false, why);
    }
  }

  private final SshConnector ssh;
  private final Settings settings;
  private final Clock clock;
  private final Log out;
  private final Consumer<String> log;

  public ComposeRollout(SshConnector ssh, Settings settings, Clock clock, Log log) {
    this.ssh = ssh;
    this.settings = settings;
    this.clock = clock;
    this.out = log;
    this.log = log::info;
  }

  /**
   * Runs every host, {@code maxParallel} at a time, in the order given. With {@code stopOnFailure},
   * a failed host ends the rollout after its batch: later hosts are reported {@link
   * Outcome#SKIPPED}.
   */
  public List<HostReport> run(
      List<SshAddress> hosts, Decision decision, boolean dryRun, boolean stopOnFailure)
      throws InterruptedException {
    List<HostReport> reports = new ArrayList<>();
    boolean stopped = false;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < hosts.size(); i += settings.maxParallel()) {
        List<SshAddress> batch =
            hosts.subList(i, Math.min(hosts.size(), i + settings.maxParallel()));
        if (stopped) {
          batch.forEach(
              h ->
                  reports.add(
                      new HostReport(
                          h,
                          Outcome.SKIPPED,
                          null,
                          null,
                          "Not touched: an earlier host failed.",
                          null,
                          List.of())));
          continue;
        }
        List<Future<HostReport>> running = new ArrayList<>();
        for (SshAddress h : batch) {
          running.add(pool.submit(() -> host(h, decision, dryRun)));
        }
        for (Future<HostReport> f : running) {
          try {
            reports.add(f.get());
          } catch (ExecutionException e) {
            throw new IllegalStateException("host rollout crashed", e.getCause());
          }
        }
        stopped = stopOnFailure && reports.stream().anyMatch(HostReport::failed);
      }
    }
    return reports;
  }

  private HostReport host(SshAddress address, Decision decision, boolean dryRun)
      throws InterruptedException {
    String before = null;
    try (SshSession session = connect(address)) {
      ComposeHost host = new ComposeHost(session, settings.project(), COMMAND_TIMEOUT);
      if (dryRun) {
        return look(host, decision);
      }
      String holder = host.lockHolder();
      try (SshSession.Held lock = lockWithNotice(host, holder)) {
        Compose compose = host.detect();
        List<String> services = host.services(compose);
        List<Container> now = host.containers(compose, services);
        List<Release> history = host.history();
        before = serving(now, history);
        boolean healthy =
            !now.isEmpty() && now.stream().allMatch(Container::serving) && sameTag(now);
        Target target = decision.decide(history, before, healthy, address);
        if (target.value() == null) {
          log.accept(address + ": " + target.why());
          return new HostReport(
              address, Outcome.UNCHANGED, before, before, target.why(), null, List.of());
        }
        log.accept(
            address
                + ": "
                + target.why()
                + " ("
                + compose.command
                + ", services "
                + String.join(", ", services)
                + ")");
        Instant deadline = clock.now().plus(settings.timeout());
        boolean pull =
            target.alwaysPull() || !host.imagesPresent(compose, services, target.value());
        if (pull) {
          pull(host, compose, services, target.value(), deadline);
        } else {
          log.accept(address + ": the images of " + target.value() + " are on the host; no pull");
        }
        SshSession.Result up;
        try (Progress.Watch watch =
            heartbeat(address + ": `" + compose.command + " up -d` " + target.value(), deadline)) {
          up = host.up(compose, services, target.value(), left(deadline));
        }
        List<Container> after = waitHealthy(host, compose, services, target.value(), deadline, up);
        host.record(
            new Release(
                clock.now(),
                java.util.Objects.requireNonNull(target.kind(), "a target with a value has a kind"),
                target.value(),
                settings.commit(),
                settings.runUrl()));
        log.accept(
            address
                + ": "
                + target.value()
                + " serves, healthy ("
                + after.size()
                + " container"
                + (after.size() == 1 ? "" : "s")
                + ")");
        return new HostReport(
            address, Outcome.CHANGED, before, target.value(), target.why(), null, List.of());
      } catch (Unhealthy u) {
        return new HostReport(
            address, Outcome.FAILED, before, u.serving, u.getMessage(), u.advice, u.logs);
      }
    } catch (ComposeException e) {
      return new HostReport(
          address, Outcome.FAILED, before, null, e.getMessage(), e.advice(), List.of());
    }
  }

  /** Connecting and logging in can take up to the connect timeout (30 s): not in silence. */
  private SshSession connect(SshAddress address) throws ComposeException {
    try (Progress.Watch watch = heartbeat(address + ": connecting over SSH", null)) {
      return ssh.open(address);
    }
  }

  private SshSession.Held lockWithNotice(ComposeHost host, String holder) throws ComposeException {
    if (!holder.isEmpty()) {
      log.accept(
          host.address()
              + ": another deploy or rollback holds the lock: "
              + holder
              + "; waiting up to "
              + settings.lockTimeout().toSeconds()
              + " s");
    }
    long start = clock.nanoTime();
    SshSession.Held held;
    try (Progress.Watch watch =
        heartbeat(
            host.address() + ": waiting for the lock", clock.now().plus(settings.lockTimeout()))) {
      held = host.lock(settings.lockNote(), settings.lockTimeout());
    }
    String printed = held.printed();
    if (printed.contains("flo-waiting")) {
      String by =
          printed
              .substring(printed.indexOf("flo-waiting") + "flo-waiting".length())
              .replace("flo-locked", "")
              .strip();
      log.accept(
          host.address()
              + ": waited "
              + Duration.ofNanos(clock.nanoTime() - start).toSeconds()
              + " s for the lock, held by "
              + (by.isEmpty() ? "another run" : by));
    }
    return held;
  }

  /** Dry run: connects, reads, decides; changes nothing, takes no lock. */
  private HostReport look(ComposeHost host, Decision decision) throws ComposeException {
    Compose compose = host.detect();
    List<String> services = host.services(compose);
    List<Container> now = host.containers(compose, services);
    List<Release> history = host.history();
    String before = serving(now, history);
    boolean healthy = !now.isEmpty() && now.stream().allMatch(Container::serving) && sameTag(now);
    Target target = decision.decide(history, before, healthy, host.address());
    String plan =
        target.value() == null
            ? target.why()
            : target.why()
                + ": a real run would take the lock in "
                + settings.project().dir()
                + (settings.registry() != null ? ", log in to " + settings.registry().host() : "")
                + ", pull "
                + (target.alwaysPull() ? "" : "(if missing) ")
                + "and `"
                + compose.command
                + " up -d` "
                + String.join(", ", services)
                + " with "
                + settings.project().variable()
                + "="
                + target.value()
                + ", wait until healthy, and record it in "
                + Release.FILE;
    log.accept(host.address() + ": " + plan);
    return new HostReport(
        host.address(),
        target.value() == null ? Outcome.UNCHANGED : Outcome.PLANNED,
        before,
        target.value() == null ? before : target.value(),
        plan,
        null,
        List.of());
  }

  private void pull(
      ComposeHost host, Compose compose, List<String> services, String value, Instant deadline)
      throws ComposeException {
    Registry registry = settings.registry();
    if (registry != null) {
      host.login(registry.host(), registry.user(), registry.password());
    }
    try (Progress.Watch watch =
        heartbeat(host.address() + ": pulling the images of " + value, deadline)) {
      host.pull(compose, services, value, left(deadline));
    } finally {
      if (registry != null) {
        host.logout(registry.host());
      }
    }
  }

  /** Polls {@code docker inspect} until every container of the services runs the value, healthy. */
  private List<Container> waitHealthy(
      ComposeHost host,
      Compose compose,
      List<String> services,
      String value,
      Instant deadline,
      SshSession.Result up)
      throws ComposeException, InterruptedException, Unhealthy {
    PollSchedule schedule =
        new PollSchedule(clock, left(deadline), Duration.ofSeconds(1), Duration.ofSeconds(5))
            .reporting(
                out,
                host.address() + ": waiting for the containers of " + value + " to run healthy");
    List<Container> started = host.containers(compose, services);
    while (true) {
      List<Container> now = host.inspect(started);
      List<Container> bad = now.stream().filter(c -> !c.tag().equals(value) || c.failed()).toList();
      boolean done =
          !now.isEmpty() && now.stream().allMatch(c -> c.serving() && c.tag().equals(value));
      if (done) {
        return now;
      }
      schedule.saw(
          now.isEmpty()
              ? "no container yet"
              : now.stream().map(Container::describe).collect(Collectors.joining("; ")));
      List<Container> broken = now.stream().filter(Container::failed).toList();
      if (!broken.isEmpty()
          || (!up.ok() && now.stream().noneMatch(c -> c.health().equals("starting")))) {
        throw unhealthy(
            host, broken.isEmpty() ? (bad.isEmpty() ? now : bad) : broken, value, up, false);
      }
      if (!schedule.awaitNext()) {
        throw unhealthy(host, now.stream().filter(c -> !c.serving()).toList(), value, up, true);
      }
    }
  }

  private Unhealthy unhealthy(
      ComposeHost host,
      List<Container> containers,
      String value,
      SshSession.Result up,
      boolean timedOut)
      throws ComposeException {
    List<ContainerLog> logs = new ArrayList<>();
    for (Container c : containers) {
      logs.add(new ContainerLog(c, host.logs(c, LOG_LINES)));
    }
    String states =
        containers.isEmpty()
            ? (up.ok() ? "no container started" : "`up` failed: " + up.lastLine())
            : containers.stream()
                .map(Container::describe)
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    String what =
        value
            + " did not become healthy on "
            + host.address()
            + (timedOut ? " within " + settings.timeout().toSeconds() + " s" : "")
            + ": "
            + states
            + ".";
    return new Unhealthy(
        what,
        "The containers' last log lines are above. The release history still names the last good release: run `rollback` (to: previous) to restore it.",
        containers.isEmpty() ? null : containers.getFirst().tag(),
        logs);
  }

  /**
   * While a remote command runs that prints nothing we relay ({@code docker compose pull} of a big
   * image takes minutes): from {@link #HEARTBEAT} on, a line that it is still running and the time
   * left before {@code deadline} (null: none).
   */
  private Progress.Watch heartbeat(String what, @Nullable Instant deadline) {
    return Progress.whileRunning(out, clock, what, deadline, HEARTBEAT);
  }

  private Duration left(Instant deadline) throws ComposeException {
    Duration left = Duration.between(clock.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new ComposeException(
          Kind.TIMEOUT,
          "The `timeout` of " + settings.timeout().toSeconds() + " s ran out.",
          "Raise `timeout`, then re-run.");
    }
    return left;
  }

  /** What serves now: the containers' common tag, else (none running) the last recorded release. */
  static @Nullable String serving(List<Container> now, List<Release> history) {
    if (!now.isEmpty() && sameTag(now) && !now.getFirst().tag().isEmpty()) {
      return now.getFirst().tag();
    }
    return history.isEmpty() ? null : history.getLast().value();
  }

  private static boolean sameTag(List<Container> now) {
    return now.stream().map(Container::tag).distinct().count() == 1;
  }

  /**
   * A release that started but did not become healthy; the host keeps its history for a rollback.
   */
  private static final class Unhealthy extends Exception {
    final @Nullable String advice;
    final @Nullable String serving;
    final List<ContainerLog> logs;

    Unhealthy(
        String message,
        @Nullable String advice,
        @Nullable String serving,
        List<ContainerLog> logs) {
      super(message, null, false, false);
      this.advice = advice;
      this.serving = serving;
      this.logs = logs;
    }
  }
}
