package dev.flo.actions.step.slacknotify;

import dev.flo.actions.provider.slack.SlackApi;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.runtime.runner.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code slack-notify}, read and cross-checked: one way to post (a bot token or a
 * webhook), and the combinations only a token allows (updating, threads).
 */
public record SlackNotifyInputs(
    @Nullable Secret token,
    @Nullable String channel,
    @Nullable String channelId,
    @Nullable Secret webhookUrl,
    @Nullable String messageTs,
    boolean thread,
    @Nullable NotifyStatus status,
    @Nullable String environment,
    @Nullable URI deployUrl,
    @Nullable String title,
    @Nullable String text,
    List<Field> fields,
    List<String> mentions,
    @Nullable Path payloadFile,
    List<String> templateEnv,
    boolean failOnError,
    @Nullable URI apiUrl,
    @Nullable Duration timeout,
    boolean dryRun) {

  /** One extra {@code Name=value} line. */
  public record Field(String name, String value) {}

  /** A Slack channel ID; chat.update accepts nothing else (a name gives channel_not_found). */
  static final Pattern CHANNEL_ID_PATTERN = Pattern.compile("[CGD][A-Z0-9]{6,}");

  private static final Pattern TS = Pattern.compile("\\d+\\.\\d+");
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{6,}");

  /** Slack's special mentions that notify a whole channel. */
  private static final Pattern BROADCAST = Pattern.compile("here|channel|everyone");

  private static final Pattern GROUP = Pattern.compile("S[A-Z0-9]{6,}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Names that mark a credential or the runner's own plumbing. Refused even when listed: the
   * template comes from the workspace, so a pull request can edit it to send whatever the job's env
   * holds.
   */
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile(
          "(?i).*(TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL).*|(?i)(ACTIONS|INPUT)_.*");

  static final Input<Secret> TOKEN =
      Input.named(
              "token",
              "Bot token (xoxb-...) with the chat:write scope; posts through chat.postMessage and can update and thread. Use this or `webhook-url`.")
          .secretText();
  static final Input<String> CHANNEL =
      Input.named(
              "channel", "Channel ID (C0123ABCDEF) or name (#deploys) to post to, with `token`.")
          .text();
  static final Input<String> CHANNEL_ID =
      Input.named(
              "channel-id",
              "Channel ID of the message to update or reply to: the `channel-id` output of the step that posted it.")
          .text();
  static final Input<Secret> WEBHOOK_URL =
      Input.named(
              "webhook-url",
              "Incoming webhook URL, instead of `token`; posts only (no ts comes back, so no updates or threads).")
          .secretText();
  static final Input<String> MESSAGE_TS =
      Input.named(
              "message-ts",
              "ts of a message to update in place with chat.update (or to reply under, with `thread: true`): the `ts` output of the step that posted it.")
          .text();
  static final Input<Boolean> THREAD =
      Input.named("thread", "Reply in the thread of `message-ts` instead of updating it.")
          .bool()
          .byDefault("false");
  static final Input<NotifyStatus> STATUS =
      Input.named(
              "status",
              "success, failure, cancelled, started, or a word of your own; at the end of a job pass the job.status expression.")
          .reading(
              (in, n) -> {
                String word = in.string(n);
                return word == null ? null : NotifyStatus.of(word);
              })
          .required();
  static final Input<String> ENVIRONMENT =
      Input.named(
              "environment",
              "The environment deployed to, such as production; shown and used in the headline.")
          .text();
  static final Input<URI> DEPLOY_URL =
      Input.named("deploy-url", "The deployed site's URL, shown as a link.").url();
  static final Input<String> TITLE =
      Input.named(
              "title", "The headline, instead of \"Deploy of <repo> to <environment> <status>\".")
          .text();
  static final Input<String> TEXT =
      Input.named("text", "Extra mrkdwn text under the headline (cut at 3,000 characters).").text();
  static final Input<List<Field>> FIELDS =
      Input.named("fields", "Extra facts, one Name=value per line.")
          .reading(SlackNotifyInputs::fields);
  static final Input<List<String>> MENTION_ON_FAILURE =
      Input.named(
              "mention-on-failure",
              "Who to ping when the status is a failure: user IDs (U0123ABCDEF), user-group IDs (S0123ABCDEF), here or channel; comma or line separated.")
          .reading(SlackNotifyInputs::mentions);
  static final Input<String> PAYLOAD_FILE =
      Input.named(
              "payload-file",
              "Your own message JSON (Block Kit) with placeholders for the run's values (listed on actions/slack-notify/README.md), instead of the built-in message; path relative to the workspace.")
          .text();
  static final Input<List<String>> TEMPLATE_ENV =
      Input.named(
              "template-env",
              "Environment variables `payload-file` may show (its env.NAME placeholders), comma or line separated; no others are sent. Names like *TOKEN*, *SECRET*, *KEY*, *PASSWORD*, *CREDENTIAL*, ACTIONS_* and INPUT_* are refused.")
          .reading(SlackNotifyInputs::templateEnv);
  static final Input<Boolean> FAIL_ON_ERROR =
      Input.named(
              "fail-on-error",
              "Fail the step when Slack refuses the message; false turns that into a warning.")
          .bool()
          .byDefault("true");
  static final Input<URI> API_URL =
      Input.named("api-url", "Slack Web API base URL, for proxies and tests.")
          .url()
          .byDefault(SlackApi.DEFAULT_URL.toString());
  static final Input<Duration> TIMEOUT =
      Input.named("timeout", "The most the step may take, retries and rate-limit waits included.")
          .duration()
          .byDefault("1m");

  static final List<Input<?>> ALL =
      List.of(
          TOKEN,
          CHANNEL,
          CHANNEL_ID,
          WEBHOOK_URL,
          MESSAGE_TS,
          THREAD,
          STATUS,
          ENVIRONMENT,
          DEPLOY_URL,
          TITLE,
          TEXT,
          FIELDS,
          MENTION_ON_FAILURE,
          PAYLOAD_FILE,
          TEMPLATE_ENV,
          FAIL_ON_ERROR,
          API_URL,
          TIMEOUT);

  /**
   * Reads the inputs (each read and checked by the launcher already) and records every problem
   * between them. The record is made even with problems recorded, so that the message can still be
   * composed and its own problems reported with the rest; {@link SlackNotifyStep} makes no plan
   * from it then.
   */
  static SlackNotifyInputs read(Inputs in, Workspace workspace) {
    Secret token = in.get(TOKEN);
    Secret webhook = in.get(WEBHOOK_URL);
    String channel = in.get(CHANNEL);
    String channelId = in.get(CHANNEL_ID);
    String messageTs = in.get(MESSAGE_TS);
    // Null only when it did not read, a problem recorded already: the default then.
    boolean thread = Boolean.TRUE.equals(in.get(THREAD));
    if (token == null && webhook == null) {
      in.problem(
          TOKEN,
          "and `" + WEBHOOK_URL.name() + "` are both empty",
          "Give a bot token (`"
              + TOKEN.name()
              + "` with `"
              + CHANNEL.name()
              + "`) to post, update and thread, or an incoming `"
              + WEBHOOK_URL.name()
              + "` to just post.");
    }
    if (token != null && webhook != null) {
      in.problem(
          WEBHOOK_URL,
          "is set together with `" + TOKEN.name() + "`",
          "Use one: `"
              + TOKEN.name()
              + "` (can update and thread) or `"
              + WEBHOOK_URL.name()
              + "`.");
    }
    if (token != null && token.reveal().startsWith("http")) {
      in.problem(
          TOKEN,
          "looks like a URL",
          "An incoming webhook URL goes in `"
              + WEBHOOK_URL.name()
              + "`; `"
              + TOKEN.name()
              + "` takes a bot token (xoxb-...).");
    }
    String useToken =
        "Use `"
            + TOKEN.name()
            + "` and `"
            + CHANNEL.name()
            + "` instead of `"
            + WEBHOOK_URL.name()
            + "`.";
    if (webhook != null) {
      in.parseUrl(WEBHOOK_URL.name(), webhook.reveal(), "https", "http");
      if (messageTs != null) {
        in.problem(
            MESSAGE_TS,
            "needs a bot token: incoming webhooks return no ts, so a webhook message cannot be updated",
            useToken);
      }
      if (thread) {
        in.problem(
            THREAD, "needs a bot token: incoming webhooks cannot reply in a thread", useToken);
      }
      if (channel != null || channelId != null) {
        in.problem(
            channel != null ? CHANNEL : CHANNEL_ID,
            "has no effect with an incoming webhook: it always posts to the channel chosen when it was created",
            "Remove it, or use `" + TOKEN.name() + "` to choose the channel.");
      }
    }
    if (token != null && channel == null && channelId == null) {
      in.problem(
          CHANNEL,
          "is required with `" + TOKEN.name() + "`",
          "Give the channel ID (C0123ABCDEF) or name (#deploys).");
    }
    if (messageTs != null && !TS.matcher(messageTs).matches()) {
      in.problem(
          MESSAGE_TS,
          "is '" + messageTs + "', not a Slack message ts (such as 1700000000.123456)",
          "Pass the `ts` output of the step that posted the message.");
    }
    if (thread && messageTs == null) {
      in.problem(
          THREAD,
          "is true but `" + MESSAGE_TS.name() + "` is empty",
          "Pass the parent message's ts: `"
              + MESSAGE_TS.name()
              + ": ${{ steps.<id>.outputs.ts }}`.");
    }
    if (token != null
        && messageTs != null
        && !thread
        && channelId == null
        && (channel == null || !CHANNEL_ID_PATTERN.matcher(channel).matches())) {
      in.problem(
          CHANNEL_ID,
          "is required to update a message: Slack's chat.update does not accept a channel name",
          "Pass the `channel-id` output of the step that posted it: `"
              + CHANNEL_ID.name()
              + ": ${{ steps.<id>.outputs.channel-id }}`.");
    }
    if (channelId != null && !CHANNEL_ID_PATTERN.matcher(channelId).matches()) {
      in.problem(
          CHANNEL_ID,
          "is '" + channelId + "', not a channel ID",
          "Use the ID such as C0123ABCDEF (the `channel-id` output, or the channel's About tab), or put a name in `"
              + CHANNEL.name()
              + "`.");
    }
    Path payload = null;
    String payloadFile = in.get(PAYLOAD_FILE);
    if (payloadFile != null) {
      payload = workspace.root().resolve(payloadFile).normalize();
      if (!Files.isRegularFile(payload)) {
        in.problem(
            PAYLOAD_FILE,
            "names '" + payloadFile + "', which is not a file in the workspace",
            "Give the template's path relative to the repository root, and check out the repository first.");
      }
    }
    List<String> templateEnv =
        Objects.requireNonNull(
            in.get(TEMPLATE_ENV), "a list input reads as a list, empty when unset");
    if (!templateEnv.isEmpty() && payloadFile == null) {
      in.problem(
          TEMPLATE_ENV,
          "is set but `" + PAYLOAD_FILE.name() + "` is empty",
          "Give `"
              + PAYLOAD_FILE.name()
              + "`, whose `${{ env.NAME }}` placeholders these variables fill, or remove `"
              + TEMPLATE_ENV.name()
              + "`.");
    }
    return new SlackNotifyInputs(
        token,
        channel,
        channelId,
        webhook,
        messageTs,
        thread,
        in.get(STATUS),
        in.get(ENVIRONMENT),
        in.get(DEPLOY_URL),
        in.get(TITLE),
        in.get(TEXT),
        Objects.requireNonNull(in.get(FIELDS), "a list input reads as a list, empty when unset"),
        Objects.requireNonNull(
            in.get(MENTION_ON_FAILURE), "a list input reads as a list, empty when unset"),
        payload,
        templateEnv,
        !Boolean.FALSE.equals(in.get(FAIL_ON_ERROR)),
        in.get(API_URL),
        in.get(TIMEOUT),
        in.dryRun());
  }

  private static List<Field> fields(Inputs in, String input) {
    List<Field> fields = new ArrayList<>();
    for (String line : in.lines(input)) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        in.problem(
            input,
            "has the line '" + line + "' without a name",
            "Write one `Name=value` per line.");
      } else {
        fields.add(new Field(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
      }
    }
    return fields;
  }

  /** The variables a template may send: valid names that do not look like credentials. */
  private static List<String> templateEnv(Inputs in, String input) {
    List<String> names = new ArrayList<>();
    for (String name : in.list(input)) {
      if (!ENV_NAME.matcher(name).matches()) {
        in.problem(
            input,
            "has '" + name + "', which is not an environment variable name",
            "List names of letters, digits and underscores, such as DEPLOYER, comma or line separated.");
      } else if (CREDENTIAL_NAME.matcher(name).matches()) {
        in.problem(
            input,
            "lists "
                + name
                + ", which is named like a credential or a runner variable (*TOKEN*, *SECRET*, *KEY*, *PASSWORD*, *CREDENTIAL*, ACTIONS_*, INPUT_*) and is never sent to Slack",
            "Remove it from `"
                + input
                + "` and `"
                + PAYLOAD_FILE.name()
                + "`; put what people should see in a variable of its own.");
      } else {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** User and group IDs, {@code here}, {@code channel}, as Slack's mention syntax. */
  private static List<String> mentions(Inputs in, String input) {
    List<String> mentions = new ArrayList<>();
    for (String raw : in.list(input)) {
      String m = raw.startsWith("@") || raw.startsWith("!") ? raw.substring(1) : raw;
      if (USER.matcher(m).matches()) {
        mentions.add("<@" + m + ">");
      } else if (GROUP.matcher(m).matches()) {
        mentions.add("<!subteam^" + m + ">");
      } else if (BROADCAST.matcher(m).matches()) {
        mentions.add("<!" + m + ">");
      } else {
        in.problem(
            input,
            "has '" + raw + "', which is not a user ID, user-group ID, here or channel",
            "Use member IDs (U0123ABCDEF, from the profile's ⋮ menu), user-group IDs (S0123ABCDEF), here or channel: Slack does not resolve names.");
      }
    }
    return mentions;
  }

  /** True when the message is posted through the Web API. */
  public boolean usesToken() {
    return token != null;
  }

  /**
   * Whether any mention would notify a whole channel, which needs the reply broadcast to reach it.
   */
  public boolean mentionsChannel() {
    return mentions.stream()
        .anyMatch(
            m -> m.startsWith("<!here") || m.startsWith("<!channel") || m.startsWith("<!everyone"));
  }
}
