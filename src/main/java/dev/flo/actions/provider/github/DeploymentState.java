package dev.flo.actions.provider.github;

import java.util.Locale;

/**
 * The state of a GitHub deployment status, as steps name it: our own type, so hub4j's {@code
 * GHDeploymentState} stays inside this package. Sent as the lower-case name ({@code in_progress}),
 * which is GitHub's wire form.
 */
public enum DeploymentState {
  IN_PROGRESS,
  SUCCESS,
  FAILURE,
  /** The step stopped before the deploy's outcome was known. */
  ERROR;

  /** GitHub's spelling in the REST API. */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
