package dev.flo.actions.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.http.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GitHub's OIDC token request (toolkit {@code oidc-utils.ts}): GET the request URL with {@code
 * &audience=}, the request token as Bearer, read {@code value}, and mask it at once. Needs {@code
 * permissions: id-token: write}.
 */
public final class Oidc {
  private final Map<String, String> env;
  private final Http http;
  private final Masker masker;

  public Oidc(Map<String, String> env, Http http, Masker masker) {
    this.env = env;
    this.http = http;
    this.masker = masker;
  }

  public boolean available() {
    return notBlank(env.get("ACTIONS_ID_TOKEN_REQUEST_URL"))
        && notBlank(env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN"));
  }

  public Secret idToken(String audience) throws StepFailure, IOException, InterruptedException {
    if (!available()) {
      throw new StepFailure(
          "No GitHub OIDC token is available to this step.",
          "Add `permissions: id-token: write` to the job (or workflow) so the runner passes ACTIONS_ID_TOKEN_REQUEST_URL.");
    }
    String url = env.getOrDefault("ACTIONS_ID_TOKEN_REQUEST_URL", "");
    Secret requestToken = masker.mask(env.getOrDefault("ACTIONS_ID_TOKEN_REQUEST_TOKEN", ""));
    String full =
        url
            + (url.contains("?") ? "&" : "?")
            + "audience="
            + URLEncoder.encode(audience, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(full))
            .header("Authorization", "Bearer " + requestToken.reveal())
            .header("Accept", "application/json; api-version=2.0")
            .GET()
            .build();
    HttpResponse<String> response =
        http.send(request, "request GitHub OIDC token for audience " + audience);
    if (response.statusCode() != 200) {
      throw new StepFailure(
          "GitHub refused the OIDC token request (HTTP " + response.statusCode() + ").",
          "Check that the job has `permissions: id-token: write`.");
    }
    JsonNode value = Json.MAPPER.readTree(response.body()).path("value");
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new StepFailure(
          "GitHub's OIDC token response had no value.",
          "Re-run the job; if it persists, check GitHub's status page.");
    }
    return masker.mask(value.asText());
  }

  private static boolean notBlank(@Nullable String s) {
    return s != null && !s.isBlank();
  }
}
