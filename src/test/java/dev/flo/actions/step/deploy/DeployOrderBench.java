package dev.flo.actions.step.deploy;

import dev.flo.actions.Steps;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.provider.vercel.VercelFake;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Wall time of {@code order: parallel} against {@code backend-first} (and {@code frontend-first})
 * through the real deploy step, with fakes whose deploys take fixed times: Render goes live on its
 * 5th poll (the poll schedule puts that at about 61 s), Vercel is READY on its 7th read (30 s at
 * one read per 5 s), each check passes 3 times in a row a second apart. Time runs {@code SCALE}
 * times faster than the wall clock, so a run takes seconds; the figures are the step's own {@code
 * duration-ms}, in the providers' time. Run: bench/deploy-order.sh.
 */
public final class DeployOrderBench {
  private static final int SCALE = 20;

  private DeployOrderBench() {}

  /**
   * Real time, {@code SCALE} times faster: sleeps are cut by the factor, readings multiplied by it.
   */
  static final class ScaledClock implements Clock {
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();

    @Override
    public Instant now() {
      return start.plusNanos(nanoTime() - startNanos);
    }

    @Override
    public long nanoTime() {
      return startNanos + (System.nanoTime() - startNanos) * SCALE;
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      if (d.isPositive()) {
        Thread.sleep(d.dividedBy(SCALE));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.printf("order, run, duration-ms (provider time), wall ms%n");
    for (String order : List.of("backend-first", "parallel", "frontend-first")) {
      for (int run = 1; run <= runs; run++) {
        long t0 = System.nanoTime();
        String ms = once(order);
        System.out.printf("%s, %d, %s, %d%n", order, run, ms, (System.nanoTime() - t0) / 1_000_000);
      }
    }
  }

  private static String once(String order) throws Exception {
    Clock clock = new ScaledClock();
    Path workspace = Files.createTempDirectory("bench-deploy");
    Files.createDirectories(workspace.resolve("site"));
    Files.writeString(workspace.resolve("site/index.html"), "<h1>shop</h1>");
    try (RenderFake render = new RenderFake(clock);
        VercelFake vercel = new VercelFake();
        LocalHttpServer health =
            new LocalHttpServer((r, ex) -> LocalHttpServer.json(ex, 200, "{\"status\":\"ok\"}"))) {
      render.seed("fedcba9876543210fedcba9876543210fedcba98", "live");
      render.script(
          "build_in_progress",
          "build_in_progress",
          "build_in_progress",
          "update_in_progress",
          "live");
      vercel.seedProduction("dpl_prev");
      vercel.nextDeployment(
          "QUEUED", "BUILDING", "BUILDING", "BUILDING", "BUILDING", "BUILDING", "READY");
      StepHarness.Result r =
          new StepHarness(Steps.DEPLOY, workspace)
              .clock(clock)
              .input("order", order)
              .input("github-deployment", "false")
              .input("backend-provider", "render")
              .input("backend-token", RenderFake.TOKEN)
              .input("backend-service-id", RenderFake.SERVICE)
              .input("backend-api-url", render.apiUrl())
              .input("backend-verify-url", health.baseUrl() + "/backend")
              .input("backend-verify-interval", "1s")
              .input("frontend-token", VercelFake.TOKEN)
              .input("frontend-project-id", VercelFake.PROJECT)
              .input("frontend-dir", "site")
              .input("frontend-api-url", vercel.baseUrl())
              .input("frontend-verify-url", health.baseUrl() + "/frontend")
              .input("frontend-verify-interval", "1s")
              .run();
      if (!"deployed".equals(r.output("outcome"))) {
        throw new IllegalStateException(order + " did not deploy:\n" + r.stdout());
      }
      return r.output("duration-ms");
    }
  }
}
