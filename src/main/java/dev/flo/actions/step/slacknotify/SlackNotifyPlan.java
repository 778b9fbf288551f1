package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.slack.BlockKit;
import dev.flo.actions.provider.slack.Mrkdwn;
import dev.flo.actions.runtime.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the step will send, as data: how the message reaches Slack (a new post, an update in place,
 * a thread reply, or a webhook), and whom to ping in a thread reply when an update reports a
 * failure, since Slack notifies nobody for a mention that an edit adds to a message. The dry run
 * prints {@link #describe()}; the step sends exactly {@link #send()} and then {@link #ping()}.
 *
 * @param ping the thread reply after an update, or null for none
 */
public record SlackNotifyPlan(Send send, @Nullable Ping ping, ObjectNode message, String headline) {
  private static final String NO_CHANNEL = "a token comes with channel or channel-id";

  /** How the message reaches Slack. */
  public sealed interface Send {
    /** The channel ID or name to use (null for a webhook). */
    @Nullable String channel();

    /** The message to update or reply under, or null. */
    @Nullable String messageTs();
  }

  /** chat.postMessage: a new message. */
  public record Post(String channel) implements Send {
    @Override
    public @Nullable String messageTs() {
      return null;
    }
  }

  /** chat.update: the message at {@code messageTs}, in place. */
  public record Update(String channel, String messageTs) implements Send {}

  /** chat.postMessage in the thread of {@code messageTs}. */
  public record Reply(String channel, String messageTs) implements Send {}

  /** An incoming webhook: posts only, and no ts comes back. */
  public record Webhook() implements Send {
    @Override
    public @Nullable String channel() {
      return null;
    }

    @Override
    public @Nullable String messageTs() {
      return null;
    }
  }

  /**
   * A thread reply under the message just updated that notifies {@code mentions}.
   *
   * @param broadcast show the reply in the channel too, so here/channel mentions reach the channel
   */
  public record Ping(String mentions, boolean broadcast) {}

  public static SlackNotifyPlan of(
      SlackNotifyInputs in, ObjectNode message, String headline, String mentions) {
    if (!in.usesToken()) {
      return new SlackNotifyPlan(new Webhook(), null, message, headline);
    }
    // read() records a problem for a token without channel or channel-id: no plan is made then.
    String channel = in.channel() != null ? in.channel() : in.channelId();
    if (in.messageTs() == null) {
      return new SlackNotifyPlan(
          new Post(Objects.requireNonNull(channel, NO_CHANNEL)), null, message, headline);
    }
    String id =
        Objects.requireNonNull(in.channelId() != null ? in.channelId() : in.channel(), NO_CHANNEL);
    if (in.thread()) {
      return new SlackNotifyPlan(new Reply(id, in.messageTs()), null, message, headline);
    }
    return new SlackNotifyPlan(
        new Update(id, in.messageTs()),
        mentions.isEmpty() ? null : new Ping(mentions, in.mentionsChannel()),
        message,
        headline);
  }

  /**
   * The channel as an ID, or null when it was given by name (a name is no use to a later
   * chat.update).
   */
  public @Nullable String channelId() {
    String channel = send.channel();
    return channel != null && SlackNotifyInputs.CHANNEL_ID_PATTERN.matcher(channel).matches()
        ? channel
        : null;
  }

  /** The thread reply that pings, or null. */
  public @Nullable ObjectNode pingReply() {
    return ping == null
        ? null
        : Json.MAPPER
            .createObjectNode()
            .put(BlockKit.TEXT_FIELD, ping.mentions() + " " + Mrkdwn.escape(headline));
  }

  /** The actions in order, one line each. */
  public List<String> actions() {
    List<String> actions = new ArrayList<>();
    actions.add(
        switch (send) {
          case Post p -> "Post a new message to " + p.channel();
          case Update u -> "Update message " + u.messageTs() + " in " + u.channel() + " in place";
          case Reply r -> "Reply in the thread of message " + r.messageTs() + " in " + r.channel();
          case Webhook w -> "Post a message through the incoming webhook";
        });
    if (ping != null) {
      actions.add("reply in its thread to notify " + ping.mentions());
    }
    return actions;
  }

  /** One sentence for the log and the summary. */
  public String describe() {
    return String.join(", then ", actions());
  }
}
