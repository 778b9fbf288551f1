package dev.flo.actions.step.common;

import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The inputs {@code deploy-backend}, {@code deploy-frontend} and {@code rollback} share, declared
 * here once: each name, its type and reader, and the rules between them ({@link
 * #githubDeployment}). A step gives the wording that names its own providers; the ones every step
 * says alike are constants.
 */
public final class DeploymentInputs {
  private DeploymentInputs() {}

  /** Token for GitHub deployments, as {@code deploy-backend} and {@code rollback} use it. */
  public static final Input<Secret> GITHUB_TOKEN =
      githubToken("Token for GitHub deployments; needs `deployments: write`.");

  /** Railway's environment, for the steps that deploy to or roll back Railway. */
  public static final Input<String> ENVIRONMENT_ID =
      environmentId("The Railway environment id. Required for `railway`.");

  /** Vercel's team, for the steps that deploy to or roll back Vercel. */
  public static final Input<String> TEAM_ID =
      teamId("The Vercel team id (team_...) when the project belongs to a team.");

  /** The GitHub environment, as {@code deploy-backend} and {@code rollback} record it. */
  public static final Input<String> ENVIRONMENT =
      environment("The GitHub environment of the deployment.").byDefault("production");

  /** The provider's key (an API key, a project token, an access token). */
  public static Input<Secret> token(String description) {
    return Input.named("token", description).secretText();
  }

  public static Input<String> serviceId(String description) {
    return Input.named("service-id", description).text();
  }

  public static Input<String> environmentId(String description) {
    return Input.named("environment-id", description).text();
  }

  public static Input<String> projectId(String description) {
    return Input.named("project-id", description).text();
  }

  public static Input<String> teamId(String description) {
    return Input.named("team-id", description).text();
  }

  /**
   * The provider's API base URL; unset means the provider's public API unless a default is
   * declared.
   */
  public static Input<URI> apiUrl(String description) {
    return Input.named("api-url", description).url();
  }

  /** The step's overall deadline. */
  public static Input<Duration> timeout(String description, String byDefault) {
    return Input.named("timeout", description).duration().byDefault(byDefault);
  }

  public static Input<Secret> githubToken(String description) {
    return Input.named("github-token", description).secretText().byDefault("${{ github.token }}");
  }

  /**
   * Whether to record a GitHub deployment; unset means "when a token is given" ({@link
   * #githubDeployment}).
   */
  public static Input<Boolean> githubDeployment(String description) {
    return Input.named("github-deployment", description).bool();
  }

  /** The GitHub environment of the deployment(s). */
  public static Input<String> environment(String description) {
    return Input.named("environment", description).text();
  }

  public static Input<URI> environmentUrl(String description) {
    return Input.named("environment-url", description).url();
  }

  /**
   * {@code github-deployment}: as set, else true when {@code github-token} is; true without a token
   * is a problem with its fix.
   */
  public static boolean githubDeployment(Inputs in, Input<Boolean> flag, Input<Secret> token) {
    @Nullable Secret githubToken = in.get(token);
    boolean on =
        in.isSet(flag)
            ? Objects.requireNonNull(in.get(flag), "a set flag reads or is a problem")
            : githubToken != null;
    if (on && githubToken == null) {
      in.problem(
          token,
          "is empty but `" + flag.name() + "` is true",
          "Pass `"
              + token.name()
              + ": ${{ github.token }}` with `permissions: { deployments: write }`, or set `"
              + flag.name()
              + ": false`.");
    }
    return on;
  }
}
