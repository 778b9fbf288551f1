package dev.flo.actions.provider.slack;

/**
 * Where a message is: the channel ID and the message's ts, which together name it for updates and
 * replies.
 */
public record SlackMessageRef(String channelId, String ts) {}
