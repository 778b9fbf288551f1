package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.slack.Mrkdwn;
import dev.flo.actions.runtime.Json;

/**
 * What the step will send: the message, how (a new post, an update in place, a thread reply, or a webhook), and
 * whom to ping in a thread reply when an update reports a failure, since Slack notifies nobody for a mention that
 * an edit adds to a message.
 *
 * @param channel the channel ID or name to use (null for a webhook)
 * @param messageTs the message to update or reply under, or null
 * @param pingMentions the mentions for that reply, or null for no reply
 * @param broadcastPing show the reply in the channel too, so here/channel mentions reach the channel
 */
public record SlackNotifyPlan(
    Action action, String channel, String messageTs, ObjectNode message, String headline, String pingMentions, boolean broadcastPing) {
  /** How the message reaches Slack. */
  public enum Action {
    POST,
    UPDATE,
    REPLY,
    WEBHOOK
  }

  public static SlackNotifyPlan of(SlackNotifyInputs in, ObjectNode message, String headline, String mentions) {
    if (!in.usesToken()) {
      return new SlackNotifyPlan(Action.WEBHOOK, null, null, message, headline, null, false);
    }
    if (in.messageTs() == null) {
      return new SlackNotifyPlan(Action.POST, in.channel() != null ? in.channel() : in.channelId(), null, message, headline, null, false);
    }
    String id = in.channelId() != null ? in.channelId() : in.channel();
    if (in.thread()) {
      return new SlackNotifyPlan(Action.REPLY, id, in.messageTs(), message, headline, null, false);
    }
    return new SlackNotifyPlan(Action.UPDATE, id, in.messageTs(), message, headline, mentions.isEmpty() ? null : mentions, in.mentionsChannel());
  }

  /** The channel as an ID, or null when it was given by name (a name is no use to a later chat.update). */
  public String channelId() {
    return channel != null && SlackNotifyInputs.CHANNEL_ID.matcher(channel).matches() ? channel : null;
  }

  /** The thread reply that pings, or null. */
  public ObjectNode pingReply() {
    return pingMentions == null ? null : Json.MAPPER.createObjectNode().put("text", pingMentions + " " + Mrkdwn.escape(headline));
  }

  /** One sentence for the log and the summary. */
  public String describe() {
    String what =
        switch (action) {
          case POST -> "Post a new message to " + channel;
          case UPDATE -> "Update message " + messageTs + " in " + channel + " in place";
          case REPLY -> "Reply in the thread of message " + messageTs + " in " + channel;
          case WEBHOOK -> "Post a message through the incoming webhook";
        };
    return pingMentions == null ? what : what + ", then reply in its thread to notify " + pingMentions;
  }
}
