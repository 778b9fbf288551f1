package dev.flo.actions.step.slacknotify;

import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import dev.flo.actions.runtime.Workspace;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inputs of {@code slack-notify}, read and cross-checked: one way to post (a bot token or a webhook), and the
 * combinations only a token allows (updating, threads).
 */
public record SlackNotifyInputs(
    Secret token,
    String channel,
    String channelId,
    Secret webhookUrl,
    String messageTs,
    boolean thread,
    NotifyStatus status,
    String environment,
    URI deployUrl,
    String title,
    String text,
    List<Field> fields,
    List<String> mentions,
    Path payloadFile,
    List<String> templateEnv,
    boolean failOnError,
    URI apiUrl,
    Duration timeout,
    boolean dryRun) {

  /** One extra {@code Name=value} line. */
  public record Field(String name, String value) {}

  /** A Slack channel ID; chat.update accepts nothing else (a name gives channel_not_found). */
  static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");

  private static final Pattern TS = Pattern.compile("\\d+\\.\\d+");
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{6,}");
  private static final Pattern GROUP = Pattern.compile("S[A-Z0-9]{6,}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Names that mark a credential or the runner's own plumbing. Refused even when listed: the template comes from
   * the workspace, so a pull request can edit it to send whatever the job's env holds.
   */
  private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL).*|(?i)(ACTIONS|INPUT)_.*");

  /** Reads every input and records every problem; the caller checks once it has added its own. */
  public static SlackNotifyInputs read(Inputs in, Workspace workspace) {
    Secret token = in.secret("token");
    Secret webhook = in.secret("webhook-url");
    String channel = in.string("channel");
    String channelId = in.string("channel-id");
    String messageTs = in.string("message-ts");
    boolean thread = in.bool("thread");
    String status = in.string("status");
    if (token == null && webhook == null) {
      in.problem("token", "and `webhook-url` are both empty", "Give a bot token (`token` with `channel`) to post, update and thread, or an incoming `webhook-url` to just post.");
    }
    if (token != null && webhook != null) {
      in.problem("webhook-url", "is set together with `token`", "Use one: `token` (can update and thread) or `webhook-url`.");
    }
    if (token != null && token.reveal().startsWith("http")) {
      in.problem("token", "looks like a URL", "An incoming webhook URL goes in `webhook-url`; `token` takes a bot token (xoxb-...).");
    }
    if (webhook != null) {
      in.parseUrl("webhook-url", webhook.reveal(), "https", "http");
      if (messageTs != null) {
        in.problem("message-ts", "needs a bot token: incoming webhooks return no ts, so a webhook message cannot be updated", "Use `token` and `channel` instead of `webhook-url`.");
      }
      if (thread) {
        in.problem("thread", "needs a bot token: incoming webhooks cannot reply in a thread", "Use `token` and `channel` instead of `webhook-url`.");
      }
      if (channel != null || channelId != null) {
        in.problem(channel != null ? "channel" : "channel-id", "has no effect with an incoming webhook: it always posts to the channel chosen when it was created", "Remove it, or use `token` to choose the channel.");
      }
    }
    if (token != null && channel == null && channelId == null) {
      in.problem("channel", "is required with `token`", "Give the channel ID (C0123ABCDEF) or name (#deploys).");
    }
    if (messageTs != null && !TS.matcher(messageTs).matches()) {
      in.problem("message-ts", "is '" + messageTs + "', not a Slack message ts (such as 1700000000.123456)", "Pass the `ts` output of the step that posted the message.");
    }
    if (thread && messageTs == null) {
      in.problem("thread", "is true but `message-ts` is empty", "Pass the parent message's ts: `message-ts: ${{ steps.<id>.outputs.ts }}`.");
    }
    if (token != null && messageTs != null && !thread && channelId == null && (channel == null || !CHANNEL_ID.matcher(channel).matches())) {
      in.problem("channel-id", "is required to update a message: Slack's chat.update does not accept a channel name", "Pass the `channel-id` output of the step that posted it: `channel-id: ${{ steps.<id>.outputs.channel-id }}`.");
    }
    if (channelId != null && !CHANNEL_ID.matcher(channelId).matches()) {
      in.problem("channel-id", "is '" + channelId + "', not a channel ID", "Use the ID such as C0123ABCDEF (the `channel-id` output, or the channel's About tab), or put a name in `channel`.");
    }
    Path payload = null;
    String payloadFile = in.string("payload-file");
    if (payloadFile != null) {
      payload = workspace.root().resolve(payloadFile).normalize();
      if (!Files.isRegularFile(payload)) {
        in.problem("payload-file", "names '" + payloadFile + "', which is not a file in the workspace", "Give the template's path relative to the repository root, and check out the repository first.");
      }
    }
    List<String> templateEnv = templateEnv(in, payload != null || payloadFile != null);
    return new SlackNotifyInputs(
        token,
        channel,
        channelId,
        webhook,
        messageTs,
        thread,
        status == null ? null : NotifyStatus.of(status),
        in.string("environment"),
        in.url("deploy-url"),
        in.string("title"),
        in.string("text"),
        fields(in),
        mentions(in),
        payload,
        templateEnv,
        in.bool("fail-on-error"),
        in.url("api-url"),
        in.duration("timeout"),
        in.dryRun());
  }

  private static List<Field> fields(Inputs in) {
    List<Field> fields = new ArrayList<>();
    for (String line : in.lines("fields")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        in.problem("fields", "has the line '" + line + "' without a name", "Write one `Name=value` per line.");
      } else {
        fields.add(new Field(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
      }
    }
    return fields;
  }

  /** The variables a template may send: valid names that do not look like credentials. */
  private static List<String> templateEnv(Inputs in, boolean hasTemplate) {
    List<String> names = new ArrayList<>();
    List<String> listed = in.list("template-env");
    if (!listed.isEmpty() && !hasTemplate) {
      in.problem("template-env", "is set but `payload-file` is empty", "Give `payload-file`, whose `${{ env.NAME }}` placeholders these variables fill, or remove `template-env`.");
    }
    for (String name : listed) {
      if (!ENV_NAME.matcher(name).matches()) {
        in.problem("template-env", "has '" + name + "', which is not an environment variable name", "List names of letters, digits and underscores, such as DEPLOYER, comma or line separated.");
      } else if (CREDENTIAL_NAME.matcher(name).matches()) {
        in.problem(
            "template-env",
            "lists " + name + ", which is named like a credential or a runner variable (*TOKEN*, *SECRET*, *KEY*, *PASSWORD*, *CREDENTIAL*, ACTIONS_*, INPUT_*) and is never sent to Slack",
            "Remove it from `template-env` and `payload-file`; put what people should see in a variable of its own.");
      } else {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** User and group IDs, {@code here}, {@code channel}, as Slack's mention syntax. */
  private static List<String> mentions(Inputs in) {
    List<String> mentions = new ArrayList<>();
    for (String raw : in.list("mention-on-failure")) {
      String m = raw.startsWith("@") || raw.startsWith("!") ? raw.substring(1) : raw;
      if (USER.matcher(m).matches()) {
        mentions.add("<@" + m + ">");
      } else if (GROUP.matcher(m).matches()) {
        mentions.add("<!subteam^" + m + ">");
      } else if (m.equals("here") || m.equals("channel") || m.equals("everyone")) {
        mentions.add("<!" + m + ">");
      } else {
        in.problem("mention-on-failure", "has '" + raw + "', which is not a user ID, user-group ID, here or channel", "Use member IDs (U0123ABCDEF, from the profile's ⋮ menu), user-group IDs (S0123ABCDEF), here or channel: Slack does not resolve names.");
      }
    }
    return mentions;
  }

  /** True when the message is posted through the Web API. */
  public boolean usesToken() {
    return token != null;
  }

  /** Whether any mention would notify a whole channel, which needs the reply broadcast to reach it. */
  public boolean mentionsChannel() {
    return mentions.stream().anyMatch(m -> m.startsWith("<!here") || m.startsWith("<!channel") || m.startsWith("<!everyone"));
  }
}
