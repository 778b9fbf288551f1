package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.provider.vercel.VercelDeployment;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Polls a deployment until it is READY with its domains assigned, fails, or the timeout passes.
 * This is the CLI's rule for every target, previews included ({@code vercel/vercel:
 * packages/client/src/check-deployment-status.ts}): a READY deployment whose domains are not
 * assigned yet is not what users will see.
 */
final class DeploymentWatch {
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final VercelClient client;
  private final Clock clock;
  private final Log log;

  DeploymentWatch(VercelClient client, Clock clock, Log log) {
    this.client = client;
    this.clock = clock;
    this.log = log;
  }

  /** How the wait ended, with the deployment as last seen. */
  enum Ending {
    READY,
    FAILED,
    TIMED_OUT
  }

  record Watched(Ending ending, VercelDeployment deployment) {}

  /**
   * @param id the id Vercel gave {@code created}, which every poll reads again
   */
  Watched await(String id, VercelDeployment created, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = clock.now().plus(timeout);
    VercelDeployment d = created;
    Progress waiting =
        Progress.ofWait(log, clock, "Vercel deployment " + id, PollSchedule.REPORT_EVERY);
    while (true) {
      Duration remaining = Duration.between(clock.now(), deadline);
      waiting.state(
          d.readyState() + (d.isReady() && !d.aliasAssigned() ? " (waiting for its domains)" : ""),
          remaining.isNegative() ? Duration.ZERO : remaining);
      if (d.isFailed() || d.aliasErrorCode() != null || d.aliasCheckFailed()) {
        return new Watched(Ending.FAILED, d);
      }
      if (d.isReady() && d.aliasAssigned()) {
        return new Watched(Ending.READY, d);
      }
      Duration left = Duration.between(clock.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        return new Watched(Ending.TIMED_OUT, d);
      }
      clock.sleep(left.compareTo(INTERVAL) < 0 ? left : INTERVAL);
      try {
        d = client.getDeployment(id);
      } catch (HttpException e) {
        if (e.kind() != HttpException.Kind.DEADLINE) {
          throw e;
        }
        log.info(
            "Vercel deployment %s: the timeout ran out while polling (%s)",
            id, String.valueOf(e.getMessage()));
        return new Watched(Ending.TIMED_OUT, d);
      }
    }
  }
}
