package dev.flo.actions.provider.render;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.time.Duration;

/**
 * Follows a Render deploy until it succeeds or fails, or a deadline passes, polling every 5 to 20
 * seconds (Render allows 400 reads a minute).
 */
public final class RenderDeployWatch {
  static final Duration FIRST_POLL = Duration.ofSeconds(5);
  static final Duration MAX_POLL = Duration.ofSeconds(20);

  /**
   * The first look: after {@link #FIRST_POLL}, but within a short wait (a rollback after a cancel
   * has 6 s) after a quarter of it, so the wait does not spend most of its budget before it looks
   * once.
   */
  static Duration firstPoll(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(FIRST_POLL) < 0 ? quarter : FIRST_POLL;
  }

  private final RenderClient render;
  private final Clock clock;
  private final Log log;

  public RenderDeployWatch(RenderClient render, Clock clock, Log log) {
    this.render = render;
    this.clock = clock;
    this.log = log;
  }

  /**
   * The deploy's last state: finished, or still in progress when {@code timeout} ran out (also when
   * the caller's deadline cut a poll short: the client then throws {@link
   * HttpException.Kind#DEADLINE}).
   */
  public RenderDeploy follow(String serviceId, RenderDeploy deploy, Duration timeout)
      throws IOException, InterruptedException, RenderException {
    PollSchedule schedule =
        new PollSchedule(clock, timeout, firstPoll(timeout), MAX_POLL)
            .reporting(log, "Render deploy " + deploy.id());
    while (deploy.inProgress() && schedule.awaitNext()) {
      try {
        deploy = render.deploy(serviceId, deploy.id());
      } catch (HttpException e) {
        if (e.kind() != HttpException.Kind.DEADLINE) {
          throw e;
        }
        log.info(
            "Render deploy %s: the timeout ran out while polling (%s)",
            deploy.id(), String.valueOf(e.getMessage()));
        return deploy;
      }
      schedule.saw(String.valueOf(deploy.status()));
    }
    return deploy;
  }
}
