package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.Step;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepSummary;
import dev.flo.actions.runtime.Toolkit;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

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
              InputDef.optional("payload-file", "Your own message JSON (Block Kit) with placeholders for the run's values (listed in the README), instead of the built-in message; path relative to the workspace."),
              InputDef.withDefault("fail-on-error", "Fail the step when Slack refuses the message; false turns that into a warning.", "true"),
              InputDef.withDefault("api-url", "Slack Web API base URL, for proxies and tests.", SlackApi.DEFAULT_URL.toString())),
          List.of(
              OutputDef.of("ts", "The message's ts (the reply's, with `thread: true`); empty with a webhook."),
              OutputDef.of("channel-id", "The channel ID of the message; pass it with `ts` to update the message later."),
              OutputDef.of("thread-ts", "The ts to reply under: the message's own, or the parent's for a reply.")),
          SlackNotifyStep::new);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Toolkit kit;

  public SlackNotifyStep(Toolkit kit) {
    this.kit = kit;
  }

  @Override
  public void run(Inputs inputs) throws Exception {
    SlackNotifyInputs in = SlackNotifyInputs.read(inputs, kit.workspace());
    RunFacts facts = RunFacts.from(kit.github());
    ObjectNode message = in.status() == null ? null : compose(in, facts, inputs);
    inputs.check();
    SlackNotifyPlan plan = SlackNotifyPlan.of(in, message, StatusMessage.headline(facts, in), StatusMessage.mentions(in));
    kit.log().info(plan.describe() + (in.dryRun() ? " (dry run: nothing is sent)" : ""));
    if (in.dryRun()) {
      kit.log().info("The message:");
      kit.log().untrusted(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message));
      kit.summary().heading(3, "Slack: " + plan.headline() + " (dry run)").paragraph("Would: " + StepSummary.inline(plan.describe()) + ". Nothing was sent.");
      messageDetails(plan);
      return;
    }
    try {
      send(plan, in);
    } catch (SlackException e) {
      kit.summary().heading(3, "Slack: " + plan.headline() + " (not sent)").paragraph("Tried to: " + StepSummary.inline(plan.describe()) + ".");
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
      return PayloadTemplate.render(template, PayloadTemplate.values(facts, in), this::sendableEnv);
    } catch (PayloadTemplate.TemplateException e) {
      inputs.problem("payload-file", e.getMessage(), "Fix " + kit.workspace().relative(in.payloadFile()) + ".");
      return null;
    }
  }

  /** An environment variable a template may put in a message: set, not an input, not a runner credential, not masked. */
  private String sendableEnv(String name) {
    String value = kit.env().get(name);
    if (value == null || name.startsWith("INPUT_") || name.startsWith("ACTIONS_") || !kit.masker().redact(value).equals(value)) {
      return null;
    }
    return value;
  }

  private void send(SlackNotifyPlan plan, SlackNotifyInputs in) throws SlackException, StepFailure, InterruptedException {
    SlackPacer pacer = new SlackPacer(kit.clock());
    if (plan.action() == SlackNotifyPlan.Action.WEBHOOK) {
      // The path (/services/T.../B.../secret) is the credential on its own, as in a proxy's error page.
      kit.masker().mask(URI.create(in.webhookUrl().reveal()).getRawPath());
      new SlackWebhook(in.webhookUrl(), kit.http(), pacer).send(plan.message());
      kit.log().info("Posted through the incoming webhook. Webhooks return no ts, so this message cannot be updated later.");
      kit.summary().heading(3, "Slack: " + plan.headline()).paragraph("Posted through the incoming webhook.");
      kit.summary().alert("NOTE", "Incoming webhooks return no message ts, so the `ts` and `channel-id` outputs are empty and this message cannot be updated or replied to. Use `token` and `channel` for one message that changes as the deploy goes.");
      messageDetails(plan);
      return;
    }
    SlackApi api = new SlackApi(in.apiUrl(), in.token(), kit.http(), pacer);
    SlackMessageRef ref =
        switch (plan.action()) {
          case UPDATE -> api.call(new UpdateMessage(plan.channel(), plan.messageTs(), plan.message()));
          case REPLY -> api.call(new PostMessage(plan.channel(), plan.message(), plan.messageTs(), false));
          default -> api.call(new PostMessage(plan.channel(), plan.message(), null, false));
        };
    kit.outputs().set("ts", ref.ts());
    kit.outputs().set("channel-id", ref.channelId());
    kit.outputs().set("thread-ts", plan.action() == SlackNotifyPlan.Action.REPLY ? plan.messageTs() : ref.ts());
    String done =
        switch (plan.action()) {
          case UPDATE -> "Updated message " + ref.ts() + " in " + ref.channelId();
          case REPLY -> "Replied in the thread of " + plan.messageTs() + " in " + ref.channelId() + " (reply ts " + ref.ts() + ")";
          default -> "Posted message " + ref.ts() + " in " + ref.channelId();
        };
    kit.log().info(done + ".");
    kit.summary().heading(3, "Slack: " + plan.headline());
    kit.summary().table(List.of("Done", "Channel ID", "Message ts"), List.of(List.of(done, ref.channelId(), ref.ts())));
    messageDetails(plan);
    if (plan.pingReply() != null) {
      try {
        SlackMessageRef ping = api.call(new PostMessage(ref.channelId(), plan.pingReply(), ref.ts(), plan.broadcastPing()));
        kit.log().info("Notified " + plan.pingMentions() + " in the thread (reply ts " + ping.ts() + "): Slack does not notify for mentions added by an edit.");
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
      kit.summary().alert("CAUTION", what + "\n" + advice.fix());
      throw new StepFailure(what, advice.fix(), e);
    }
    kit.log().info(what + " " + advice.fix() + " (fail-on-error is false, so the step succeeds.)");
    kit.annotations().add(Annotation.warning(what + "\n" + advice.fix()).withTitle("slack-notify: message not sent"));
    kit.summary().alert("WARNING", what + "\n" + advice.fix() + "\n`fail-on-error` is false, so the job goes on.");
  }

  private void messageDetails(SlackNotifyPlan plan) {
    try {
      kit.summary().details("Message JSON", "```json\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan.message()).replace("```", "`\u200b``") + "\n```");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
