package dev.flo.actions.step.lintgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the fixes and rule links that ESLint and SARIF reports carry beside a finding. */
final class ReportFixes {
  private ReportFixes() {}

  /**
   * ESLint's autofix ({@code fix}), else its one suggestion; several suggestions are alternatives
   * for a person to choose from, so none is offered
   * (https://eslint.org/docs/latest/use/formatters#json).
   */
  static @Nullable Fix eslint(JsonNode message) {
    JsonNode fix = message.path("fix");
    String description = null;
    if (!fix.isObject()) {
      JsonNode suggestions = message.path("suggestions");
      if (suggestions.size() != 1) {
        return null;
      }
      fix = suggestions.get(0).path("fix");
      description = suggestions.get(0).path("desc").asText(null);
    }
    JsonNode range = fix.path("range");
    if (!range.isArray()
        || range.size() != 2
        || !range.get(0).canConvertToInt()
        || !range.get(1).canConvertToInt()) {
      return null;
    }
    int start = range.get(0).asInt();
    int end = range.get(1).asInt();
    if (start < 0 || end < start) {
      return null;
    }
    return Fix.of(description, List.of(Fix.Edit.offsets(start, end, fix.path("text").asText(""))));
  }

  /**
   * ESLint's own rules are documented at eslint.org; a plugin's rule ({@code plugin/rule}) has no
   * known page.
   */
  static @Nullable String eslintDocs(@Nullable String rule) {
    return rule == null || rule.contains("/") || rule.contains(" ")
        ? null
        : "https://eslint.org/docs/latest/rules/" + rule;
  }

  /**
   * A result's one fix when every change is to the file the result points at (SARIF §3.55: {@code
   * fixes}, {@code artifactChanges}, {@code replacements} with a {@code deletedRegion} and {@code
   * insertedContent}).
   */
  static @Nullable Fix sarif(JsonNode result, @Nullable String resultUri) {
    JsonNode fixes = result.path("fixes");
    if (fixes.size() != 1 || resultUri == null) {
      return null;
    }
    JsonNode fix = fixes.get(0);
    List<Fix.Edit> edits = new ArrayList<>();
    for (JsonNode change : fix.path("artifactChanges")) {
      if (!resultUri.equals(change.path("artifactLocation").path("uri").asText(null))) {
        return null;
      }
      for (JsonNode r : change.path("replacements")) {
        Fix.Edit e =
            edit(r.path("deletedRegion"), r.path("insertedContent").path("text").asText(""));
        if (e == null) {
          return null;
        }
        edits.add(e);
      }
    }
    return Fix.of(JsonReports.text(fix.path("description"), "text", "markdown"), edits);
  }

  /**
   * SARIF §3.30: a text region by line and column (endColumn exclusive, absent = end of line) or by
   * char offset.
   */
  private static Fix.@Nullable Edit edit(JsonNode region, String text) {
    if (region.has("startLine")) {
      int startLine = region.path("startLine").asInt(0);
      int endLine = region.path("endLine").asInt(startLine);
      int startColumn = region.path("startColumn").asInt(1);
      int endColumn = region.path("endColumn").asInt(0);
      return startLine < 1 || endLine < startLine || startColumn < 1
          ? null
          : Fix.Edit.region(startLine, startColumn, endLine, endColumn, text, null);
    }
    if (region.has("charOffset")) {
      int offset = region.path("charOffset").asInt(-1);
      int length = region.path("charLength").asInt(0);
      return offset < 0 || length < 0 ? null : Fix.Edit.offsets(offset, offset + length, text);
    }
    return null;
  }
}
