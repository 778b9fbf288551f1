package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.common.DeployProvider;
import dev.flo.actions.step.common.DeploymentInputs;
import dev.flo.actions.step.compose.ComposeInputs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code rollback}, declared once below and read by the launcher; the record holds
 * them checked together.
 */
public record RollbackInputs(
    DeployProvider provider,
    @Nullable Secret token,
    @Nullable String serviceId,
    @Nullable String environmentId,
    @Nullable String projectId,
    @Nullable String teamId,
    RollbackRequest request,
    @Nullable String reason,
    String apiUrl,
    @Nullable Long githubDeploymentId,
    @Nullable Secret githubToken,
    String environment,
    @Nullable String environmentUrl,
    @Nullable ComposeInputs compose,
    boolean dryRun) {

  static final Input<DeployProvider> PROVIDER =
      DeployProvider.input(
          "Where the app runs: `render`, `railway` or `compose` (backend), or `vercel` (frontend).",
          DeployProvider.RENDER,
          DeployProvider.RAILWAY,
          DeployProvider.VERCEL,
          DeployProvider.COMPOSE);
  static final Input<Secret> TOKEN =
      DeploymentInputs.token(
          "The provider's key: a Render API key, a Railway project or account token, or a Vercel access token. Required except for `compose`.");
  static final Input<String> SERVICE_ID =
      DeploymentInputs.serviceId(
          "The service to roll back (Render `srv-…`, or the Railway service id).");
  static final Input<String> ENVIRONMENT_ID = DeploymentInputs.ENVIRONMENT_ID;
  static final Input<String> PROJECT_ID =
      DeploymentInputs.projectId("The Vercel project (prj_...). Required for `vercel`.");
  static final Input<String> TEAM_ID = DeploymentInputs.TEAM_ID;
  static final Input<String> TO =
      Input.named(
              "to",
              "`previous` (the last deploy live before the failed one, never a failed one) or a deploy id to restore, such as deploy-backend's `previous-deploy-id` or deploy-frontend's `previous-deployment-id`.")
          .text()
          .byDefault(RollbackRequest.PREVIOUS);
  static final Input<String> DEPLOY_ID =
      Input.named(
              "deploy-id",
              "The deploy being rolled back (deploy-backend's `deploy-id`, deploy-frontend's `deployment-id`). Default: the deploy live now. With it, a rollback never replaces a newer deploy someone else made.")
          .text();
  static final Input<String> REASON =
      Input.named(
              "reason",
              "Why, shown in the summary and on the GitHub deployment (and as the Vercel rollback's description).")
          .text();
  static final Input<Duration> TIMEOUT =
      DeploymentInputs.timeout("How long to wait for the restored deploy to be live.", "10m");
  static final Input<URI> API_URL =
      DeploymentInputs.apiUrl("The provider's API base URL. Default: the provider's public API.");
  static final Input<Long> GITHUB_DEPLOYMENT_ID =
      Input.named(
              "github-deployment-id",
              "The GitHub deployment of the failed deploy (deploy-backend's `github-deployment-id`): marked `failure`.")
          .reading(RollbackInputs::deploymentId);
  static final Input<Secret> GITHUB_TOKEN = DeploymentInputs.GITHUB_TOKEN;
  static final Input<String> ENVIRONMENT = DeploymentInputs.ENVIRONMENT;
  static final Input<URI> ENVIRONMENT_URL =
      DeploymentInputs.environmentUrl(
          "The URL shown on the restored GitHub deployment. Default: the service's URL.");

  static final List<Input<?>> ALL = all();

  private static List<Input<?>> all() {
    List<Input<?>> all =
        new ArrayList<>(
            List.of(
                PROVIDER,
                TOKEN,
                SERVICE_ID,
                ENVIRONMENT_ID,
                PROJECT_ID,
                TEAM_ID,
                TO,
                DEPLOY_ID,
                REASON,
                TIMEOUT,
                API_URL,
                GITHUB_DEPLOYMENT_ID,
                GITHUB_TOKEN,
                ENVIRONMENT,
                ENVIRONMENT_URL));
    all.addAll(ComposeInputs.ALL);
    return List.copyOf(all);
  }

  /** A GitHub deployment id: a whole number. */
  private static @Nullable Long deploymentId(Inputs in, String name) {
    String raw = in.string(name);
    if (raw != null && !raw.matches("\\d{1,18}")) {
      in.problem(
          name,
          "is '" + raw + "', not a number",
          "Pass deploy-backend's `github-deployment-id` output, or leave it empty.");
      return null;
    }
    return raw == null ? null : Long.valueOf(raw);
  }

  /** Checks the inputs (read already) against each other; null when any input has a problem. */
  static @Nullable RollbackInputs read(Inputs in, StepPort port) {
    DeployProvider provider = in.get(PROVIDER);
    Secret token = in.get(TOKEN);
    String serviceId = in.get(SERVICE_ID);
    String environmentId = in.get(ENVIRONMENT_ID);
    String projectId = in.get(PROJECT_ID);
    String teamId = in.get(TEAM_ID);
    String to = in.get(TO);
    if (provider == DeployProvider.COMPOSE
        && to != null
        && !to.equals(RollbackRequest.PREVIOUS)
        && !to.matches(ComposeProject.TAG)) {
      in.problem(
          TO,
          "is '" + to + "'",
          "Use `previous` or an image tag deployed before, such as deploy-backend's `previous-deploy-id`.");
    } else if (provider != DeployProvider.COMPOSE
        && to != null
        && !to.equals(RollbackRequest.PREVIOUS)
        && !to.matches("[A-Za-z0-9_-]+")) {
      in.problem(
          TO, "is '" + to + "'", "Use `previous` or a deploy id such as dep-abc123 or dpl_abc123.");
    }
    String failed = in.get(DEPLOY_ID);
    String reason = in.get(REASON);
    Duration timeout = in.get(TIMEOUT);
    URI api = in.get(API_URL);
    Long githubDeploymentId = in.get(GITHUB_DEPLOYMENT_ID);
    Secret githubToken = in.get(GITHUB_TOKEN);
    String environment = in.get(ENVIRONMENT);
    URI environmentUrl = in.get(ENVIRONMENT_URL);
    boolean dryRun = in.dryRun();
    ComposeInputs compose = ComposeInputs.read(in, provider == DeployProvider.COMPOSE);
    if (provider == DeployProvider.COMPOSE
        && failed != null
        && !failed.matches(ComposeProject.TAG)) {
      in.problem(
          DEPLOY_ID,
          "is '" + failed + "', not an image tag",
          "Pass deploy-backend's `deploy-id` (the image tag it deployed).");
    }
    if (provider != null && provider != DeployProvider.COMPOSE && token == null) {
      in.problem(
          TOKEN,
          "is required for `provider: " + provider.inputValue() + "`",
          "Pass the provider's key from a secret, such as `token: ${{ secrets.RENDER_API_KEY }}`.");
    }
    if (provider == DeployProvider.VERCEL && projectId == null) {
      in.problem(
          PROJECT_ID,
          "is required for `provider: vercel`",
          "Give the Vercel project id (prj_...), from the project's Settings.");
    }
    if (provider != null
        && provider != DeployProvider.VERCEL
        && provider != DeployProvider.COMPOSE
        && serviceId == null) {
      in.problem(
          SERVICE_ID,
          "is required",
          provider == DeployProvider.RENDER
              ? "Give the service ID from the Render dashboard URL, such as `srv-abc123`."
              : "Give the Railway service id.");
    }
    if (provider == DeployProvider.RAILWAY && environmentId == null) {
      in.problem(
          ENVIRONMENT_ID,
          "is required for `provider: railway`",
          "Give the Railway environment id.");
    }
    if (in.hasProblems()) {
      return null;
    }
    String apiUrl =
        api != null
            ? api.toString()
            : provider == DeployProvider.RAILWAY
                ? RailwayClient.PUBLIC_API
                : provider == DeployProvider.VERCEL
                    ? VercelClient.DEFAULT_API.toString()
                    : RenderClient.PUBLIC_API;
    return new RollbackInputs(
        Objects.requireNonNull(provider, "provider is required"),
        token,
        serviceId,
        environmentId,
        projectId,
        teamId,
        new RollbackRequest(
            Objects.requireNonNull(to, "to has a default"),
            failed,
            Objects.requireNonNull(timeout, "timeout has a default")),
        reason,
        apiUrl,
        githubDeploymentId,
        githubToken,
        Objects.requireNonNull(environment, "environment has a default"),
        environmentUrl == null ? null : environmentUrl.toString(),
        compose,
        dryRun);
  }
}
