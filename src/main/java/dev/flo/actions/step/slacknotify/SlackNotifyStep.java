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
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.EnvFact;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.runtime.runner.StepSummary;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Posts the run's status to Slack, or updates the message an earlier step posted, so one message
 * follows a deploy from "started" to its outcome. Fails the job when Slack refuses the message,
 * unless told not to.
 */
public final class SlackNotifyStep implements TypedStep<SlackNotifyStep.Notice> {
  static final Output<String> TS =
      Output.named(
              "ts",
              "The message's ts (the reply's, with `thread: true`; the given `message-ts` when an update or reply fails); empty with a webhook.")
          .text();
  static final Output<String> CHANNEL_ID =
      Output.named(
              "channel-id",
              "The channel ID of the message; pass it with `ts` to update the message later.")
          .text();

  /** Inputs with defaults: null only when they did not read, and then no plan is made. */
  private static final String READ = "has a default and read";

  static final Output<String> THREAD_TS =
      Output.named(
              "thread-ts", "The ts to reply under: the message's own, or the parent's for a reply.")
          .text();

  /**
   * The variables listed in {@code template-env}: the only ones a {@code payload-file} may send.
   */
  static final EnvFact TEMPLATE_VARIABLES =
      EnvFact.listedIn(
          SlackNotifyInputs.TEMPLATE_ENV,
          "Variables a payload-file shows through env.NAME placeholders, when listed in template-env.");

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "slack-notify",
              "Post the run's status to Slack, or update an earlier message in place, and fail when Slack refuses it.")
          .inputs(SlackNotifyInputs.ALL)
          .outputs(TS, CHANNEL_ID, THREAD_TS)
          .env(TEMPLATE_VARIABLES)
          .reads(SlackNotifyStep::read)
          .create(SlackNotifyStep::new);

  /**
   * A password in a URL (postgres://user:pass@host), which a listed variable must not carry to
   * Slack.
   */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:[^/\\s]*@");

  /** The inputs, and the plan made from them: the message composed, and how it goes to Slack. */
  record Notice(SlackNotifyInputs in, SlackNotifyPlan plan) {}

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final Clock clock;
  private final Http http;

  SlackNotifyStep(StepPort port) {
    this.log = port.log();
    this.masker = port.masker();
    this.outputs = port.outputs();
    this.summary = port.summary();
    this.annotations = port.annotations();
    this.clock = port.clock();
    this.http = port.http();
  }

  /**
   * Reads the inputs and composes the message: a template's problems are input problems, reported
   * with the rest before anything is sent.
   */
  static @Nullable Notice read(Inputs inputs, StepPort port) {
    SlackNotifyInputs in = SlackNotifyInputs.read(inputs, port.workspace());
    RunFacts facts = RunFacts.from(port.github());
    ObjectNode message = in.status() == null ? null : compose(in, facts, inputs, port);
    if (inputs.hasProblems()) {
      return null;
    }
    return new Notice(
        in,
        SlackNotifyPlan.of(
            in,
            Objects.requireNonNull(message, "composed whenever no problem is recorded"),
            StatusMessage.headline(facts, in),
            StatusMessage.mentions(in)));
  }

  @Override
  public void run(Notice notice) throws Exception {
    SlackNotifyInputs in = notice.in();
    SlackNotifyPlan plan = notice.plan();
    log.info(plan.describe() + (in.dryRun() ? " (dry run: nothing is sent)" : ""));
    if (in.dryRun()) {
      log.info("The message:");
      log.untrusted(
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan.message()));
      summary
          .heading(3, "Slack: " + plan.headline() + " (dry run)")
          .paragraph("Would: " + StepSummary.inline(plan.describe()) + ". Nothing was sent.");
      messageDetails(plan);
      return;
    }
    try {
      send(plan, in);
    } catch (SlackException e) {
      summary
          .heading(3, "Slack: " + plan.headline() + " (not sent)")
          .paragraph("Tried to: " + StepSummary.inline(plan.describe()) + ".");
      refused(e, in, "");
    }
  }

  private static @Nullable ObjectNode compose(
      SlackNotifyInputs in, RunFacts facts, Inputs inputs, StepPort port) {
    if (in.payloadFile() == null) {
      return StatusMessage.build(facts, in);
    }
    if (!Files.isRegularFile(in.payloadFile())) {
      return null;
    }
    String template;
    try {
      template = Files.readString(in.payloadFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      inputs.problem(
          SlackNotifyInputs.PAYLOAD_FILE,
          "could not be read (" + e.getMessage() + ")",
          "Check that " + port.workspace().relative(in.payloadFile()) + " is readable UTF-8 text.");
      return null;
    }
    try {
      return PayloadTemplate.render(
          template, PayloadTemplate.values(facts, in), sendableEnv(in, inputs, port));
    } catch (PayloadTemplate.TemplateException e) {
      inputs.problem(
          SlackNotifyInputs.PAYLOAD_FILE,
          Objects.requireNonNullElse(e.getMessage(), "is not a valid template"),
          "Fix " + port.workspace().relative(in.payloadFile()) + ".");
      return null;
    }
  }

  /**
   * The variables listed in {@code template-env} that are set and carry no secret: none holding a
   * value we mask, none with a password in a URL. The names were screened when the inputs were
   * read.
   */
  private static Map<String, String> sendableEnv(
      SlackNotifyInputs in, Inputs inputs, StepPort port) {
    Input<List<String>> listing = SlackNotifyInputs.TEMPLATE_ENV;
    Map<String, String> sendable = new HashMap<>();
    for (String name : in.templateEnv()) {
      String value = port.listedEnv(TEMPLATE_VARIABLES, name);
      if (value == null) {
        continue;
      }
      if (!port.masker().redact(value).equals(value)) {
        inputs.problem(
            listing,
            "lists " + name + ", whose value holds a secret this step masks",
            "Remove it from `"
                + listing.name()
                + "` and `"
                + SlackNotifyInputs.PAYLOAD_FILE.name()
                + "`.");
      } else if (URL_PASSWORD.matcher(value).find()) {
        inputs.problem(
            listing,
            "lists " + name + ", whose value holds a password in a URL",
            "Remove it from `"
                + listing.name()
                + "`, or list a variable with the URL without its credentials.");
      } else {
        sendable.put(name, value);
      }
    }
    return sendable;
  }

  private void send(SlackNotifyPlan plan, SlackNotifyInputs in)
      throws SlackException, StepFailure, InterruptedException {
    SlackPacer pacer = new SlackPacer(clock);
    Http http = this.http.within(Deadline.after(clock, Objects.requireNonNull(in.timeout(), READ)));
    if (plan.send() instanceof SlackNotifyPlan.Webhook) {
      // The path (/services/T.../B.../secret) is the credential on its own, as in a proxy's error
      // page.
      Secret webhook = Objects.requireNonNull(in.webhookUrl(), "a webhook plan has its URL");
      String path = URI.create(webhook.reveal()).getRawPath();
      masker.mask(path);
      // Its last segment is the secret part (/services/T…/B…/<secret>), as a server may echo it
      // alone.
      masker.mask(path.substring(path.lastIndexOf('/') + 1));
      new SlackWebhook(webhook, http, pacer, masker).send(plan.message());
      log.info(
          "Posted through the incoming webhook. Webhooks return no ts, so this message cannot be updated later.");
      summary
          .heading(3, "Slack: " + plan.headline())
          .paragraph("Posted through the incoming webhook.");
      summary.alert(
          "NOTE",
          "Incoming webhooks return no message ts, so the `ts` and `channel-id` outputs are empty and this message cannot be updated or replied to. Use `token` and `channel` for one message that changes as the deploy goes.");
      messageDetails(plan);
      return;
    }
    SlackNotifyPlan.Send send = plan.send();
    if (send.messageTs() != null) {
      // Known before Slack answers: when an update fails with fail-on-error false, later steps that
      // update the
      // message through these outputs must still find it.
      outputs.set(TS, send.messageTs());
      outputs.set(THREAD_TS, send.messageTs());
      outputs.set(CHANNEL_ID, Objects.requireNonNullElse(plan.channelId(), ""));
    }
    SlackApi api =
        new SlackApi(
            Objects.requireNonNull(in.apiUrl(), READ),
            Objects.requireNonNull(in.token(), "a Web API plan has a token"),
            http,
            pacer,
            masker);
    SlackMessageRef ref =
        switch (send) {
          case SlackNotifyPlan.Update u ->
              api.call(new UpdateMessage(u.channel(), u.messageTs(), plan.message()));
          case SlackNotifyPlan.Reply r ->
              api.call(new PostMessage(r.channel(), plan.message(), r.messageTs(), false));
          case SlackNotifyPlan.Post p ->
              api.call(new PostMessage(p.channel(), plan.message(), null, false));
          case SlackNotifyPlan.Webhook w ->
              throw new IllegalStateException("a webhook is sent above");
        };
    outputs.set(TS, ref.ts());
    outputs.set(CHANNEL_ID, ref.channelId());
    outputs.set(THREAD_TS, send instanceof SlackNotifyPlan.Reply r ? r.messageTs() : ref.ts());
    String done =
        switch (send) {
          case SlackNotifyPlan.Update u -> "Updated message " + ref.ts() + " in " + ref.channelId();
          case SlackNotifyPlan.Reply r ->
              "Replied in the thread of "
                  + r.messageTs()
                  + " in "
                  + ref.channelId()
                  + " (reply ts "
                  + ref.ts()
                  + ")";
          default -> "Posted message " + ref.ts() + " in " + ref.channelId();
        };
    log.info(done + ".");
    summary.heading(3, "Slack: " + plan.headline());
    summary.table(
        List.of("Done", "Channel ID", "Message ts"),
        List.of(List.of(done, ref.channelId(), ref.ts())));
    messageDetails(plan);
    if (plan.ping() != null) {
      try {
        SlackMessageRef ping =
            api.call(
                new PostMessage(
                    ref.channelId(),
                    Objects.requireNonNull(plan.pingReply(), "a plan with a ping has its reply"),
                    ref.ts(),
                    plan.ping().broadcast()));
        log.info(
            "Notified "
                + plan.ping().mentions()
                + " in the thread (reply ts "
                + ping.ts()
                + "): Slack does not notify for mentions added by an edit.");
      } catch (SlackException e) {
        refused(
            e,
            in,
            "The message was updated, but the thread reply that notifies "
                + plan.ping().mentions()
                + " was not sent. ");
      }
    }
  }

  /**
   * Fails the step with what Slack's error means, or only warns when {@code fail-on-error} is
   * false.
   */
  private void refused(SlackException e, SlackNotifyInputs in, String context) throws StepFailure {
    SlackErrorCodes.Advice advice = e.advice();
    String what =
        context + "Could not " + e.getMessage() + ". This means " + advice.meaning() + ".";
    if (in.failOnError()) {
      summary.alert("CAUTION", what + "\n" + advice.fix());
      throw new StepFailure(what, advice.fix(), e);
    }
    log.info(what + " " + advice.fix() + " (fail-on-error is false, so the step succeeds.)");
    annotations.add(
        Annotation.warning(what + "\n" + advice.fix()).withTitle("slack-notify: message not sent"));
    summary.alert(
        "WARNING",
        what
            + "\n"
            + advice.fix()
            + "\n`"
            + SlackNotifyInputs.FAIL_ON_ERROR.name()
            + "` is false, so the job goes on.");
  }

  private void messageDetails(SlackNotifyPlan plan) {
    try {
      summary.details(
          "Message JSON",
          "```json\n"
              + Json.MAPPER
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(plan.message())
                  .replace("```", "`\u200b``")
              + "\n```");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
