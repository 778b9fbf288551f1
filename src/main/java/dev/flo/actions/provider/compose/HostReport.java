package dev.flo.actions.provider.compose;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened on one host.
 *
 * @param before the value serving before (null on a first deploy)
 * @param after the value serving now (for a failure: what the containers run now)
 * @param logs for a container that did not become healthy: its last log lines, unmasked (the caller
 *     masks)
 */
public record HostReport(
    SshAddress host,
    Outcome outcome,
    @Nullable String before,
    @Nullable String after,
    @Nullable String message,
    @Nullable String advice,
    List<ContainerLog> logs) {
  /** How the host ended. */
  public enum Outcome {
    /** Now serves the new value, healthy. */
    CHANGED,
    /** Already served it, healthy: nothing was touched. */
    UNCHANGED,
    /** Dry run: what a real run would do. */
    PLANNED,
    FAILED,
    /** Not touched, because an earlier host failed. */
    SKIPPED
  }

  public record ContainerLog(Container container, String lines) {}

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
