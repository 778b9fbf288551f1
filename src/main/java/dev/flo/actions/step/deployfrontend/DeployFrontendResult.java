package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.VercelDeployment;
import java.util.List;

/**
 * What {@code deploy-frontend} did: the deployment as last seen, how it ended, and the upload
 * counts.
 *
 * @param deployment null when nothing was created (dry-run, or creation failed)
 * @param previous the production deployment before ours, or null
 * @param undo what was done about a deployment left unverified (timeout), or null
 * @param buildLog the last lines of a failed build's log (empty when it could not be read)
 */
record DeployFrontendResult(
    Status status,
    VercelDeployment deployment,
    List<String> aliases,
    int uploaded,
    int reused,
    long uploadedBytes,
    VercelDeployment previous,
    UnverifiedDeploymentGuard.Undo undo,
    List<String> buildLog) {

  enum Status {
    PLANNED("planned (dry-run)"),
    CREATED("created, not waited for"),
    READY("ready"),
    FAILED("failed"),
    TIMED_OUT("timed out");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  /**
   * The address users open: our first alias, else the first domain Vercel assigned (the production
   * domain, or a preview's branch URL, which stays the same across pushes), else the deployment's
   * own URL.
   */
  String visitUrl() {
    if (!aliases.isEmpty()) {
      return "https://" + aliases.getFirst();
    }
    return deployment.aliases().isEmpty()
        ? deployment.httpsUrl()
        : "https://" + deployment.aliases().getFirst();
  }

  /** Vercel's error code and message, or a description of the state. */
  String failureReason() {
    if (deployment.aliasCheckFailed() && deployment.aliasErrorCode() == null) {
      return "Vercel's deployment-alias check failed, so its domains will not be assigned";
    }
    if (deployment.aliasErrorCode() != null) {
      return "its domains could not be assigned: "
          + deployment.aliasErrorCode()
          + (deployment.aliasErrorMessage() == null ? "" : ": " + deployment.aliasErrorMessage());
    }
    if (deployment.errorCode() != null || deployment.errorMessage() != null) {
      return (deployment.errorCode() == null ? "" : deployment.errorCode() + ": ")
          + (deployment.errorMessage() == null ? "" : deployment.errorMessage());
    }
    return "its state is " + deployment.readyState();
  }
}
