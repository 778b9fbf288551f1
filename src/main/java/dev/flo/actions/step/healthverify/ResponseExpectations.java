package dev.flo.actions.step.healthverify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.runner.Masker;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a healthy answer looks like: its status, optionally a substring or {@code /regex/} of the
 * body, and {@code path=value} checks on a JSON body.
 *
 * @param bodyPattern the {@code /regex/} form of {@code expect-body}, or null
 * @param bodyText the substring form of {@code expect-body}, or null
 */
public record ResponseExpectations(
    StatusExpectation status,
    @Nullable String bodyText,
    @Nullable Pattern bodyPattern,
    List<JsonExpectation> json) {

  /** Why an answer is not healthy. */
  public enum Kind {
    STATUS,
    BODY,
    JSON
  }

  /** A failed expectation: its kind, for advice, and the sentence for the log. */
  public record Mismatch(Kind kind, String reason) {}

  /**
   * Null when the answer is healthy, else the first expectation it misses; {@code masker} redacts
   * quoted values.
   */
  public @Nullable Mismatch check(
      int code, @Nullable String body, @Nullable String location, Masker masker) {
    if (!status.matches(code)) {
      String redirect =
          code >= 300 && code < 400 && location != null ? " (redirect to " + location + ")" : "";
      return new Mismatch(Kind.STATUS, "HTTP " + code + redirect + ", expected " + status);
    }
    String text = body == null ? "" : body;
    if (bodyPattern != null && !bodyPattern.matcher(text).find()) {
      return new Mismatch(Kind.BODY, "body does not match /" + bodyPattern.pattern() + "/");
    }
    if (bodyText != null && !text.contains(bodyText)) {
      return new Mismatch(Kind.BODY, "body does not contain '" + bodyText + "'");
    }
    if (json.isEmpty()) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null || root.isMissingNode()) {
      return new Mismatch(Kind.JSON, "body is not JSON");
    }
    List<String> wrong = new ArrayList<>();
    for (JsonExpectation e : json) {
      String m = e.mismatch(root, masker);
      if (m != null) {
        wrong.add(m);
      }
    }
    return wrong.isEmpty() ? null : new Mismatch(Kind.JSON, String.join("; ", wrong));
  }

  /** The checks in words, for the plan and the summary. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("status " + status);
    if (bodyPattern != null) {
      lines.add("body matches /" + bodyPattern.pattern() + "/");
    }
    if (bodyText != null) {
      lines.add("body contains '" + bodyText + "'");
    }
    json.forEach(j -> lines.add("JSON " + j));
    return lines;
  }
}
