package dev.flo.actions.provider.slack;

import java.util.Map;

/**
 * What Slack's error strings mean and what the user should do, for the codes {@code
 * chat.postMessage}, {@code chat.update} and incoming webhooks document
 * (api.slack.com/methods/chat.postMessage#errors,
 * api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks).
 */
public final class SlackErrorCodes {
  private SlackErrorCodes() {}

  /** The meaning of a code, and the fix. */
  public record Advice(String meaning, String fix) {}

  private static final String TOKEN_FIX =
      "Check the secret given as `token`: it must be the app's Bot User OAuth Token (xoxb-...) from OAuth & Permissions, for the workspace that holds the channel.";
  private static final String INVITE_FIX =
      "Invite the app to the channel (`/invite @your-app` in Slack), and give the channel ID (C0123ABCDEF, from the channel's About tab) rather than its name.";
  private static final String TOO_LONG_FIX =
      "Shorten `text`, `fields` or the blocks in `payload-file` (50 blocks, 3,000 characters a section, about 13,000 in all).";

  private static final Map<String, Advice> CODES =
      Map.ofEntries(
          Map.entry(
              "channel_not_found",
              new Advice(
                  "the channel does not exist, or it is private and the app was not invited",
                  INVITE_FIX)),
          Map.entry(
              "not_in_channel",
              new Advice(
                  "the app is not a member of the channel",
                  "Invite the app (`/invite @your-app`), or add the chat:write.public scope so it can post in public channels without joining.")),
          Map.entry(
              "is_archived",
              new Advice("the channel is archived", "Unarchive it or post to another `channel`.")),
          Map.entry(
              "channel_is_archived",
              new Advice(
                  "the channel is archived",
                  "Unarchive it, or create a new incoming webhook for another channel.")),
          Map.entry("invalid_auth", new Advice("the token is not valid", TOKEN_FIX)),
          Map.entry("not_authed", new Advice("no token reached Slack", TOKEN_FIX)),
          Map.entry("invalid_token", new Advice("the token or webhook is not valid", TOKEN_FIX)),
          Map.entry(
              "token_revoked",
              new Advice(
                  "the token was revoked",
                  "Reinstall the Slack app and update the `token` secret.")),
          Map.entry(
              "token_expired",
              new Advice(
                  "the token has expired",
                  "Use a bot token without expiry, or refresh it before this step runs.")),
          Map.entry(
              "account_inactive",
              new Advice(
                  "the token belongs to a deleted user or an uninstalled app",
                  "Reinstall the Slack app and update the `token` secret.")),
          Map.entry(
              "missing_scope",
              new Advice(
                  "the token lacks a permission scope",
                  "Add the chat:write scope under OAuth & Permissions, reinstall the app, and update the `token` secret.")),
          Map.entry("msg_too_long", new Advice("the message text is too long", TOO_LONG_FIX)),
          Map.entry(
              "msg_blocks_too_long", new Advice("the blocks are too long in total", TOO_LONG_FIX)),
          Map.entry(
              "invalid_blocks",
              new Advice(
                  "a block is not valid Block Kit",
                  "Check `payload-file` in Slack's Block Kit Builder (app.slack.com/block-kit-builder).")),
          Map.entry(
              "invalid_blocks_format",
              new Advice(
                  "`blocks` is not a JSON array of blocks",
                  "Check `payload-file` in Slack's Block Kit Builder (app.slack.com/block-kit-builder).")),
          Map.entry(
              "invalid_attachments",
              new Advice(
                  "the attachments are not valid", "Check the `attachments` in `payload-file`.")),
          Map.entry(
              "too_many_attachments",
              new Advice("more than 100 attachments", "Send fewer attachments in `payload-file`.")),
          Map.entry(
              "no_text",
              new Advice("the message has no text", "Give `text`, blocks or attachments.")),
          Map.entry(
              "invalid_payload",
              new Advice(
                  "the webhook could not read the message JSON",
                  "Check `payload-file`: it must be one JSON object.")),
          Map.entry(
              "rate_limited",
              new Advice(
                  "Slack is rate-limiting this app (about one message a second per channel)",
                  "Send fewer messages, or space the steps out; this step already waited as long as Slack asked.")),
          Map.entry(
              "ratelimited",
              new Advice(
                  "Slack is rate-limiting this app (about one message a second per channel)",
                  "Send fewer messages, or space the steps out; this step already waited as long as Slack asked.")),
          Map.entry(
              "message_not_found",
              new Advice(
                  "no message has that `message-ts` in the channel",
                  "Pass the `ts` and `channel-id` outputs of the step that posted the message (`${{ steps.<id>.outputs.ts }}`).")),
          Map.entry(
              "cant_update_message",
              new Advice(
                  "that message was not posted by this app, so it cannot be edited",
                  "Pass the `ts` of a message this app posted.")),
          Map.entry(
              "edit_window_closed",
              new Advice(
                  "the workspace no longer allows editing that message",
                  "Post a new message instead (leave `message-ts` empty).")),
          Map.entry(
              "restricted_action",
              new Advice(
                  "a workspace preference forbids this app to post there",
                  "Ask a Slack admin, or post to another `channel`.")),
          Map.entry(
              "posting_to_general_channel_denied",
              new Advice("only admins may post in that channel", "Post to another channel.")),
          Map.entry(
              "action_prohibited",
              new Advice(
                  "an admin restricted what this webhook may post",
                  "Ask a Slack admin, or create a new incoming webhook.")),
          Map.entry(
              "user_not_found",
              new Advice(
                  "the webhook's user or channel no longer exists",
                  "Create a new incoming webhook and update the `webhook-url` secret.")),
          Map.entry(
              "no_service",
              new Advice(
                  "the webhook was disabled or removed",
                  "Create a new incoming webhook and update the `webhook-url` secret.")),
          Map.entry(
              "no_service_id",
              new Advice(
                  "the webhook URL is incomplete",
                  "Copy the whole webhook URL into the `webhook-url` secret.")),
          Map.entry(
              "rollup_error",
              new Advice(
                  "Slack had an internal error",
                  "Run the job again; if it persists, check status.slack.com.")),
          Map.entry(
              "fatal_error",
              new Advice(
                  "Slack had an internal error",
                  "Run the job again; if it persists, check status.slack.com.")),
          Map.entry(
              "internal_error",
              new Advice(
                  "Slack had an internal error",
                  "Run the job again; if it persists, check status.slack.com.")),
          Map.entry(
              "service_unavailable",
              new Advice("Slack is unavailable", "Run the job again; check status.slack.com.")),
          Map.entry(
              "no_response",
              new Advice(
                  "Slack could not be reached",
                  "Check the runner's network or proxy and `api-url`, then run the job again.")));

  /** The advice for {@code code}; unknown codes get a generic reading based on the HTTP status. */
  public static Advice advise(String code, int httpStatus) {
    Advice known = CODES.get(code);
    if (known != null) {
      return known;
    }
    if (httpStatus >= 500) {
      return new Advice(
          "Slack had a server error",
          "Run the job again; if it persists, check status.slack.com. A new message is not retried after a server error, so it is never posted twice.");
    }
    return new Advice(
        "an error this step does not know",
        "Look up `" + code + "` at https://api.slack.com/methods/chat.postMessage#errors.");
  }
}
