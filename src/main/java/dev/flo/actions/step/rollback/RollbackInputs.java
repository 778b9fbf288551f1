package dev.flo.actions.step.rollback;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.InputError;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.step.compose.ComposeInputs;

/** The inputs of {@code rollback}, read and checked together. */
public record RollbackInputs(
    Provider provider,
    Secret token,
    String serviceId,
    String environmentId,
    String projectId,
    String teamId,
    RollbackRequest request,
    String reason,
    String apiUrl,
    Long githubDeploymentId,
    Secret githubToken,
    String environment,
    String environmentUrl,
    ComposeInputs compose,
    boolean dryRun) {

  /** Hosts with a rollback implementation. */
  public enum Provider {
    RENDER,
    RAILWAY,
    VERCEL,
    /** Docker Compose on your own hosts, over SSH. */
    COMPOSE
  }

  static final List<InputDef> DEFS =
      Stream.concat(Stream.of(
          InputDef.required("provider", "Where the app runs: `render`, `railway` or `compose` (backend), or `vercel` (frontend)."),
          InputDef.optional("token", "The provider's key: a Render API key, a Railway project or account token, or a Vercel access token. Required except for `compose`.").asSecret(),
          InputDef.optional("service-id", "The service to roll back (Render `srv-…`, or the Railway service id)."),
          InputDef.optional("environment-id", "The Railway environment. Required for `railway`."),
          InputDef.optional("project-id", "The Vercel project (prj_...). Required for `vercel`."),
          InputDef.optional("team-id", "The Vercel team (team_...) when the project belongs to a team."),
          InputDef.withDefault("to", "`previous` (the last deploy live before the failed one, never a failed one) or a deploy id to restore, such as deploy-backend's `previous-deploy-id` or deploy-frontend's `previous-deployment-id`.", RollbackRequest.PREVIOUS),
          InputDef.optional("deploy-id", "The deploy being rolled back (deploy-backend's `deploy-id`, deploy-frontend's `deployment-id`). Default: the deploy live now. With it, a rollback never replaces a newer deploy someone else made."),
          InputDef.optional("reason", "Why, shown in the summary and on the GitHub deployment (and as the Vercel rollback's description)."),
          InputDef.withDefault("timeout", "How long to wait for the restored deploy to be live.", "10m"),
          InputDef.optional("api-url", "The provider's API base URL. Default: the provider's public API."),
          InputDef.optional("github-deployment-id", "The GitHub deployment of the failed deploy (deploy-backend's `github-deployment-id`): marked `failure`."),
          InputDef.withDefault("github-token", "Token for GitHub deployments; needs `deployments: write`.", "${{ github.token }}").asSecret(),
          InputDef.withDefault("environment", "The GitHub environment of the deployments.", "production"),
          InputDef.optional("environment-url", "The URL shown on the restored GitHub deployment. Default: the service's URL.")),
          ComposeInputs.DEFS.stream()).toList();

  static RollbackInputs read(Inputs in) throws InputError {
    Provider provider = in.choice("provider", Provider.class);
    Secret token = in.secret("token");
    String serviceId = in.string("service-id");
    String environmentId = in.string("environment-id");
    String projectId = in.string("project-id");
    String teamId = in.string("team-id");
    String to = in.string("to");
    if (provider == Provider.COMPOSE && to != null && !to.equals(RollbackRequest.PREVIOUS) && !to.matches(ComposeProject.TAG)) {
      in.problem("to", "is '" + to + "'", "Use `previous` or an image tag deployed before, such as deploy-backend's `previous-deploy-id`.");
    } else if (provider != Provider.COMPOSE && to != null && !to.equals(RollbackRequest.PREVIOUS) && !to.matches("[A-Za-z0-9_-]+")) {
      in.problem("to", "is '" + to + "'", "Use `previous` or a deploy id such as dep-abc123 or dpl_abc123.");
    }
    String failed = in.string("deploy-id");
    String reason = in.string("reason");
    Duration timeout = in.duration("timeout");
    URI api = in.url("api-url");
    String ghRaw = in.string("github-deployment-id");
    if (ghRaw != null && !ghRaw.matches("\\d{1,18}")) {
      in.problem("github-deployment-id", "is '" + ghRaw + "', not a number", "Pass deploy-backend's `github-deployment-id` output, or leave it empty.");
    }
    Secret githubToken = in.secret("github-token");
    String environment = in.string("environment");
    URI environmentUrl = in.url("environment-url");
    boolean dryRun = in.dryRun();
    ComposeInputs compose = ComposeInputs.read(in, provider == Provider.COMPOSE);
    if (provider == Provider.COMPOSE && failed != null && !failed.matches(ComposeProject.TAG)) {
      in.problem("deploy-id", "is '" + failed + "', not an image tag", "Pass deploy-backend's `deploy-id` (the image tag it deployed).");
    }
    if (provider != null && provider != Provider.COMPOSE && token == null) {
      in.problem("token", "is required for `provider: " + provider.name().toLowerCase(java.util.Locale.ROOT) + "`", "Pass the provider's key from a secret, such as `token: ${{ secrets.RENDER_API_KEY }}`.");
    }
    if (provider == Provider.VERCEL && projectId == null) {
      in.problem("project-id", "is required for `provider: vercel`", "Give the Vercel project id (prj_...), from the project's Settings.");
    }
    if (provider != null && provider != Provider.VERCEL && provider != Provider.COMPOSE && serviceId == null) {
      in.problem("service-id", "is required", provider == Provider.RENDER ? "Give the service ID from the Render dashboard URL, such as `srv-abc123`." : "Give the Railway service id.");
    }
    if (provider == Provider.RAILWAY && environmentId == null) {
      in.problem("environment-id", "is required for `provider: railway`", "Give the Railway environment id.");
    }
    in.check();
    String apiUrl = api != null ? api.toString() : provider == Provider.RAILWAY ? RailwayClient.PUBLIC_API : provider == Provider.VERCEL ? VercelClient.DEFAULT_API.toString() : RenderClient.PUBLIC_API;
    return new RollbackInputs(
        provider, token, serviceId, environmentId, projectId, teamId, new RollbackRequest(to, failed, timeout), reason, apiUrl,
        ghRaw == null ? null : Long.valueOf(ghRaw), githubToken, environment, environmentUrl == null ? null : environmentUrl.toString(), compose, dryRun);
  }
}
