package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Slack Web API method call that describes itself for messages. */
public sealed interface SlackCall permits PostMessage, UpdateMessage {
  /** The Web API method, such as {@code chat.postMessage}. */
  String method();

  /** The JSON body. */
  ObjectNode body();

  /** What the call does, for messages ("post a message to #deploys"). */
  String description();

  /** Whether sending it twice does no harm, so it may be retried after a 5xx or a timeout. */
  boolean idempotent();
}
