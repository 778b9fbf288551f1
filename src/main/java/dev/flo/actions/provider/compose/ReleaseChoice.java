package dev.flo.actions.provider.compose;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import dev.flo.actions.provider.compose.ComposeRollout.Decision;
import dev.flo.actions.provider.compose.ComposeRollout.Target;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The two ways a host's release is chosen: deploy a given value, or roll back to an earlier one.
 */
public final class ReleaseChoice {
  public static final String PREVIOUS = "previous";

  private ReleaseChoice() {}

  /**
   * Deploy {@code value}; a host that already serves it healthy is left alone, which makes a re-run
   * a no-op.
   */
  public static Decision deploy(String value) {
    return (history, serving, healthy, host) -> {
      if (value.equals(serving) && healthy) {
        return Target.stay(value + " already serves, healthy: nothing to change");
      }
      return new Target(
          value,
          Release.Kind.DEPLOY,
          true,
          "deploy "
              + value
              + (serving == null
                  ? " (first release here)"
                  : " (serving now: " + serving + (healthy ? "" : ", not healthy") + ")"));
    };
  }

  /**
   * Roll back to {@code to} (a value, or {@code previous}: the last recorded release other than the
   * one rolled away from). With {@code failed} given, a host that serves something else healthy is
   * left alone: a rollback never replaces a release it was not asked to undo. A second run finds
   * the rollback recorded and does nothing.
   */
  public static Decision rollback(String to, @Nullable String failed) {
    return (history, serving, healthy, host) -> {
      String away = failed != null ? failed : serving;
      if (failed != null && serving != null && !failed.equals(serving) && healthy) {
        return Target.stay(serving + " serves, healthy, not " + failed + ": nothing to roll back");
      }
      String target = PREVIOUS.equals(to) ? previous(history, away, serving, healthy) : to;
      if (target == null) {
        throw new ComposeException(
            Kind.COMMAND,
            "No earlier release is recorded on "
                + host
                + " to roll back to (history: "
                + values(history)
                + ").",
            "Give `to: <tag>` with the release to restore, such as deploy-backend's `previous-deploy-id`.");
      }
      if (target.equals(serving) && healthy) {
        return Target.stay(target + " already serves, healthy: nothing to roll back");
      }
      return new Target(
          target,
          Release.Kind.ROLLBACK,
          false,
          "roll back to "
              + target
              + " (serving now: "
              + (serving == null ? "nothing" : serving + (healthy ? "" : ", not healthy"))
              + ")");
    };
  }

  private static @Nullable String previous(
      List<Release> history, @Nullable String away, @Nullable String serving, boolean healthy) {
    if (!history.isEmpty()) {
      Release last = history.getLast();
      // Run twice: the first run recorded its rollback, and that release still serves.
      if (last.kind() == Release.Kind.ROLLBACK
          && last.value().equals(serving)
          && healthy
          && (away == null || away.equals(serving))) {
        return serving;
      }
    }
    for (int i = history.size() - 1; i >= 0; i--) {
      if (!history.get(i).value().equals(away)) {
        return history.get(i).value();
      }
    }
    return null;
  }

  private static String values(List<Release> history) {
    return history.isEmpty()
        ? "empty"
        : String.join(", ", history.stream().map(Release::value).toList());
  }
}
