package dev.flo.actions.step.rollback;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the user asked for.
 *
 * @param to {@code previous} or a deploy id to restore
 * @param failedDeployId the deploy being rolled back (deploy-backend's {@code deploy-id}), or null
 *     for "whatever is live now"
 */
public record RollbackRequest(String to, @Nullable String failedDeployId, Duration timeout) {
  public static final String PREVIOUS = "previous";

  public boolean toPrevious() {
    return PREVIOUS.equals(to);
  }
}
