package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.deployfrontend.DeployFrontendStep;
import dev.flo.actions.step.healthverify.HealthVerifyStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.step.slacknotify.SlackNotifyStep;
import dev.flo.actions.testing.HostileServer;
import dev.flo.actions.testing.HostileServer.Mode;
import dev.flo.actions.testing.StepHarness;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permanent hostile-server sweep: every step that talks HTTP, through the real launcher,
 * against a server in every bad mode of {@link HostileServer}. Each run must end within its timeout
 * plus what that timeout promises (cancelling the deploy) plus a margin, write every output and
 * exactly one error annotation (none on success), print no stack trace, keep every secret header
 * with its origin, and read no more of a body than its bound. The endless and huge bodies also run
 * in a child JVM with a 128 MiB heap.
 */
class HostileServerSweepTest {
  private static final String CANARY = "canary-7Hq2xZ9pLw4K";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);

  /** Load on a shared 2-core runner: far below any hang the sweep exists to catch. */
  private static final Duration MARGIN = Duration.ofSeconds(5);

  /** Per request: the largest body limit (GitHub's 16 MiB) plus socket buffers on both sides. */
  private static final long MOST_BYTES_PER_REQUEST = 24L << 20;

  @TempDir Path tmp;

  /**
   * One way to run a step against a server: its inputs, and how long past the timeout its promise
   * may take.
   */
  private record Case(
      String name,
      StepDefinition step,
      Function<String, Map<String, String>> inputs,
      Map<String, String> env,
      Duration wrapUp,
      Duration timeout) {
    Case(String name, StepDefinition step, Function<String, Map<String, String>> inputs) {
      this(name, step, inputs, Map.of(), Duration.ZERO);
    }

    Case(
        String name,
        StepDefinition step,
        Function<String, Map<String, String>> inputs,
        Map<String, String> env,
        Duration wrapUp) {
      this(name, step, inputs, env, wrapUp, STEP_TIMEOUT);
    }
  }

  private static List<Case> cases() {
    String t = STEP_TIMEOUT.toSeconds() + "s";
    String sha = "0123456789abcdef0123456789abcdef01234567";
    return List.of(
        new Case(
            "health-verify",
            HealthVerifyStep.DEFINITION,
            base ->
                Map.of(
                    "url",
                    base + "/health",
                    "headers",
                    "X-Api-Key: " + CANARY,
                    "timeout",
                    t,
                    "request-timeout",
                    "2s",
                    "interval",
                    "1s",
                    "consecutive-successes",
                    "1")),
        new Case(
            "deploy-backend render",
            DeployBackendStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "render",
                    "token",
                    CANARY,
                    "service-id",
                    "srv-abc123",
                    "commit",
                    sha,
                    "api-url",
                    base + "/v1",
                    "timeout",
                    t,
                    "cancel-on-timeout",
                    "true",
                    "github-deployment",
                    "false"),
            Map.of(),
            Duration.ofSeconds(10)),
        new Case(
            "deploy-backend railway",
            DeployBackendStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "railway",
                    "token",
                    CANARY,
                    "service-id",
                    "svc-1",
                    "environment-id",
                    "env-1",
                    "commit",
                    sha,
                    "api-url",
                    base + "/graphql/v2",
                    "timeout",
                    t,
                    "cancel-on-timeout",
                    "true",
                    "github-deployment",
                    "false"),
            Map.of(),
            Duration.ofSeconds(10)),
        new Case(
            "deploy-backend hook + GitHub deployment",
            DeployBackendStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "hook",
                    "hook-url",
                    base + "/deploy/srv-abc123?key=" + CANARY,
                    "timeout",
                    t,
                    "github-deployment",
                    "true",
                    "github-token",
                    "ghs_" + CANARY),
            Map.of("GITHUB_API_URL", "{base}/api/v3"),
            Duration.ofSeconds(10)),
        // deploy-frontend's shortest timeout is 10s.
        new Case(
            "deploy-frontend",
            DeployFrontendStep.DEFINITION,
            base ->
                Map.of(
                    "token",
                    CANARY,
                    "project-id",
                    "prj_1",
                    "dir",
                    "site",
                    "api-url",
                    base,
                    "timeout",
                    "10s",
                    "github-deployment",
                    "false"),
            Map.of(),
            Duration.ofSeconds(13),
            Duration.ofSeconds(10)),
        new Case(
            "rollback render",
            RollbackStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "render",
                    "token",
                    CANARY,
                    "service-id",
                    "srv-abc123",
                    "api-url",
                    base + "/v1",
                    "timeout",
                    t),
            Map.of(),
            Duration.ofSeconds(5)),
        new Case(
            "rollback railway",
            RollbackStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "railway",
                    "token",
                    CANARY,
                    "service-id",
                    "svc-1",
                    "environment-id",
                    "env-1",
                    "api-url",
                    base + "/graphql/v2",
                    "timeout",
                    t),
            Map.of(),
            Duration.ofSeconds(5)),
        new Case(
            "rollback vercel",
            RollbackStep.DEFINITION,
            base ->
                Map.of(
                    "provider",
                    "vercel",
                    "token",
                    CANARY,
                    "project-id",
                    "prj_1",
                    "api-url",
                    base,
                    "timeout",
                    t),
            Map.of(),
            Duration.ofSeconds(5)),
        new Case(
            "slack-notify token",
            SlackNotifyStep.DEFINITION,
            base ->
                Map.of(
                    "token",
                    "xoxb-" + CANARY,
                    "channel",
                    "#deploys",
                    "status",
                    "success",
                    "api-url",
                    base + "/api/",
                    "timeout",
                    t)),
        new Case(
            "slack-notify webhook",
            SlackNotifyStep.DEFINITION,
            base ->
                Map.of(
                    "webhook-url",
                    base + "/services/T0001/B0001/" + CANARY,
                    "status",
                    "success",
                    "timeout",
                    t)));
  }

  private record Run(
      Case c, Mode mode, StepHarness.Result result, Duration took, HostileServer server) {
    String label() {
      return c.name() + " against " + mode;
    }
  }

  @Test
  void everyStepHoldsAgainstEveryHostileServer() throws Exception {
    List<Future<Run>> runs = new ArrayList<>();
    List<HostileServer> servers = new ArrayList<>();
    // A dozen runs at a time: all 80 at once starve each other on a 2-core runner and blur what is
    // measured.
    try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
      // -Dsweep.only=<case name prefix> narrows the sweep while working on one step.
      String only = System.getProperty("sweep.only", "");
      for (Case c : cases().stream().filter(c -> c.name().startsWith(only)).toList()) {
        for (Mode mode : Mode.values()) {
          HostileServer server = HostileServer.start(mode);
          servers.add(server);
          runs.add(pool.submit(() -> run(c, mode, server)));
        }
      }
      List<String> problems = new ArrayList<>();
      for (Future<Run> f : runs) {
        Run r = f.get(3, TimeUnit.MINUTES);
        problems.addAll(check(r));
        // The figures, for the record (the README quotes them).
        String error = r.result().annotations("error").stream().findFirst().orElse("(no error)");
        System.out.printf(
            "%-45s exit %d %6d ms %9d body bytes sent  %s%n",
            r.label(),
            r.result().exitCode(),
            r.took().toMillis(),
            r.server().bodyBytesSent(),
            error.substring(0, Math.min(160, error.length())));
      }
      assertThat(problems).as("runs that broke a promise").isEmpty();
    } finally {
      for (HostileServer s : servers) {
        s.close();
      }
    }
  }

  private Run run(Case c, Mode mode, HostileServer server) throws Exception {
    Path workspace = Files.createTempDirectory(tmp, "ws");
    Files.createDirectories(workspace.resolve("site"));
    Files.writeString(workspace.resolve("site/index.html"), "<h1>shop</h1>");
    StepHarness harness = new StepHarness(c.step(), workspace).clock(Clock.SYSTEM);
    c.inputs().apply(server.baseUrl()).forEach(harness::input);
    c.env().forEach((k, v) -> harness.env(k, v.replace("{base}", server.baseUrl())));
    long t0 = System.nanoTime();
    StepHarness.Result result = harness.run();
    return new Run(c, mode, result, Duration.ofNanos(System.nanoTime() - t0), server);
  }

  private static List<String> check(Run r) {
    List<String> problems = new ArrayList<>();
    StepHarness.Result result = r.result();
    Duration bound = r.c().timeout().plus(r.c().wrapUp()).plus(MARGIN);
    if (r.took().compareTo(bound) > 0) {
      problems.add(
          r.label()
              + ": took "
              + r.took().toMillis()
              + " ms, more than "
              + bound.toMillis()
              + " ms");
    }
    List<String> errors = result.annotations("error");
    int expected = result.exitCode() == 0 ? 0 : 1;
    if (result.exitCode() > 1 || errors.size() != expected) {
      problems.add(
          r.label()
              + ": exit "
              + result.exitCode()
              + " with "
              + errors.size()
              + " error annotation(s): "
              + errors);
    }
    for (OutputDef out : r.c().step().outputs()) {
      if (!result.outputs().containsKey(out.name())) {
        problems.add(r.label() + ": output " + out.name() + " not written");
      }
    }
    if (result.stdout().contains("Unexpected error")
        || result.stdout().contains("\tat ")
        || result.stdout().contains("fatal error")) {
      problems.add(r.label() + ": a bug's message or a stack trace: " + errors);
    }
    String printed =
        result
                .stdout()
                .lines()
                .filter(l -> !l.startsWith("::add-mask::"))
                .reduce("", (a, b) -> a + b + "\n")
            + result.summary()
            + result.outputs();
    if (printed.contains(CANARY)) {
      problems.add(r.label() + ": the secret was printed");
    }
    for (var request : r.server().otherOriginRequests()) {
      request
          .headers()
          .forEach(
              (name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("authorization")
                    || lower.equals("x-api-key")
                    || lower.equals("project-access-token")
                    || lower.equals("cookie")
                    || values.toString().contains(CANARY)) {
                  problems.add(
                      r.label() + ": header " + name + " followed the redirect to another origin");
                }
              });
    }
    if (r.server().bodyBytesSent()
        > MOST_BYTES_PER_REQUEST * Math.max(1, r.server().requests().size())) {
      problems.add(
          r.label()
              + ": the server could send "
              + r.server().bodyBytesSent()
              + " body bytes: the client read past its bound ("
              + r.server().requests().size()
              + " requests)");
    }
    return problems;
  }

  /**
   * The endless and huge bodies once more in a JVM of their own with a 128 MiB heap, through the
   * real entry point: the step must end with its outputs and one annotation, not an
   * OutOfMemoryError.
   */
  @Test
  void endlessAndHugeBodiesFitInASmallHeap() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    List<HostileServer> servers = new ArrayList<>();
    try {
      for (Mode mode : List.of(Mode.ENDLESS, Mode.HUGE)) {
        for (List<String> args :
            List.of(
                List.of(
                    "health-verify",
                    "--url",
                    "{base}/health",
                    "--timeout",
                    "8s",
                    "--consecutive-successes",
                    "1",
                    "--interval",
                    "1s"),
                List.of(
                    "deploy-backend",
                    "--provider",
                    "render",
                    "--token",
                    CANARY,
                    "--service-id",
                    "srv-abc123",
                    "--api-url",
                    "{base}/v1",
                    "--timeout",
                    "8s",
                    "--github-deployment",
                    "false"))) {
          HostileServer server = HostileServer.start(mode);
          servers.add(server);
          Path output = Files.createTempFile(tmp, "output", "");
          outputs.add(output);
          List<String> command =
              new ArrayList<>(
                  List.of(
                      java,
                      "-Xmx128m",
                      "-Xshare:auto",
                      "-XX:TieredStopAtLevel=1",
                      "-cp",
                      classpath,
                      Main.class.getName()));
          args.forEach(a -> command.add(a.replace("{base}", server.baseUrl())));
          ProcessBuilder pb =
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(tmp.resolve("log-" + processes.size()).toFile());
          pb.environment().put("GITHUB_OUTPUT", output.toString());
          pb.environment().put("GITHUB_ACTIONS", "true");
          pb.environment().put("GITHUB_REPOSITORY", "acme/shop");
          pb.environment().put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
          processes.add(pb.start());
        }
      }
      for (int i = 0; i < processes.size(); i++) {
        Process p = processes.get(i);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("child %d ended", i).isTrue();
        String log = Files.readString(tmp.resolve("log-" + i), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isEqualTo(1);
        // A cold JVM on a loaded runner may reach the timeout before the limit; either way, never
        // out of memory.
        assertThat(log.lines().filter(l -> l.startsWith("::error")).toList())
            .as(log)
            .singleElement()
            .asString()
            .containsAnyOf("larger than", "timeout")
            .doesNotContain("OutOfMemoryError")
            .doesNotContain("Unexpected error")
            .doesNotContain("fatal error");
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(Files.readString(outputs.get(i))).as("outputs of child %d", i).isNotEmpty();
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
      for (HostileServer s : servers) {
        s.close();
      }
    }
    assertThat(classpath).contains(File.pathSeparator);
  }

  /**
   * The runner sends SIGTERM on cancel and kills 10 s later. A step wedged on a server that never
   * answers must still write its outputs and say it was cancelled, and the JVM must exit well
   * before the kill.
   */
  @Test
  void sigtermWhileWedgedStillWritesOutputsAndExits() throws Exception {
    try (HostileServer server = HostileServer.start(Mode.SILENT)) {
      Path output = Files.createTempFile(tmp, "output", "");
      Path log = tmp.resolve("sigterm.log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xshare:auto",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "health-verify",
                  "--url",
                  server.baseUrl() + "/health",
                  "--timeout",
                  "10m",
                  "--request-timeout",
                  "10m")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("GITHUB_OUTPUT", output.toString());
      pb.environment().put("GITHUB_ACTIONS", "true");
      Process p = pb.start();
      try {
        // Wedged: the request is at the server, which will never answer.
        long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.requests().isEmpty() && System.nanoTime() < waitUntil) {
          Thread.sleep(50);
        }
        assertThat(server.requests()).as(Files.readString(log)).isNotEmpty();
        long t0 = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(9, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        System.out.printf(
            "SIGTERM to exit while wedged: %d ms%n",
            Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertThat(Files.readString(output)).contains("healthy<<");
        // The hook interrupts the step, which ends on its own with the cancel named; a step that
        // ignored the
        // interrupt would get the hook's own "cancelled" annotation instead. Either way: one error,
        // and it says so.
        assertThat(Files.readString(log).lines().filter(l -> l.startsWith("::error ")).toList())
            .singleElement()
            .asString()
            .contains("The step was cancelled");
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
