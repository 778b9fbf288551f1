package dev.flo.actions.step.deploybackend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.deploybackend.DeployOutcome.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Triggers a deploy through a deploy-hook URL, for hosts that offer nothing else. A hook only
 * starts a deploy: it cannot say whether the deploy went live, so this never waits.
 */
final class HookDeployer implements BackendDeployer {
  private final Http http;
  private final Masker masker;
  private final Secret hookUrl;

  HookDeployer(Http http, Masker masker, Secret hookUrl) {
    this.http = http;
    this.masker = masker;
    this.hookUrl = hookUrl;
  }

  /** A hook has no state to read: a dry run only says what a real run would call. */
  @Override
  public Preview preview(DeployPlan plan) {
    return new Preview(null, null);
  }

  @Override
  public DeployOutcome deploy(DeployPlan plan, Deadline deadline, Consumer<DeployOutcome> started)
      throws IOException, InterruptedException, StepFailure {
    String environmentUrl = plan.environmentUrl();
    URI uri = URI.create(hookUrl.reveal());
    // The whole URL is masked as an input; its key is masked on its own in case a server echoes
    // only the key.
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          masker.mask(pair.substring(eq + 1));
        }
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = http.send(request, "call the deploy hook");
    if (r.statusCode() / 100 != 2) {
      throw new StepFailure(
          "The deploy hook answered HTTP " + r.statusCode() + "; no deploy was started.",
          r.statusCode() == 404 || r.statusCode() == 401 || r.statusCode() == 403
              ? "Check the `hook-url` secret: the hook may have been regenerated in the host's dashboard."
              : "Re-run the job; if it persists, check the host's status page.");
    }
    return new DeployOutcome(
        Result.TRIGGERED, deployId(r.body()), "triggered", null, environmentUrl, null, null, false);
  }

  /** Render's hook answers {@code {"deploy": {"id": "dep-…"}}}; other hosts may answer anything. */
  private static @Nullable String deployId(@Nullable String body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
      return n.path("deploy").path("id").asText(null);
    } catch (IOException e) {
      return null;
    }
  }
}
