package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.slack.BlockKit;
import dev.flo.actions.provider.slack.Mrkdwn;
import dev.flo.actions.runtime.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The built-in message: a colour bar and emoji by status, a header, the user's text, the run's
 * facts as fields, the commit subject, and a link to the run. Mentions go in a top-level mrkdwn
 * block, because mentions inside attachments do not notify reliably.
 */
public final class StatusMessage {

  private StatusMessage() {}

  /** The message is composed only with a status: without one, read() recorded a problem. */
  static NotifyStatus status(SlackNotifyInputs in) {
    return Objects.requireNonNull(in.status(), "status is required");
  }

  /** "Deploy of shop to production failed", or the user's {@code title}. */
  public static String headline(RunFacts facts, SlackNotifyInputs in) {
    if (in.title() != null) {
      return in.title();
    }
    String repo = facts.repositoryName();
    String subject;
    if (in.environment() != null) {
      subject = "Deploy" + (repo == null ? "" : " of " + repo) + " to " + in.environment();
    } else if (facts.workflow() != null) {
      subject = facts.workflow() + (repo == null ? "" : " on " + repo);
    } else {
      subject = repo == null ? "Run" : repo;
    }
    return status(in).headline(subject);
  }

  /** The mentions to ping, or "" unless the status is a failure. */
  public static String mentions(SlackNotifyInputs in) {
    return status(in).failed() ? String.join(" ", in.mentions()) : "";
  }

  /**
   * The message fields ({@code text}, {@code blocks}, {@code attachments}) within Slack's limits.
   */
  public static ObjectNode build(RunFacts facts, SlackNotifyInputs in) {
    String headline = headline(facts, in);
    String mentions = mentions(in);
    ObjectNode message = Json.MAPPER.createObjectNode();
    // The top-level text is what notifications and screen readers show.
    String where =
        facts.repository() == null
            ? ""
            : " · " + facts.repository() + (facts.branch() == null ? "" : "@" + facts.branch());
    message.put(
        BlockKit.TEXT_FIELD,
        Mrkdwn.cut(
            (mentions.isEmpty() ? "" : mentions + " ")
                + status(in).emoji()
                + " "
                + Mrkdwn.escape(headline)
                + Mrkdwn.escape(where),
            1000));
    // Top-level blocks only for the mentions: an update that leaves them out clears the old ones
    // (UpdateMessage).
    ArrayNode top =
        new BlockKit()
            .section(mentions + " " + Mrkdwn.escape(headline))
            .toJson(1, BlockKit.MAX_TOTAL_JSON);
    if (mentions.isEmpty()) {
      top.removeAll();
    } else {
      message.set("blocks", top);
    }

    BlockKit body = new BlockKit().header(status(in).emoji() + " " + headline);
    if (in.text() != null) {
      // The user's own text is mrkdwn they wrote (links, bold), so it is sent as given.
      body.section(in.text());
    }
    body.fields(fields(facts, in));
    if (facts.commitSubject() != null && !facts.commitSubject().isBlank()) {
      body.section("> " + Mrkdwn.escape(facts.commitSubject()));
    }
    List<String> context = new ArrayList<>();
    if (facts.runUrl() != null) {
      context.add(Mrkdwn.link(facts.runUrl(), "View the run"));
    }
    if (facts.workflow() != null) {
      context.add("Workflow: " + Mrkdwn.escape(facts.workflow()));
    }
    if (!context.isEmpty()) {
      body.context(context);
    }
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("color", status(in).color());
    attachment.put("fallback", Mrkdwn.cut(Mrkdwn.escape(headline), 300));
    attachment.set(
        "blocks",
        body.toJson(
            BlockKit.MAX_BLOCKS - top.size(), BlockKit.MAX_TOTAL_JSON - top.toString().length()));
    return message;
  }

  private static List<String> fields(RunFacts facts, SlackNotifyInputs in) {
    List<String> fields = new ArrayList<>();
    if (facts.repository() != null) {
      fields.add(
          "*Repository*\n"
              + Mrkdwn.link(
                  Objects.requireNonNull(facts.repositoryUrl(), "set with the repository"),
                  facts.repository()));
    }
    if (facts.branch() != null) {
      fields.add("*Branch*\n" + Mrkdwn.escape(facts.branch()));
    }
    if (facts.sha() != null) {
      String shortSha = Objects.requireNonNull(facts.shortSha(), "set with the sha");
      // No repository, no commit URL: the short sha alone.
      fields.add(
          "*Commit*\n"
              + (facts.commitUrl() == null
                  ? Mrkdwn.escape(shortSha)
                  : Mrkdwn.link(facts.commitUrl(), shortSha)));
    }
    if (facts.actor() != null) {
      fields.add("*By*\n" + Mrkdwn.escape(facts.actor()));
    }
    if (in.environment() != null) {
      fields.add("*Environment*\n" + Mrkdwn.escape(in.environment()));
    }
    if (in.deployUrl() != null) {
      fields.add("*URL*\n" + Mrkdwn.link(in.deployUrl().toString(), in.deployUrl().toString()));
    }
    fields.add("*Status*\n" + Mrkdwn.escape(status(in).word()));
    for (SlackNotifyInputs.Field f : in.fields()) {
      fields.add("*" + Mrkdwn.escape(f.name()) + "*\n" + Mrkdwn.escape(f.value()));
    }
    return fields;
  }
}
