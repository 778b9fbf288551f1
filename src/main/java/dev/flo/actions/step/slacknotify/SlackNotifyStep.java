package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.slack.PostMessage;
import dev.flo.actions.provider.slack.SlackApi;
import dev.flo.actions.provider.slack.SlackErrorCodes;
import dev.flo.actions.provider.slack.SlackException;
import dev.flo.actions.provider.slack.SlackMessageRef;
import dev.flo.actions.provider.slack.SlackPacer;
import dev.flo.actions.provider.slack.SlackWebhook;
import dev.flo.actions.provider.slack.UpdateMessage;
import dev.flo.actions.runtime.Annotation;
import dev.flo.actions.runtime.Annotations;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.GitHubContext;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepSummary;
import dev.flo.actions.runtime.Workspace;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Posts the run's status to Slack, or updates the message an earlier step posted, so one message follows a deploy
 * from "started" to its outcome. Fails the job when Slack refuses the message, unless told not to.
 */
public final class SlackNotifyStep implements Step {
  public static final StepDefinition DEFINITION =
      new StepDefinition(
          "slack-notify",
          "Post the run's status to Slack, or update an earlier message in place, and fail when Slack refuses it.",
          List.of(
              InputDef.optional("token", "Bot token (xoxb-...) with the chat:write scope; posts through chat.postMessage and can update and thread. Use this or `webhook-url`.").asSecret(),
              InputDef.optional("channel", "Channel ID (C0123ABCDEF) or name (#deploys) to post to, with `token`."),
              InputDef.optional("channel-id", "Channel ID of the message to update or reply to: the `channel-id` output of the step that posted it."),
              InputDef.optional("webhook-url", "Incoming webhook URL, instead of `token`; posts only (no ts comes back, so no updates or threads).").asSecret(),
              InputDef.optional("message-ts", "ts of a message to update in place with chat.update (or to reply under, with `thread: true`): the `ts` output of the step that posted it."),
              InputDef.withDefault("thread", "Reply in the thread of `message-ts` instead of updating it.", "false"),
              InputDef.required("status", "success, failure, cancelled, started, or a word of your own; at the end of a job pass the job.status expression."),
              InputDef.optional("environment", "The environment deployed to, such as production; shown and used in the headline."),
              InputDef.optional("deploy-url", "The deployed site's URL, shown as a link."),
              InputDef.optional("title", "The headline, instead of \"Deploy of <repo> to <environment> <status>\"."),
              InputDef.optional("text", "Extra mrkdwn text under the headline (cut at 3,000 characters)."),
              InputDef.optional("fields", "Extra facts, one Name=value per line."),
              InputDef.optional("mention-on-failure", "Who to ping when the status is a failure: user IDs (U0123ABCDEF), user-group IDs (S0123ABCDEF), here or channel; comma or line separated."),
              InputDef.optional("payload-file", "Your own message JSON (Block Kit) with placeholders for the run's values (listed on actions/slack-notify/README.md), instead of the built-in message; path relative to the workspace."),
              InputDef.optional("template-env", "Environment variables `payload-file` may show (its env.NAME placeholders), comma or line separated; no others are sent. Names like *TOKEN*, *SECRET*, *KEY*, *PASSWORD*, *CREDENTIAL*, ACTIONS_* and INPUT_* are refused."),
              InputDef.withDefault("fail-on-error", "Fail the step when Slack refuses the message; false turns that into a warning.", "true"),
              InputDef.withDefault("api-url", "Slack Web API base URL, for proxies and tests.", SlackApi.DEFAULT_URL.toString()),
              InputDef.withDefault("timeout", "The most the step may take, retries and rate-limit waits included.", "1m")),
          List.of(
              OutputDef.of("ts", "The message's ts (the reply's, with `thread: true`; the given `message-ts` when an update or reply fails); empty with a webhook."),
              OutputDef.of("channel-id", "The channel ID of the message; pass it with `ts` to update the message later."),
              OutputDef.of("thread-ts", "The ts to reply under: the message's own, or the parent's for a reply.")),
          kit -> new SlackNotifyStep(kit.log(), kit.masker(), kit.outputs(), kit.summary(), kit.annotations(), kit.clock(), kit.http(), kit.github(), kit.workspace(), kit.env()));

  /** A password in a URL (postgres://user:pass@host), which a listed variable must not carry to Slack. */
  private static final Pattern URL_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:[^/\\s]*@");

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final Clock clock;
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  private final Http http;
  private final GitHubContext github;
  private final Workspace workspace;
  private final Map<String, String> env;

  /** @param env the job's environment, of which only the variables listed in {@code template-env} are read */
  public SlackNotifyStep(
      Log log, Masker masker, Outputs outputs, StepSummary summary, Annotations annotations, Clock clock, Http http, GitHubContext github, Workspace workspace, Map<String, String> env) {
    this.log = log;
    this.masker = masker;
    this.outputs = outputs;
    this.summary = summary;
    this.annotations = annotations;
    this.clock = clock;
    this.http = http;
    this.github = github;
    this.workspace = workspace;
    this.env = env;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    SlackNotifyInputs in = SlackNotifyInputs.read(inputs, workspace);
    RunFacts facts = RunFacts.from(github);
    ObjectNode message = in.status() == null ? null : compose(in, facts, inputs);
    inputs.check();
    SlackNotifyPlan plan = SlackNotifyPlan.of(in, message, StatusMessage.headline(facts, in), StatusMessage.mentions(in));
    log.info(plan.describe() + (in.dryRun() ? " (dry run: nothing is sent)" : ""));
    if (in.dryRun()) {
      log.info("The message:");
      log.untrusted(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(message));
      summary.heading(3, "Slack: " + plan.headline() + " (dry run)").paragraph("Would: " + StepSummary.inline(plan.describe()) + ". Nothing was sent.");
      messageDetails(plan);
      return;
    }
    try {
      send(plan, in);
    } catch (SlackException e) {
      summary.heading(3, "Slack: " + plan.headline() + " (not sent)").paragraph("Tried to: " + StepSummary.inline(plan.describe()) + ".");
      refused(e, in, "");
    }
  }

  private ObjectNode compose(SlackNotifyInputs in, RunFacts facts, Inputs inputs) throws IOException {
    if (in.payloadFile() == null) {
      return StatusMessage.build(facts, in);
    }
    if (!Files.isRegularFile(in.payloadFile())) {
      return null;
    }
    String template = Files.readString(in.payloadFile(), StandardCharsets.UTF_8);
    try {
      return PayloadTemplate.render(template, PayloadTemplate.values(facts, in), sendableEnv(in, inputs));
    } catch (PayloadTemplate.TemplateException e) {
      inputs.problem("payload-file", e.getMessage(), "Fix " + workspace.relative(in.payloadFile()) + ".");
      return null;
    }
  }

  /**
   * The variables listed in {@code template-env} that are set and carry no secret: none holding a value we mask,
   * none with a password in a URL. The names were screened when the inputs were read.
   */
  private Map<String, String> sendableEnv(SlackNotifyInputs in, Inputs inputs) {
    Map<String, String> sendable = new HashMap<>();
    for (String name : in.templateEnv()) {
      String value = env.get(name);
      if (value == null) {
        continue;
      }
      if (!masker.redact(value).equals(value)) {
        inputs.problem("template-env", "lists " + name + ", whose value holds a secret this step masks", "Remove it from `template-env` and `payload-file`.");
      } else if (URL_PASSWORD.matcher(value).find()) {
        inputs.problem("template-env", "lists " + name + ", whose value holds a password in a URL", "Remove it from `template-env`, or list a variable with the URL without its credentials.");
      } else {
        sendable.put(name, value);
      }
    }
    return sendable;
  }

  private void send(SlackNotifyPlan plan, SlackNotifyInputs in) throws SlackException, StepFailure, InterruptedException {
    SlackPacer pacer = new SlackPacer(clock);
    Http http = this.http.within(Deadline.after(clock, in.timeout() == null ? DEFAULT_TIMEOUT : in.timeout()));
    if (plan.action() == SlackNotifyPlan.Action.WEBHOOK) {
      // The path (/services/T.../B.../secret) is the credential on its own, as in a proxy's error page.
      String path = URI.create(in.webhookUrl().reveal()).getRawPath();
      masker.mask(path);
      // Its last segment is the secret part (/services/T…/B…/<secret>), as a server may echo it alone.
      masker.mask(path.substring(path.lastIndexOf('/') + 1));
      new SlackWebhook(in.webhookUrl(), http, pacer, masker).send(plan.message());
      log.info("Posted through the incoming webhook. Webhooks return no ts, so this message cannot be updated later.");
      summary.heading(3, "Slack: " + plan.headline()).paragraph("Posted through the incoming webhook.");
      summary.alert("NOTE", "Incoming webhooks return no message ts, so the `ts` and `channel-id` outputs are empty and this message cannot be updated or replied to. Use `token` and `channel` for one message that changes as the deploy goes.");
      messageDetails(plan);
      return;
    }
    if (plan.messageTs() != null) {
      // Known before Slack answers: when an update fails with fail-on-error false, later steps that update the
      // message through these outputs must still find it.
      outputs.set("ts", plan.messageTs());
      outputs.set("thread-ts", plan.messageTs());
      outputs.set("channel-id", plan.channelId());
    }
    SlackApi api = new SlackApi(in.apiUrl(), in.token(), http, pacer, masker);
    SlackMessageRef ref =
        switch (plan.action()) {
          case UPDATE -> api.call(new UpdateMessage(plan.channel(), plan.messageTs(), plan.message()));
          case REPLY -> api.call(new PostMessage(plan.channel(), plan.message(), plan.messageTs(), false));
          default -> api.call(new PostMessage(plan.channel(), plan.message(), null, false));
        };
    outputs.set("ts", ref.ts());
    outputs.set("channel-id", ref.channelId());
    outputs.set("thread-ts", plan.action() == SlackNotifyPlan.Action.REPLY ? plan.messageTs() : ref.ts());
    String done =
        switch (plan.action()) {
          case UPDATE -> "Updated message " + ref.ts() + " in " + ref.channelId();
          case REPLY -> "Replied in the thread of " + plan.messageTs() + " in " + ref.channelId() + " (reply ts " + ref.ts() + ")";
          default -> "Posted message " + ref.ts() + " in " + ref.channelId();
        };
    log.info(done + ".");
    summary.heading(3, "Slack: " + plan.headline());
    summary.table(List.of("Done", "Channel ID", "Message ts"), List.of(List.of(done, ref.channelId(), ref.ts())));
    messageDetails(plan);
    if (plan.pingReply() != null) {
      try {
        SlackMessageRef ping = api.call(new PostMessage(ref.channelId(), plan.pingReply(), ref.ts(), plan.broadcastPing()));
        log.info("Notified " + plan.pingMentions() + " in the thread (reply ts " + ping.ts() + "): Slack does not notify for mentions added by an edit.");
      } catch (SlackException e) {
        refused(e, in, "The message was updated, but the thread reply that notifies " + plan.pingMentions() + " was not sent. ");
      }
    }
  }

  /** Fails the step with what Slack's error means, or only warns when {@code fail-on-error} is false. */
  private void refused(SlackException e, SlackNotifyInputs in, String context) throws StepFailure {
    SlackErrorCodes.Advice advice = e.advice();
    String what = context + "Could not " + e.getMessage() + ". This means " + advice.meaning() + ".";
    if (in.failOnError()) {
      summary.alert("CAUTION", what + "\n" + advice.fix());
      throw new StepFailure(what, advice.fix(), e);
    }
    log.info(what + " " + advice.fix() + " (fail-on-error is false, so the step succeeds.)");
    annotations.add(Annotation.warning(what + "\n" + advice.fix()).withTitle("slack-notify: message not sent"));
    summary.alert("WARNING", what + "\n" + advice.fix() + "\n`fail-on-error` is false, so the job goes on.");
  }

  private void messageDetails(SlackNotifyPlan plan) {
    try {
      summary.details("Message JSON", "```json\n" + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan.message()).replace("```", "`\u200b``") + "\n```");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
