package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The inputs of {@code deploy-frontend}, read and checked together.
 *
 * @param dir the directory named by the {@code dir} input, absolute
 * @param outputTree the Build Output API tree to deploy when {@code prebuilt}; null for a static directory
 * @param target {@code preview}, {@code production} or a custom environment's slug
 */
public record DeployFrontendInputs(
    Secret token,
    String projectId,
    String teamId,
    Path dir,
    boolean prebuilt,
    Path outputTree,
    String target,
    List<String> aliases,
    boolean prComment,
    Secret githubToken,
    boolean githubDeployment,
    String environment,
    boolean waitForReady,
    Duration timeout,
    URI apiUrl,
    boolean dryRun) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}");
  private static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(6);

  /** Reads every input, records every problem, and throws them all at once. */
  public static DeployFrontendInputs read(Inputs in, Path workspace) throws dev.flo.actions.runtime.InputError {
    Secret token = in.secret("token");
    String projectId = in.string("project-id");
    String teamId = in.string("team-id");
    Path dir = workspace.resolve(in.string("dir", ".")).toAbsolutePath().normalize();
    Path tree = null;
    if (!Files.isDirectory(dir)) {
      in.problem("dir", "is '" + in.string("dir", ".") + "', which is not a directory in the workspace", "Give the folder to deploy, relative to the repository root (such as apps/web or apps/web/dist).");
    } else {
      tree = outputTree(dir);
    }
    boolean prebuilt = in.isSet("prebuilt") ? in.bool("prebuilt") : tree != null;
    if (prebuilt && tree == null && Files.isDirectory(dir)) {
      in.problem("prebuilt", "is true but '" + in.string("dir", ".") + "' holds no Build Output API tree (.vercel/output/config.json)", "Run `vercel pull` and `vercel build` before this step, or set prebuilt: false to upload the folder as it is.");
    }
    String target = in.string("target", "preview").toLowerCase(Locale.ROOT);
    if (!SLUG.matcher(target).matches()) {
      in.problem("target", "is '" + target + "'", "Use production, preview, or the slug of a custom environment (lower-case letters, digits and hyphens).");
    }
    String builtFor = prebuilt && tree != null ? builtFor(tree) : null;
    if (builtFor != null && SLUG.matcher(target).matches() && !builtFor.equals(target)) {
      // The CLI refuses this too: the output bakes in the other environment's variables.
      in.problem("target", "is " + target + ", but " + in.string("dir", ".") + " was built by `vercel build` for " + builtFor, "Build with `vercel build" + (target.equals("production") ? " --prod" : target.equals("preview") ? "" : " --target " + target) + "`, or set target: " + builtFor + " (vercel.link/prebuilt-environment-mismatch).");
    }
    List<String> aliases = in.list("alias").stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    for (String a : aliases) {
      if (!DOMAIN.matcher(a).matches()) {
        in.problem("alias", "has '" + a + "', which is not a domain name", "Give bare domains such as staging.example.com, without https:// or a path.");
      }
    }
    boolean prComment = in.bool("pr-comment");
    Secret githubToken = in.secret("github-token");
    boolean githubDeployment = in.isSet("github-deployment") ? in.bool("github-deployment") : githubToken != null;
    if (githubDeployment && githubToken == null) {
      in.problem("github-token", "is empty but `github-deployment` is true", "Pass `github-token: ${{ github.token }}` with `permissions: { deployments: write }`, or set `github-deployment: false`.");
    }
    String environment = in.string("environment", target.equals("production") ? "production" : "preview");
    boolean waitForReady = in.bool("wait");
    Duration timeout = in.duration("timeout");
    if (timeout != null && (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0)) {
      in.problem("timeout", "is " + timeout.toSeconds() + "s", "Use a duration from 10s to 6h, such as 15m.");
    }
    if (!aliases.isEmpty() && !waitForReady) {
      in.problem("alias", "needs the deployment to be READY, but wait is false", "Set wait: true, or drop alias.");
    }
    URI apiUrl = in.url("api-url");
    boolean dryRun = in.dryRun();
    in.check();
    return new DeployFrontendInputs(token, projectId, teamId, dir, prebuilt, prebuilt ? tree : null, target, aliases, prComment, githubToken, githubDeployment, environment, waitForReady, timeout, apiUrl, dryRun);
  }

  public boolean production() {
    return target.equals("production");
  }

  /** The {@code target} Vercel expects: omitted for a preview. */
  public String wireTarget() {
    return target.equals("preview") ? null : target;
  }

  /** The environment a Build Output tree was built for ({@code builds.json} {@code target}), or null when unrecorded. */
  static String builtFor(Path tree) {
    Path builds = tree.resolve("builds.json");
    if (!Files.isRegularFile(builds)) {
      return null;
    }
    try {
      String t = Json.MAPPER.readTree(builds.toFile()).path("target").asText("");
      return t.isBlank() ? null : t.toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code dir/.vercel/output}, or {@code dir} itself, when it is a Build Output API tree (a config.json with a version). */
  static Path outputTree(Path dir) {
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
