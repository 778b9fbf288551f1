package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Slack: {@code chat.postMessage} and {@code chat.update} of the Web API and one incoming
 * webhook, with their documented behaviour (api.slack.com/methods/chat.postMessage, chat.update,
 * messaging/webhooks): errors as HTTP 200 {@code ok:false}, channel IDs from names, update needing
 * the ID, plain-text webhook answers, Block Kit limits. It keeps every message, so tests assert
 * what a channel would show. Scripted answers ({@link #next}) take precedence, for 429s and 5xx.
 */
public final class SlackFake implements AutoCloseable {
  public static final String TOKEN = "xoxb-1111-2222-fakeBotTokenValue";
  public static final String WEBHOOK_PATH = "/services/T0FAKE/B0FAKE/webhookSecretPart42";
  public static final String DEPLOYS = "C0DEPLOYS";
  public static final String PRIVATE = "C0PRIVATE";

  /** One message as the channel shows it. */
  public record Message(String channel, String ts, String threadTs, ObjectNode body, int edits) {}

  private record Scripted(
      int status, String contentType, String body, Map<String, String> headers) {}

  private record Channel(String id, String name, boolean member) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Channel> CHANNELS =
      List.of(new Channel(DEPLOYS, "deploys", true), new Channel(PRIVATE, "secret-plans", false));

  private final LocalHttpServer server;
  private final Deque<Scripted> script = new ConcurrentLinkedDeque<>();
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> webhookMessages = new CopyOnWriteArrayList<>();
  private final long epoch = 1_763_900_000L;
  private int sequence;

  private final Clock clock;
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();

  /**
   * @param clock the steps' clock, to read when each request arrived (for pacing)
   */
  public SlackFake(Clock clock) throws IOException {
    this.clock = clock;
    server = new LocalHttpServer(this::handle);
  }

  /** When each request arrived on the steps' clock, in nanoseconds, in order. */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  public String apiUrl() {
    return server.baseUrl() + "/api";
  }

  public String webhookUrl() {
    return server.baseUrl() + WEBHOOK_PATH;
  }

  public List<LocalHttpServer.Request> requests() {
    return server.requests();
  }

  /** Channel messages and replies, in posting order. */
  public List<Message> messages() {
    return List.copyOf(messages);
  }

  public List<ObjectNode> webhookMessages() {
    return List.copyOf(webhookMessages);
  }

  /** The next request gets this answer instead of the normal one. */
  public SlackFake next(int status, String contentType, String body, Map<String, String> headers) {
    script.add(new Scripted(status, contentType, body, headers));
    return this;
  }

  /** The next Web API call fails with Slack's {@code ok:false} and this code. */
  public SlackFake nextError(String code) {
    return next(
        200,
        "application/json; charset=utf-8",
        "{\"ok\":false,\"error\":\"" + code + "\"}",
        Map.of());
  }

  private void handle(LocalHttpServer.Request r, HttpExchange exchange) throws IOException {
    arrivals.add(clock.nanoTime());
    Scripted s = script.poll();
    if (s != null) {
      s.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      LocalHttpServer.respond(exchange, s.status(), s.contentType(), s.body());
      return;
    }
    if (r.path().equals(WEBHOOK_PATH) && r.method().equals("POST")) {
      String error = webhook(r);
      LocalHttpServer.respond(
          exchange, error == null ? 200 : 400, "text/plain", error == null ? "ok" : error);
      return;
    }
    if (!r.path().startsWith("/api/")) {
      LocalHttpServer.respond(exchange, 404, "text/plain", "no_service");
      return;
    }
    LocalHttpServer.json(exchange, 200, api(r.path().substring(5), r).toString());
  }

  private synchronized ObjectNode api(String method, LocalHttpServer.Request r) {
    String auth = r.header("Authorization");
    if (auth == null) {
      return error("not_authed");
    }
    if (!auth.equals("Bearer " + TOKEN)) {
      return error("invalid_auth");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.bodyText());
    } catch (IOException e) {
      return error("invalid_json");
    }
    if (!(body instanceof ObjectNode message)) {
      return error("invalid_json");
    }
    String channelArg = message.path("channel").asText("");
    Channel channel =
        CHANNELS.stream()
            .filter(
                c ->
                    c.id().equals(channelArg)
                        || ("#" + c.name()).equals(channelArg)
                        || c.name().equals(channelArg))
            .findFirst()
            .orElse(null);
    if (channel == null || (method.equals("chat.update") && !channel.id().equals(channelArg))) {
      return error("channel_not_found");
    }
    if (!channel.member()) {
      return error("not_in_channel");
    }
    String limits = limits(message);
    if (limits != null) {
      return error(limits);
    }
    switch (method) {
      case "chat.postMessage" -> {
        String ts = epoch + "." + String.format("%06d", ++sequence);
        messages.add(
            new Message(channel.id(), ts, message.path("thread_ts").asText(null), message, 0));
        return ok(channel.id(), ts);
      }
      case "chat.update" -> {
        String ts = message.path("ts").asText();
        for (int i = 0; i < messages.size(); i++) {
          Message m = messages.get(i);
          if (m.channel().equals(channel.id()) && m.ts().equals(ts)) {
            messages.set(i, new Message(m.channel(), ts, m.threadTs(), message, m.edits() + 1));
            return ok(channel.id(), ts);
          }
        }
        return error("message_not_found");
      }
      default -> {
        return error("unknown_method");
      }
    }
  }

  private String webhook(LocalHttpServer.Request r) {
    try {
      JsonNode body = JSON.readTree(r.bodyText());
      if (!(body instanceof ObjectNode message)) {
        return "invalid_payload";
      }
      String limits = limits(message);
      if (limits != null) {
        return limits.equals("no_text") ? "no_text" : "invalid_payload";
      }
      webhookMessages.add(message);
      return null;
    } catch (IOException e) {
      return "invalid_payload";
    }
  }

  /**
   * Slack's Block Kit limits (api.slack.com/reference/block-kit/blocks), and ~13k characters of
   * blocks in all.
   */
  static String limits(ObjectNode message) {
    JsonNode blocks = message.path("blocks");
    List<JsonNode> all = new ArrayList<>();
    blocks.forEach(all::add);
    int json = blocks.toString().length();
    for (JsonNode attachment : message.path("attachments")) {
      attachment.path("blocks").forEach(all::add);
      json += attachment.path("blocks").toString().length();
    }
    if (message.path("text").asText("").isEmpty() && all.isEmpty()) {
      return "no_text";
    }
    if (message.path("text").asText("").length() > 40_000) {
      return "msg_too_long";
    }
    if (all.size() > 50) {
      return "invalid_blocks";
    }
    for (JsonNode b : all) {
      String type = b.path("type").asText();
      int text = b.path("text").path("text").asText("").length();
      boolean bad =
          switch (type) {
            case "header" ->
                text > 150 || !b.path("text").path("type").asText().equals("plain_text");
            case "section" ->
                text > 3000
                    || b.path("fields").size() > 10
                    || anyLonger(b.path("fields"), 2000)
                    || (text == 0 && b.path("fields").isEmpty());
            case "context" -> b.path("elements").size() > 10 || b.path("elements").isEmpty();
            case "divider" -> false;
            default -> false;
          };
      if (bad) {
        return "invalid_blocks";
      }
    }
    return json > 13_000 ? "msg_blocks_too_long" : null;
  }

  private static boolean anyLonger(JsonNode texts, int max) {
    for (JsonNode t : texts) {
      if (t.path("text").asText("").length() > max) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode ok(String channel, String ts) {
    ObjectNode ok = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts);
    ok.putObject("message").put("ts", ts);
    return ok;
  }

  private static ObjectNode error(String code) {
    return JSON.createObjectNode().put("ok", false).put("error", code);
  }

  @Override
  public void close() {
    server.close();
  }
}
