package dev.flo.actions.step.deploy;

import org.jspecify.annotations.Nullable;

/**
 * The backend or the frontend: its deploy and check phases, and the names of the outputs its deploy
 * step leaves (deploy-backend's {@code deploy-id}, deploy-frontend's {@code deployment-id}).
 *
 * @param rollbackProvider the rollback step's {@code provider} for this half, or null when it is
 *     the deploy's own
 */
enum Half {
  BACKEND(
      "Backend", Wiring.BACKEND_DEPLOY_ID.name(), Wiring.BACKEND_PREVIOUS_DEPLOY_ID.name(), null),
  FRONTEND(
      "Frontend",
      Wiring.FRONTEND_DEPLOYMENT_ID.name(),
      Wiring.FRONTEND_PREVIOUS_DEPLOYMENT_ID.name(),
      "vercel");

  final String title;
  final String idOutput;
  final String previousOutput;
  final @Nullable String rollbackProvider;

  Half(String title, String idOutput, String previousOutput, @Nullable String rollbackProvider) {
    this.title = title;
    this.idOutput = idOutput;
    this.previousOutput = previousOutput;
    this.rollbackProvider = rollbackProvider;
  }

  Phase deploy(DeployPhases phases) {
    return this == BACKEND ? phases.backend() : phases.frontend();
  }

  Phase verify(DeployPhases phases) {
    return this == BACKEND ? phases.backendVerify() : phases.frontendVerify();
  }

  String label() {
    return title.toLowerCase(java.util.Locale.ROOT);
  }
}
