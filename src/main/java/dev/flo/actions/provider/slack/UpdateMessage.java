package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code chat.update} (api.slack.com/methods/chat.update): replaces a message in place. The channel
 * must be an ID (a name gives {@code channel_not_found}), and {@code blocks}/{@code attachments}
 * are always sent, empty if need be, because a field left out keeps the old message's value.
 */
public record UpdateMessage(String channelId, String ts, ObjectNode message) implements SlackCall {
  @Override
  public String method() {
    return "chat.update";
  }

  @Override
  public ObjectNode body() {
    ObjectNode body = message.deepCopy();
    body.put("channel", channelId);
    body.put("ts", ts);
    if (!body.has("blocks")) {
      body.putArray("blocks");
    }
    if (!body.has("attachments")) {
      body.putArray("attachments");
    }
    return body;
  }

  /** The same update applied twice leaves the same message. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public String description() {
    return "update message " + ts + " in " + channelId;
  }
}
