package dev.flo.actions.step.deploybackend;

import java.util.Locale;

/**
 * The {@code status} values this step decides itself (a provider's own statuses, such as Render's
 * {@code live}, are passed on as the provider spells them).
 */
enum StepStatus {
  /** A dry run: nothing was deployed. */
  DRY_RUN,
  /** compose: every host serves the release, healthy. */
  HEALTHY,
  /** compose: every host served the release already. */
  UNCHANGED,
  /** compose: a host failed. */
  FAILED;

  /** As the output spells it: {@code dry-run}. */
  String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
