package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.step.compose.ComposeInputs;

/** The inputs of {@code deploy-backend}, read and checked together. */
public record DeployBackendInputs(
    Provider provider,
    Secret token,
    String serviceId,
    String environmentId,
    String commit,
    String image,
    boolean clearCache,
    Secret hookUrl,
    boolean waitForLive,
    Duration timeout,
    boolean cancelOnTimeout,
    String apiUrl,
    boolean githubDeployment,
    Secret githubToken,
    String environment,
    String environmentUrl,
    String imageTag,
    ComposeInputs compose,
    boolean dryRun) {

  /** Where the backend runs. */
  public enum Provider {
    RENDER,
    RAILWAY,
    HOOK,
    /** Docker Compose on your own hosts, over SSH. */
    COMPOSE
  }

  static final List<InputDef> DEFS =
      Stream.concat(Stream.of(
          InputDef.required("provider", "Where the backend runs: `render` or `railway` (API, waits for the deploy), `compose` (Docker Compose on your hosts over SSH, waits until healthy), or `hook` (a deploy-hook URL, cannot wait)."),
          InputDef.optional("token", "The provider's key: a Render API key, or a Railway project token or account/workspace token. Required for `render` and `railway`.").asSecret(),
          InputDef.optional("service-id", "The service to deploy (Render `srv-…`, Railway service id). Required for `render` and `railway`."),
          InputDef.optional("environment-id", "The Railway environment to deploy in. Required for `railway`."),
          InputDef.optional("commit", "The Git commit Render should deploy. Default: the workflow's commit (GITHUB_SHA). Not used with `image`."),
          InputDef.optional("image", "For image-backed services: the image to deploy. Only its tag or digest may differ from the service's image."),
          InputDef.withDefault("clear-cache", "Clear Render's build cache before building.", "false"),
          InputDef.optional("hook-url", "The deploy-hook URL, for `provider: hook`. It contains a key: store it as a secret.").asSecret(),
          InputDef.withDefault("wait", "Wait until the deploy is live or has failed.", "true"),
          InputDef.withDefault("timeout", "How long to wait for the deploy, such as 20m or 1h.", "20m"),
          InputDef.withDefault("cancel-on-timeout", "Cancel the deploy if it is still running when `timeout` is reached.", "false"),
          InputDef.optional("api-url", "The provider's API URL. Default: " + RenderClient.PUBLIC_API + " (Render), " + RailwayClient.PUBLIC_API + " (Railway)."),
          InputDef.optional("github-deployment", "Record a GitHub deployment with statuses. Default: true when `github-token` is set."),
          InputDef.withDefault("github-token", "Token for GitHub deployments; needs `deployments: write`.", "${{ github.token }}").asSecret(),
          InputDef.withDefault("environment", "The GitHub environment name of the deployment.", "production"),
          InputDef.optional("environment-url", "The URL shown on the GitHub deployment and set as the `url` output. Default: the Render service's URL."),
          InputDef.optional("image-tag", "For `compose`: the value of `image-variable` to deploy, such as the commit SHA or v1.2.3. Required for `compose`; it is the `deploy-id`.")),
          ComposeInputs.DEFS.stream()).toList();

  static DeployBackendInputs read(Inputs in, GitHubContext github) throws dev.flo.actions.runtime.InputError {
    Provider provider = in.choice("provider", Provider.class);
    Secret token = in.secret("token");
    String serviceId = in.string("service-id");
    String environmentId = in.string("environment-id");
    String image = in.string("image");
    String commit = in.string("commit");
    if (commit != null && image != null) {
      in.problem("commit", "and `image` are both set", "Give `commit` for a Git-backed service or `image` for an image-backed one, not both.");
    }
    if (commit == null && image == null) {
      commit = github.sha();
    }
    if (commit != null && !commit.matches("[0-9a-fA-F]{7,40}")) {
      in.problem("commit", "is '" + commit + "', not a Git SHA", "Give a commit SHA of 7 to 40 hex digits.");
    }
    boolean clearCache = in.bool("clear-cache");
    Secret hookUrl = in.secret("hook-url");
    boolean waitForLive = in.bool("wait");
    Duration timeout = in.duration("timeout");
    boolean cancelOnTimeout = in.bool("cancel-on-timeout");
    URI api = in.url("api-url");
    Secret githubToken = in.secret("github-token");
    boolean githubDeployment = in.isSet("github-deployment") ? in.bool("github-deployment") : githubToken != null;
    if (githubDeployment && githubToken == null) {
      in.problem("github-token", "is empty but `github-deployment` is true", "Pass `github-token: ${{ github.token }}` with `permissions: { deployments: write }`, or set `github-deployment: false`.");
    }
    String environment = in.string("environment");
    URI environmentUrl = in.url("environment-url");
    boolean dryRun = in.dryRun();
    String imageTag = in.string("image-tag");
    ComposeInputs compose = ComposeInputs.read(in, provider == Provider.COMPOSE);
    if (provider == Provider.COMPOSE) {
      if (imageTag == null) {
        in.problem("image-tag", "is required for `provider: compose`", "Give the tag your build pushed, such as `image-tag: ${{ github.sha }}` or v1.2.3.");
      } else if (!imageTag.matches(ComposeProject.TAG)) {
        in.problem("image-tag", "is '" + imageTag + "', not an image tag", "Use letters, digits, '_', '.' and '-' (at most 128), as Docker tags allow.");
      }
      if (image != null) {
        in.problem("image", "is not used by `provider: compose`", "The compose file names the image; give the tag as `image-tag`.");
      }
    }
    if (provider == Provider.RAILWAY) {
      if (token == null) {
        in.problem("token", "is required for `provider: railway`", "Pass a Railway token from a secret: `token: ${{ secrets.RAILWAY_TOKEN }}`.");
      }
      if (serviceId == null) {
        in.problem("service-id", "is required for `provider: railway`", "Give the service id (Railway: service Settings, or Cmd+K \"Copy Service ID\").");
      }
      if (environmentId == null) {
        in.problem("environment-id", "is required for `provider: railway`", "Give the environment id (Railway: Cmd+K \"Copy Environment ID\").");
      }
      if (image != null) {
        in.problem("image", "is not supported for `provider: railway`", "Railway deploys the service's configured source; remove `image`.");
      }
    }
    if (provider == Provider.RENDER) {
      if (token == null) {
        in.problem("token", "is required for `provider: render`", "Pass a Render API key from a secret: `token: ${{ secrets.RENDER_API_KEY }}`.");
      }
      if (serviceId == null) {
        in.problem("service-id", "is required for `provider: render`", "Give the service ID from the Render dashboard URL, such as `srv-abc123`.");
      }
      if (commit == null && image == null) {
        in.problem("commit", "is empty and GITHUB_SHA is not set", "Give the commit to deploy, or `image` for an image-backed service.");
      }
    }
    if (provider == Provider.HOOK) {
      if (hookUrl == null) {
        in.problem("hook-url", "is required for `provider: hook`", "Pass the deploy-hook URL from a secret: `hook-url: ${{ secrets.RENDER_DEPLOY_HOOK }}`.");
      } else {
        in.parseUrl("hook-url", hookUrl.reveal());
      }
    }
    if (timeout != null && timeout.isZero()) {
      in.problem("timeout", "is zero", "Give a positive duration such as 20m.");
    }
    in.check();
    String apiUrl = api != null ? api.toString() : provider == Provider.RAILWAY ? RailwayClient.PUBLIC_API : RenderClient.PUBLIC_API;
    return new DeployBackendInputs(
        provider, token, serviceId, environmentId, image == null ? commit : null, image, clearCache, hookUrl, waitForLive, timeout, cancelOnTimeout,
        apiUrl, githubDeployment, githubToken, environment, environmentUrl == null ? null : environmentUrl.toString(), imageTag, compose, dryRun);
  }
}
