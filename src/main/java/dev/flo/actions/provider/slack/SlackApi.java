package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack Web API client: sends {@link SlackCall}s with the bot token, paced to one message a
 * second, and turns Slack's answers into a {@link SlackMessageRef} or a {@link SlackException}.
 * Slack reports most errors as HTTP 200 with {@code ok:false}; 429s are retried by {@link Http}
 * after {@code Retry-After}. 5xx answers are retried only for calls that are safe to repeat (an
 * update): a post may have gone through, and a duplicate is worse than a clear failure.
 */
public final class SlackApi {
  public static final URI DEFAULT_URL = URI.create("https://slack.com/api");

  private final URI baseUrl;
  private final Secret token;
  private final Http http;
  private final SlackPacer pacer;
  private final Masker masker;

  /**
   * @param masker redacts known secrets from error-page excerpts before they are cut (see {@link
   *     Masker#excerpt})
   */
  public SlackApi(URI baseUrl, Secret token, Http http, SlackPacer pacer, Masker masker) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.token = token;
    this.http = http;
    this.pacer = pacer;
    this.masker = masker;
  }

  public SlackMessageRef call(SlackCall call) throws SlackException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve(call.method()))
            .header("Authorization", "Bearer " + token.reveal())
            // Without a charset Slack reads the body as Latin-1 and warns missing_charset; emoji
            // would break.
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(call.body().toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response =
          pacer.paced(
              () ->
                  call.idempotent()
                      ? http.sendIdempotent(request, call.description())
                      : http.send(request, call.description()));
    } catch (IOException e) {
      throw new SlackException(call.description(), "no_response", e.getMessage(), e);
    }
    return answer(call, response);
  }

  private SlackMessageRef answer(SlackCall call, HttpResponse<String> response)
      throws SlackException {
    int status = response.statusCode();
    if (status == 429) {
      throw new SlackException(
          call.description(),
          "rate_limited",
          status,
          "still throttled; the log says how long Slack asked to wait (a wait past the step's `timeout` is not taken)");
    }
    if (status != 200) {
      throw new SlackException(
          call.description(), "http_" + status, status, masker.excerpt(response.body()));
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new SlackException(
          call.description(),
          "invalid_response",
          status,
          "not JSON: " + masker.excerpt(response.body()));
    }
    if (!body.path("ok").asBoolean(false)) {
      throw new SlackException(
          call.description(), body.path("error").asText("unknown_error"), status, details(body));
    }
    return new SlackMessageRef(body.path("channel").asText(null), body.path("ts").asText(null));
  }

  /**
   * Slack's extra hints: the scope {@code missing_scope} needs, and {@code
   * response_metadata.messages}.
   */
  private static String details(JsonNode body) {
    List<String> parts = new ArrayList<>();
    if (body.hasNonNull("needed")) {
      parts.add("needs scope " + body.get("needed").asText());
    }
    body.path("response_metadata").path("messages").forEach(m -> parts.add(m.asText()));
    return String.join("; ", parts);
  }
}
