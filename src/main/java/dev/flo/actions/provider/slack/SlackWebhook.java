package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * An incoming webhook (api.slack.com/messaging/webhooks): success is HTTP 200 with the plain-text
 * body {@code ok}; errors are plain-text codes with 400/403/404/410/500. No {@code ts} comes back,
 * so a webhook message can never be updated or replied to.
 */
public final class SlackWebhook {
  private final Secret url;
  private final Http http;
  private final SlackPacer pacer;
  private final Masker masker;

  /**
   * @param url the whole webhook URL; it is the credential, so it must be masked already
   */
  public SlackWebhook(Secret url, Http http, SlackPacer pacer, Masker masker) {
    this.url = url;
    this.http = http;
    this.pacer = pacer;
    this.masker = masker;
  }

  public void send(ObjectNode message) throws SlackException, InterruptedException {
    String description = "post a message to the incoming webhook";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.reveal()))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = pacer.paced(() -> http.send(request, description));
    } catch (IOException e) {
      throw new SlackException(description, "no_response", e.getMessage(), e);
    }
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body().strip();
    if (status == 200) {
      return;
    }
    // Webhook errors are one snake_case word in the body; anything else (an HTML page from a proxy)
    // is quoted.
    boolean code = body.matches("[a-z_]{2,64}");
    throw new SlackException(
        description,
        code ? body : status == 429 ? "rate_limited" : "http_" + status,
        status,
        code ? "" : masker.excerpt(body));
  }
}
