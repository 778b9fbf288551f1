package dev.flo.actions.provider.render;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Log;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a Render deploy until it succeeds or fails, or a deadline passes, polling at a growing interval (Render
 * allows 400 reads a minute; a deploy takes minutes, so a poll every 5 to 20 seconds is plenty).
 */
public final class RenderDeployWatch {
  static final Duration FIRST_POLL = Duration.ofSeconds(5);
  static final Duration MAX_POLL = Duration.ofSeconds(20);

  private final RenderClient render;
  private final Clock clock;
  private final Log log;

  public RenderDeployWatch(RenderClient render, Clock clock, Log log) {
    this.render = render;
    this.clock = clock;
    this.log = log;
  }

  /** The deploy's last state: finished, or still in progress when {@code timeout} ran out. */
  public RenderDeploy follow(String serviceId, RenderDeploy deploy, Duration timeout) throws IOException, InterruptedException, RenderException {
    Instant deadline = clock.now().plus(timeout);
    Duration interval = FIRST_POLL;
    String seen = deploy.status();
    while (deploy.inProgress()) {
      Duration left = Duration.between(clock.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        return deploy;
      }
      clock.sleep(interval.compareTo(left) < 0 ? interval : left);
      Duration next = interval.multipliedBy(3).dividedBy(2);
      interval = next.compareTo(MAX_POLL) < 0 ? next : MAX_POLL;
      deploy = render.deploy(serviceId, deploy.id());
      if (!String.valueOf(deploy.status()).equals(seen)) {
        seen = deploy.status();
        log.info("Render deploy %s: %s", deploy.id(), seen);
      }
    }
    return deploy;
  }
}
