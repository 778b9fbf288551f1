package dev.flo.actions.step.slacknotify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.slack.Mrkdwn;
import dev.flo.actions.runtime.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A user's own Block Kit JSON with {@code ${{ name }}} placeholders. Each value is inserted
 * JSON-escaped, so a commit message with quotes or newlines cannot break the JSON (the bug behind
 * slackapi/slack-github-action#116); free text from commits and branches is mrkdwn-escaped too, so
 * it cannot ping {@code <!channel>}.
 */
public final class PayloadTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
  // Text after the object (a stray brace from a placeholder) is an error, not silently dropped.
  private static final ObjectReader JSON =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * A template that cannot be filled or does not give a JSON object; the message names the problem.
   */
  public static final class TemplateException extends Exception {
    TemplateException(String message) {
      super(message);
    }
  }

  private PayloadTemplate() {}

  /** Every placeholder a template may use, with its value for this run ("" when there is none). */
  public static Map<String, String> values(RunFacts facts, SlackNotifyInputs in) {
    Map<String, String> v = new LinkedHashMap<>();
    NotifyStatus status = StatusMessage.status(in);
    v.put(SlackNotifyInputs.STATUS.name(), status.word());
    v.put("status-emoji", status.emoji());
    v.put("status-color", status.color());
    v.put(SlackNotifyInputs.TITLE.name(), StatusMessage.headline(facts, in));
    v.put(SlackNotifyInputs.TEXT.name(), in.text());
    v.put("repository", facts.repository());
    v.put("repository-url", facts.repositoryUrl());
    v.put("branch", escape(facts.branch()));
    v.put("sha", facts.sha());
    v.put("short-sha", facts.shortSha());
    v.put("commit-url", facts.commitUrl());
    v.put("commit-message", escape(facts.commitSubject()));
    v.put("actor", escape(facts.actor()));
    v.put("workflow", escape(facts.workflow()));
    v.put("run-url", facts.runUrl());
    v.put(SlackNotifyInputs.ENVIRONMENT.name(), in.environment());
    v.put(
        SlackNotifyInputs.DEPLOY_URL.name(),
        in.deployUrl() == null ? null : in.deployUrl().toString());
    v.put("mentions", StatusMessage.mentions(in));
    v.replaceAll((k, value) -> value == null ? "" : value);
    return v;
  }

  /**
   * Fills the template. {@code env} holds the only variables {@code env.NAME} may use (those listed
   * in {@code template-env}, set and sendable); unknown names are reported all at once.
   */
  public static ObjectNode render(
      String template, Map<String, String> values, Map<String, String> env)
      throws TemplateException {
    Set<String> unknown = new TreeSet<>();
    Set<String> unlisted = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      boolean fromEnv = name.startsWith("env.");
      String value = fromEnv ? env.get(name.substring(4)) : values.get(name);
      if (value == null) {
        (fromEnv ? unlisted : unknown).add(name);
        value = "";
      }
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              new String(JsonStringEncoder.getInstance().quoteAsString(value))));
    }
    m.appendTail(out);
    List<String> problems = new ArrayList<>();
    if (!unknown.isEmpty()) {
      problems.add(
          "uses the unknown placeholder"
              + (unknown.size() == 1 ? " " : "s ")
              + placeholders(unknown)
              + " (known: "
              + String.join(", ", values.keySet())
              + ", and env.NAME)");
    }
    if (!unlisted.isEmpty()) {
      problems.add(
          "uses "
              + placeholders(unlisted)
              + ", which `template-env` does not list or which "
              + (unlisted.size() == 1 ? "is" : "are")
              + " not set"
              + " (only variables listed in `template-env` are sent to Slack, so an edited template cannot send the job's credentials)");
    }
    if (!problems.isEmpty()) {
      throw new TemplateException(String.join("; and ", problems));
    }
    JsonNode node;
    try {
      node = JSON.readTree(out.toString());
    } catch (JsonProcessingException e) {
      throw new TemplateException(
          "is not valid JSON after filling the placeholders ("
              + (e.getLocation() == null
                  ? ""
                  : "line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ": ")
              + e.getOriginalMessage()
              + "); placeholders belong inside JSON strings, such as \"text\": \"${{ status }}\"");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new TemplateException(
          "is not a JSON object; it must be a message such as {\"text\": \"...\", \"blocks\": [...]}");
    }
    return object;
  }

  private static String placeholders(Set<String> names) {
    return String.join(", ", names.stream().map(n -> "${{ " + n + " }}").toList());
  }

  private static @Nullable String escape(@Nullable String s) {
    return s == null ? null : Mrkdwn.escape(s);
  }
}
