package dev.flo.actions.step.deploy;

import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.LocalHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runner's cancel, for real: {@code java -jar target/flo-actions.jar deploy} as a child process
 * against the local Render fake and a health endpoint that never passes, SIGTERM while the check
 * waits, then how long the process takes to exit, its exit code, and what Render serves. Run:
 * bench/deploy-cancel.sh.
 */
public final class DeployCancelBench {
  private DeployCancelBench() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch checking = new CountDownLatch(1);
    try (RenderFake render = new RenderFake(Clock.SYSTEM);
        LocalHttpServer health =
            new LocalHttpServer(
                (r, ex) -> {
                  checking.countDown();
                  LocalHttpServer.json(ex, 503, "{\"status\":\"starting\"}");
                })) {
      render.seed("fedcba9876543210fedcba9876543210fedcba98", "live");
      render.script("live");
      render.rollbackScript("live");
      Path dir = Files.createTempDirectory("bench-cancel");
      Path output = Files.createFile(dir.resolve("output"));
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              "target/flo-actions.jar",
              "deploy",
              "--backend-provider",
              "render",
              "--backend-token",
              RenderFake.TOKEN,
              "--backend-service-id",
              RenderFake.SERVICE,
              "--backend-api-url",
              render.apiUrl(),
              "--backend-verify-url",
              health.baseUrl() + "/health",
              "--github-deployment",
              "false");
      pb.environment().put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
      pb.environment().put("GITHUB_OUTPUT", output.toString());
      pb.environment().put("GITHUB_WORKSPACE", dir.toString());
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
      Process p = pb.start();
      if (!checking.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the check never started:\n" + Files.readString(dir.resolve("log")));
      }
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM, as the runner's second signal (the JVM treats SIGINT the same)
      boolean exited = p.waitFor(15, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String serving =
          render.deploys().stream()
              .filter(d -> d.status().equals("live"))
              .map(d -> d.id + " (trigger " + d.trigger() + ")")
              .findFirst()
              .orElse("none");
      System.out.printf(
          "exited=%s after %d ms, exit code %s, Render serves %s%n",
          exited, ms, exited ? p.exitValue() : "-", serving);
      Files.readAllLines(output).stream()
          .filter(l -> !l.startsWith("ghadelimiter"))
          .forEach(l -> System.out.println("  output: " + l));
      Files.readAllLines(dir.resolve("log")).stream()
          .filter(l -> l.startsWith("::error") || l.contains("rollback"))
          .forEach(l -> System.out.println("  log: " + l));
    }
  }
}
