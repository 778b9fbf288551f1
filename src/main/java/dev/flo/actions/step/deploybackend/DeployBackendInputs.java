package dev.flo.actions.step.deploybackend;

import dev.flo.actions.provider.compose.ComposeProject;
import dev.flo.actions.provider.railway.RailwayClient;
import dev.flo.actions.provider.render.RenderClient;
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
 * The inputs of {@code deploy-backend}, declared once below and read by the launcher; the record
 * holds them checked together.
 */
public record DeployBackendInputs(
    DeployProvider provider,
    @Nullable Secret token,
    @Nullable String serviceId,
    @Nullable String environmentId,
    @Nullable String commit,
    @Nullable String image,
    boolean clearCache,
    @Nullable Secret hookUrl,
    boolean waitForLive,
    Duration timeout,
    boolean cancelOnTimeout,
    String apiUrl,
    boolean githubDeployment,
    @Nullable Secret githubToken,
    String environment,
    @Nullable String environmentUrl,
    @Nullable String imageTag,
    @Nullable ComposeInputs compose,
    boolean dryRun) {

  static final Input<DeployProvider> PROVIDER =
      DeployProvider.input(
          "Where the backend runs: `render` or `railway` (API, waits for the deploy), `compose` (Docker Compose on your hosts over SSH, waits until healthy), or `hook` (a deploy-hook URL, cannot wait).",
          DeployProvider.RENDER,
          DeployProvider.RAILWAY,
          DeployProvider.HOOK,
          DeployProvider.COMPOSE);
  static final Input<Secret> TOKEN =
      DeploymentInputs.token(
          "The provider's key: a Render API key, or a Railway project token or account/workspace token. Required for `render` and `railway`.");
  static final Input<String> SERVICE_ID =
      DeploymentInputs.serviceId(
          "The service to deploy (Render `srv-…`, Railway service id). Required for `render` and `railway`.");
  static final Input<String> ENVIRONMENT_ID = DeploymentInputs.ENVIRONMENT_ID;
  static final Input<String> COMMIT =
      Input.named(
              "commit",
              "The Git commit Render should deploy. Default: the workflow's commit (GITHUB_SHA). Not used with `image`.")
          .text();
  static final Input<String> IMAGE =
      Input.named(
              "image",
              "For image-backed services: the image to deploy. Only its tag or digest may differ from the service's image.")
          .text();
  static final Input<Boolean> CLEAR_CACHE =
      Input.named("clear-cache", "Clear Render's build cache before building.")
          .bool()
          .byDefault("false");
  static final Input<Secret> HOOK_URL =
      Input.named(
              "hook-url",
              "The deploy-hook URL, for `provider: hook`. It contains a key: store it as a secret.")
          .secretText();
  static final Input<Boolean> WAIT =
      Input.named("wait", "Wait until the deploy is live or has failed.").bool().byDefault("true");
  static final Input<Duration> TIMEOUT =
      DeploymentInputs.timeout("How long to wait for the deploy, such as 20m or 1h.", "20m");
  static final Input<Boolean> CANCEL_ON_TIMEOUT =
      Input.named(
              "cancel-on-timeout",
              "Cancel the deploy if it is still running when `timeout` is reached.")
          .bool()
          .byDefault("false");
  static final Input<URI> API_URL =
      DeploymentInputs.apiUrl(
          "The provider's API URL. Default: "
              + RenderClient.PUBLIC_API
              + " (Render), "
              + RailwayClient.PUBLIC_API
              + " (Railway).");
  static final Input<Boolean> GITHUB_DEPLOYMENT =
      DeploymentInputs.githubDeployment(
          "Record a GitHub deployment with statuses. Default: true when `github-token` is set.");
  static final Input<Secret> GITHUB_TOKEN = DeploymentInputs.GITHUB_TOKEN;
  static final Input<String> ENVIRONMENT = DeploymentInputs.ENVIRONMENT;
  static final Input<URI> ENVIRONMENT_URL =
      DeploymentInputs.environmentUrl(
          "The URL shown on the GitHub deployment and set as the `url` output. Default: the Render service's URL.");
  static final Input<String> IMAGE_TAG =
      Input.named(
              "image-tag",
              "For `compose`: the value of `image-variable` to deploy, such as the commit SHA or v1.2.3. Required for `compose`; it is the `deploy-id`.")
          .text();

  static final List<Input<?>> ALL = all();

  private static List<Input<?>> all() {
    List<Input<?>> all =
        new ArrayList<>(
            List.of(
                PROVIDER,
                TOKEN,
                SERVICE_ID,
                ENVIRONMENT_ID,
                COMMIT,
                IMAGE,
                CLEAR_CACHE,
                HOOK_URL,
                WAIT,
                TIMEOUT,
                CANCEL_ON_TIMEOUT,
                API_URL,
                GITHUB_DEPLOYMENT,
                GITHUB_TOKEN,
                ENVIRONMENT,
                ENVIRONMENT_URL,
                IMAGE_TAG));
    all.addAll(ComposeInputs.ALL);
    return List.copyOf(all);
  }

  /** Checks the inputs (read already) against each other; null when any input has a problem. */
  static @Nullable DeployBackendInputs read(Inputs in, StepPort port) {
    DeployProvider provider = in.get(PROVIDER);
    Secret token = in.get(TOKEN);
    String serviceId = in.get(SERVICE_ID);
    String environmentId = in.get(ENVIRONMENT_ID);
    String image = in.get(IMAGE);
    String commit = in.get(COMMIT);
    if (commit != null && image != null) {
      in.problem(
          COMMIT,
          "and `image` are both set",
          "Give `commit` for a Git-backed service or `image` for an image-backed one, not both.");
    }
    if (commit == null && image == null) {
      commit = port.github().sha();
    }
    if (commit != null && !commit.matches("[0-9a-fA-F]{7,40}")) {
      in.problem(
          COMMIT, "is '" + commit + "', not a Git SHA", "Give a commit SHA of 7 to 40 hex digits.");
    }
    boolean clearCache = Objects.requireNonNull(in.get(CLEAR_CACHE), "clear-cache has a default");
    Secret hookUrl = in.get(HOOK_URL);
    boolean waitForLive = Objects.requireNonNull(in.get(WAIT), "wait has a default");
    Duration timeout = in.get(TIMEOUT);
    boolean cancelOnTimeout =
        Objects.requireNonNull(in.get(CANCEL_ON_TIMEOUT), "cancel-on-timeout has a default");
    URI api = in.get(API_URL);
    Secret githubToken = in.get(GITHUB_TOKEN);
    boolean githubDeployment =
        DeploymentInputs.githubDeployment(in, GITHUB_DEPLOYMENT, GITHUB_TOKEN);
    String environment = in.get(ENVIRONMENT);
    URI environmentUrl = in.get(ENVIRONMENT_URL);
    boolean dryRun = in.dryRun();
    String imageTag = in.get(IMAGE_TAG);
    ComposeInputs compose = ComposeInputs.read(in, provider == DeployProvider.COMPOSE);
    if (provider == DeployProvider.COMPOSE) {
      if (imageTag == null) {
        in.problem(
            IMAGE_TAG,
            "is required for `provider: compose`",
            "Give the tag your build pushed, such as `image-tag: ${{ github.sha }}` or v1.2.3.");
      } else if (!imageTag.matches(ComposeProject.TAG)) {
        in.problem(
            IMAGE_TAG,
            "is '" + imageTag + "', not an image tag",
            "Use letters, digits, '_', '.' and '-' (at most 128), as Docker tags allow.");
      }
      if (image != null) {
        in.problem(
            IMAGE,
            "is not used by `provider: compose`",
            "The compose file names the image; give the tag as `image-tag`.");
      }
    }
    if (provider == DeployProvider.RAILWAY) {
      if (token == null) {
        in.problem(
            TOKEN,
            "is required for `provider: railway`",
            "Pass a Railway token from a secret: `token: ${{ secrets.RAILWAY_TOKEN }}`.");
      }
      if (serviceId == null) {
        in.problem(
            SERVICE_ID,
            "is required for `provider: railway`",
            "Give the service id (Railway: service Settings, or Cmd+K \"Copy Service ID\").");
      }
      if (environmentId == null) {
        in.problem(
            ENVIRONMENT_ID,
            "is required for `provider: railway`",
            "Give the environment id (Railway: Cmd+K \"Copy Environment ID\").");
      }
      if (image != null) {
        in.problem(
            IMAGE,
            "is not supported for `provider: railway`",
            "Railway deploys the service's configured source; remove `image`.");
      }
    }
    if (provider == DeployProvider.RENDER) {
      if (token == null) {
        in.problem(
            TOKEN,
            "is required for `provider: render`",
            "Pass a Render API key from a secret: `token: ${{ secrets.RENDER_API_KEY }}`.");
      }
      if (serviceId == null) {
        in.problem(
            SERVICE_ID,
            "is required for `provider: render`",
            "Give the service ID from the Render dashboard URL, such as `srv-abc123`.");
      }
      if (commit == null && image == null) {
        in.problem(
            COMMIT,
            "is empty and GITHUB_SHA is not set",
            "Give the commit to deploy, or `image` for an image-backed service.");
      }
    }
    if (provider == DeployProvider.HOOK) {
      if (hookUrl == null) {
        in.problem(
            HOOK_URL,
            "is required for `provider: hook`",
            "Pass the deploy-hook URL from a secret: `hook-url: ${{ secrets.RENDER_DEPLOY_HOOK }}`.");
      } else {
        in.parseUrl(HOOK_URL.name(), hookUrl.reveal());
      }
    }
    if (timeout != null && timeout.isZero()) {
      in.problem(TIMEOUT, "is zero", "Give a positive duration such as 20m.");
    }
    if (in.hasProblems()) {
      return null;
    }
    String apiUrl =
        api != null
            ? api.toString()
            : provider == DeployProvider.RAILWAY
                ? RailwayClient.PUBLIC_API
                : RenderClient.PUBLIC_API;
    return new DeployBackendInputs(
        Objects.requireNonNull(provider, "provider is required"),
        token,
        serviceId,
        environmentId,
        image == null ? commit : null,
        image,
        clearCache,
        hookUrl,
        waitForLive,
        Objects.requireNonNull(timeout, "timeout has a default"),
        cancelOnTimeout,
        apiUrl,
        githubDeployment,
        githubToken,
        Objects.requireNonNull(environment, "environment has a default"),
        environmentUrl == null ? null : environmentUrl.toString(),
        imageTag,
        compose,
        dryRun);
  }
}
