package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.provider.vercel.VercelDeployment;
import dev.flo.actions.provider.vercel.VercelException;
import dev.flo.actions.runtime.runner.Log;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a deployment we stopped watching (timeout, polling failure) from serving production
 * unverified: cancel it while it builds; once it is READY a cancel no longer applies (Vercel
 * answers 400), so production is rolled back to the deployment that served before. The state is
 * read again first, because it may have turned READY since the last poll or just before the cancel.
 */
final class UnverifiedDeploymentGuard {
  private final VercelClient vercel;
  private final String projectId;
  private final Log log;

  UnverifiedDeploymentGuard(VercelClient vercel, String projectId, Log log) {
    this.vercel = vercel;
    this.projectId = projectId;
    this.log = log;
  }

  /** What was done about the deployment. */
  enum Kind {
    NOTHING_NEEDED,
    CANCELLED,
    ROLLED_BACK,
    NOT_UNDONE
  }

  /**
   * @param text one or two sentences for the user, true whatever happened
   */
  record Undo(Kind kind, String text) {
    boolean safe() {
      return kind != Kind.NOT_UNDONE;
    }
  }

  /**
   * @param id the id Vercel gave the deployment when it created it
   * @param d the deployment as last seen
   * @param previous the production deployment that served before ours, or null
   * @param production whether the deployment targets production (a READY preview changes nothing
   *     users see)
   */
  Undo stop(String id, VercelDeployment d, @Nullable VercelDeployment previous, boolean production)
      throws InterruptedException {
    String cancelError = null;
    for (int look = 1; look <= 2; look++) {
      VercelDeployment now = read(id);
      if (now != null && now.isFailed()) {
        return new Undo(
            Kind.NOTHING_NEEDED, "It ended " + now.readyState() + ", so it cannot go live.");
      }
      if (now != null && now.isReady()) {
        return production
            ? rollBack(now, previous)
            : new Undo(
                Kind.NOTHING_NEEDED, "It is READY as a preview, which does not change production.");
      }
      try {
        vercel.cancelDeployment(id);
        log.info("Cancelled %s.", id);
        return new Undo(Kind.CANCELLED, "It was cancelled, so it cannot go live unverified.");
      } catch (VercelException e) {
        cancelError = e.getMessage();
        if (e.status() != 400) {
          break;
        }
        // 400: it stopped building just before the PATCH (READY, or failed); look again.
      } catch (IOException e) {
        cancelError = e.getMessage();
        if (!production) {
          break;
        }
      }
    }
    return new Undo(
        Kind.NOT_UNDONE,
        "Could not cancel it ("
            + cancelError
            + "); it may still go live"
            + (production ? " in production" : "")
            + ". Cancel it in Vercel: "
            + d.inspectorUrl()
            + (production && previous != null
                ? " (if it already serves, roll back to " + previous.id() + ")."
                : "."));
  }

  private Undo rollBack(VercelDeployment now, @Nullable VercelDeployment previous)
      throws InterruptedException {
    if ("STAGED".equals(now.readySubstate())) {
      return new Undo(
          Kind.NOTHING_NEEDED,
          "It is staged (automatic production assignment is off), so it does not serve production.");
    }
    if (previous == null) {
      return new Undo(
          Kind.NOT_UNDONE,
          "It is READY and may serve production, and there was no production deployment before it to roll back to. Check the project's production deployment in Vercel: "
              + now.inspectorUrl());
    }
    String previousId =
        Objects.requireNonNull(
            previous.id(), "previousProduction keeps a deployment only with its id");
    try {
      vercel.rollback(projectId, previousId, "deploy-frontend: " + now.id() + " was not verified");
      log.info(
          "%s became READY unverified: rolled production back to %s.",
          String.valueOf(now.id()), previousId);
      return new Undo(
          Kind.ROLLED_BACK,
          "It became READY before it could be verified, so production was rolled back to "
              + previous.id()
              + " (Vercel instant rollback). Vercel assigns production domains to new deployments again once you promote one.");
    } catch (IOException e) {
      return new Undo(
          Kind.NOT_UNDONE,
          "It is READY and may serve production unverified, and rolling production back to "
              + previous.id()
              + " failed ("
              + e.getMessage()
              + "). Roll back now: the rollback step with `provider: vercel` and `to: "
              + previous.id()
              + "`, or Instant Rollback in Vercel.");
    }
  }

  private @Nullable VercelDeployment read(String id) throws InterruptedException {
    try {
      return vercel.getDeployment(id);
    } catch (IOException e) {
      log.info(
          "Could not read %s again (%s); cancelling it anyway.",
          id, String.valueOf(e.getMessage()));
      return null;
    }
  }
}
