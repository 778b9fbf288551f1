package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.vercel.VercelDeployment;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
    @Nullable VercelDeployment deployment,
    List<String> aliases,
    int uploaded,
    int reused,
    long uploadedBytes,
    @Nullable VercelDeployment previous,
    UnverifiedDeploymentGuard.@Nullable Undo undo,
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

  /** Nothing created: a dry run's result, with the production deployment it read (or null). */
  static DeployFrontendResult planned(@Nullable VercelDeployment previous) {
    return new DeployFrontendResult(
        Status.PLANNED, null, List.of(), 0, 0, 0, previous, null, List.of());
  }

  /** Created, not (yet) waited for: how every real run's result starts. */
  static DeployFrontendResult created(
      VercelDeployment d,
      int uploaded,
      int reused,
      long uploadedBytes,
      @Nullable VercelDeployment previous) {
    return new DeployFrontendResult(
        Status.CREATED, d, List.of(), uploaded, reused, uploadedBytes, previous, null, List.of());
  }

  /** How the wait ended, with the deployment as last seen. */
  DeployFrontendResult ended(
      Status ended,
      VercelDeployment d,
      UnverifiedDeploymentGuard.@Nullable Undo undo,
      List<String> buildLog) {
    return new DeployFrontendResult(
        ended, d, aliases, uploaded, reused, uploadedBytes, previous, undo, List.copyOf(buildLog));
  }

  /** With the aliases assigned so far. */
  DeployFrontendResult withAliases(List<String> assigned) {
    return new DeployFrontendResult(
        status,
        deployment,
        List.copyOf(assigned),
        uploaded,
        reused,
        uploadedBytes,
        previous,
        undo,
        buildLog);
  }

  /** The deployment of a real run: only a dry run ({@link Status#PLANNED}) has none. */
  VercelDeployment created() {
    return Objects.requireNonNull(deployment, "only a dry run's result has no deployment");
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
    VercelDeployment d = created();
    return d.aliases().isEmpty()
        ? String.valueOf(d.httpsUrl())
        : "https://" + d.aliases().getFirst();
  }

  /** Vercel's error code and message, or a description of the state. */
  String failureReason() {
    VercelDeployment deployment = created();
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
