package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * {@code chat.postMessage} (api.slack.com/methods/chat.postMessage): a new message, or a reply
 * under {@code threadTs}.
 *
 * @param channel a channel ID or name
 * @param message {@code text}, {@code blocks}, {@code attachments} and any other message fields
 * @param threadTs the parent message's ts for a reply, or null
 * @param replyBroadcast also show the reply in the channel
 */
public record PostMessage(
    String channel, ObjectNode message, @Nullable String threadTs, boolean replyBroadcast)
    implements SlackCall {
  @Override
  public String method() {
    return "chat.postMessage";
  }

  @Override
  public ObjectNode body() {
    ObjectNode body = message.deepCopy();
    body.put("channel", channel);
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
      if (replyBroadcast) {
        body.put("reply_broadcast", true);
      }
    }
    return body;
  }

  /** A retried post after a 5xx may be a second message. */
  @Override
  public boolean idempotent() {
    return false;
  }

  @Override
  public String description() {
    return threadTs == null
        ? "post a message to " + channel
        : "reply in the thread of message " + threadTs + " in " + channel;
  }
}
