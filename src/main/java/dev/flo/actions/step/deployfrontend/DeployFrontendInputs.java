package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.common.DeploymentInputs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code deploy-frontend}, declared once below and read by the launcher; the record
 * holds them checked together.
 *
 * @param dir the directory named by the {@code dir} input, absolute
 * @param outputTree the Build Output API tree to deploy when {@code prebuilt}; null for a static
 *     directory
 * @param target {@code preview}, {@code production} or a custom environment's slug
 */
public record DeployFrontendInputs(
    Secret token,
    String projectId,
    @Nullable String teamId,
    Path dir,
    boolean prebuilt,
    @Nullable Path outputTree,
    String target,
    List<String> aliases,
    boolean prComment,
    @Nullable Secret githubToken,
    boolean githubDeployment,
    String environment,
    boolean waitForReady,
    Duration timeout,
    URI apiUrl,
    boolean dryRun) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}");
  private static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(6);

  static final Input<Secret> TOKEN = DeploymentInputs.token("Vercel access token.").required();
  static final Input<String> PROJECT_ID =
      DeploymentInputs.projectId("Vercel project id (prj_...), from the project's Settings.")
          .required();
  static final Input<String> TEAM_ID = DeploymentInputs.TEAM_ID;
  static final Input<String> DIR =
      Input.named(
              "dir",
              "Folder to deploy, relative to the workspace: one holding .vercel/output (from `vercel build`), or a static site.")
          .text()
          .byDefault(".");
  static final Input<Boolean> PREBUILT =
      Input.named(
              "prebuilt",
              "Deploy the Build Output API tree (.vercel/output) without building on Vercel. Default: true when dir holds one.")
          .bool();
  static final Input<String> TARGET =
      Input.named("target", "preview, production, or the slug of a custom environment.")
          .text()
          .byDefault("preview");
  static final Input<List<String>> ALIAS =
      Input.named(
              "alias",
              "Extra domains to point at the deployment once it is ready (comma or newline separated).")
          .list();
  static final Input<Boolean> PR_COMMENT =
      Input.named(
              "pr-comment",
              "On a pull request, comment the preview URL (one comment, updated on later pushes).")
          .bool()
          .byDefault("true");
  static final Input<Secret> GITHUB_TOKEN =
      DeploymentInputs.githubToken(
          "Token for the pull request comment (needs pull-requests: write) and the GitHub deployment (needs deployments: write).");
  static final Input<Boolean> GITHUB_DEPLOYMENT =
      DeploymentInputs.githubDeployment(
          "Record a GitHub deployment with statuses (in_progress, then success or failure). Default: true when `github-token` is set.");
  static final Input<String> ENVIRONMENT =
      DeploymentInputs.environment(
          "The GitHub environment of the deployment. Default: production for target production, else preview.");
  static final Input<Boolean> WAIT =
      Input.named("wait", "Wait until the deployment is READY and its domains are assigned.")
          .bool()
          .byDefault("true");
  static final Input<Duration> TIMEOUT =
      DeploymentInputs.timeout(
          "How long to wait for READY; a deployment still building then is cancelled.", "15m");
  static final Input<URI> API_URL =
      DeploymentInputs.apiUrl("Vercel API base URL.").byDefault("https://api.vercel.com");

  static final List<Input<?>> ALL =
      List.of(
          TOKEN,
          PROJECT_ID,
          TEAM_ID,
          DIR,
          PREBUILT,
          TARGET,
          ALIAS,
          PR_COMMENT,
          GITHUB_TOKEN,
          GITHUB_DEPLOYMENT,
          ENVIRONMENT,
          WAIT,
          TIMEOUT,
          API_URL);

  /**
   * Checks the inputs (read already) against each other and the workspace; null when any input has
   * a problem.
   */
  static @Nullable DeployFrontendInputs read(Inputs in, StepPort port) {
    Secret token = in.get(TOKEN);
    String projectId = in.get(PROJECT_ID);
    String teamId = in.get(TEAM_ID);
    String dirText = Objects.requireNonNull(in.get(DIR), "dir has a default");
    Path dir = port.workspace().root().resolve(dirText).toAbsolutePath().normalize();
    Path tree = null;
    if (!Files.isDirectory(dir)) {
      in.problem(
          DIR,
          "is '" + dirText + "', which is not a directory in the workspace",
          "Give the folder to deploy, relative to the repository root (such as apps/web or apps/web/dist).");
    } else {
      tree = outputTree(dir);
    }
    boolean prebuilt =
        in.isSet(PREBUILT)
            ? Objects.requireNonNull(in.get(PREBUILT), "prebuilt is set")
            : tree != null;
    if (prebuilt && tree == null && Files.isDirectory(dir)) {
      in.problem(
          PREBUILT,
          "is true but '"
              + dirText
              + "' holds no Build Output API tree (.vercel/output/config.json)",
          "Run `vercel pull` and `vercel build` before this step, or set prebuilt: false to upload the folder as it is.");
    }
    String target =
        Objects.requireNonNull(in.get(TARGET), "target has a default").toLowerCase(Locale.ROOT);
    if (!SLUG.matcher(target).matches()) {
      in.problem(
          TARGET,
          "is '" + target + "'",
          "Use production, preview, or the slug of a custom environment (lower-case letters, digits and hyphens).");
    }
    String builtFor = prebuilt && tree != null ? builtFor(tree) : null;
    if (builtFor != null && SLUG.matcher(target).matches() && !builtFor.equals(target)) {
      // The CLI refuses this too: the output bakes in the other environment's variables.
      in.problem(
          TARGET,
          "is " + target + ", but " + dirText + " was built by `vercel build` for " + builtFor,
          "Build with `vercel build"
              + (target.equals("production")
                  ? " --prod"
                  : target.equals("preview") ? "" : " --target " + target)
              + "`, or set target: "
              + builtFor
              + " (vercel.link/prebuilt-environment-mismatch).");
    }
    List<String> aliases =
        Objects.requireNonNull(in.get(ALIAS), "a list input reads as a list, empty when unset")
            .stream()
            .map(a -> a.toLowerCase(Locale.ROOT))
            .toList();
    for (String a : aliases) {
      if (!DOMAIN.matcher(a).matches()) {
        in.problem(
            ALIAS,
            "has '" + a + "', which is not a domain name",
            "Give bare domains such as staging.example.com, without https:// or a path.");
      }
    }
    boolean prComment = Objects.requireNonNull(in.get(PR_COMMENT), "pr-comment has a default");
    Secret githubToken = in.get(GITHUB_TOKEN);
    boolean githubDeployment =
        DeploymentInputs.githubDeployment(in, GITHUB_DEPLOYMENT, GITHUB_TOKEN);
    String environment =
        in.isSet(ENVIRONMENT)
            ? Objects.requireNonNull(in.get(ENVIRONMENT), "environment is set")
            : target.equals("production") ? "production" : "preview";
    boolean waitForReady = Objects.requireNonNull(in.get(WAIT), "wait has a default");
    Duration timeout = in.get(TIMEOUT);
    if (timeout != null
        && (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0)) {
      in.problem(
          TIMEOUT,
          "is " + timeout.toSeconds() + "s",
          "Use a duration from 10s to 6h, such as 15m.");
    }
    if (!aliases.isEmpty() && !waitForReady) {
      in.problem(
          ALIAS,
          "needs the deployment to be READY, but wait is false",
          "Set wait: true, or drop alias.");
    }
    URI apiUrl = in.get(API_URL);
    boolean dryRun = in.dryRun();
    if (in.hasProblems()) {
      return null;
    }
    return new DeployFrontendInputs(
        Objects.requireNonNull(token, "token is required"),
        Objects.requireNonNull(projectId, "project-id is required"),
        teamId,
        dir,
        prebuilt,
        prebuilt ? tree : null,
        target,
        aliases,
        prComment,
        githubToken,
        githubDeployment,
        environment,
        waitForReady,
        Objects.requireNonNull(timeout, "timeout has a default"),
        Objects.requireNonNull(apiUrl, "api-url has a default"),
        dryRun);
  }

  public boolean production() {
    return target.equals("production");
  }

  /** The {@code target} Vercel expects: omitted for a preview. */
  public @Nullable String wireTarget() {
    return target.equals("preview") ? null : target;
  }

  /**
   * The environment a Build Output tree was built for ({@code builds.json} {@code target}), or null
   * when unrecorded.
   */
  static @Nullable String builtFor(Path tree) {
    Path builds = tree.resolve("builds.json");
    if (!Files.isRegularFile(builds)) {
      return null;
    }
    try {
      String t = Json.MAPPER.readTree(builds.toFile()).at("/target").asText("");
      return t.isBlank() ? null : t.toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code dir/.vercel/output}, or {@code dir} itself, when it is a Build Output API tree (a
   * config.json with a version).
   */
  static @Nullable Path outputTree(Path dir) {
    for (Path candidate : List.of(dir.resolve(".vercel/output"), dir)) {
      Path config = candidate.resolve("config.json");
      if (Files.isRegularFile(config)) {
        try {
          if (Json.MAPPER.readTree(config.toFile()).path("version").isInt()) {
            return candidate;
          }
        } catch (IOException e) {
          // Not JSON: not a Build Output tree, so the folder is static content.
        }
      }
    }
    return null;
  }
}
