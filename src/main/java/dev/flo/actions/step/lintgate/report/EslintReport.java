package dev.flo.actions.step.lintgate.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * ESLint's {@code json} formatter (an array of per-file results) and {@code json-with-metadata}
 * ({@code {results, metadata}}), streamed one message at a time
 * (https://eslint.org/docs/latest/use/formatters).
 */
final class EslintReport implements ReportReader {
  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    try (JsonParser p = JsonReports.open(file)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (name.equals("results")) {
            results(p, sink);
            found = true;
          } else {
            p.skipChildren();
          }
        }
        if (!found) {
          throw new ReportException(
              "an ESLint json-with-metadata report needs a \"results\" array");
        }
      } else {
        results(p, sink);
      }
    } catch (JsonProcessingException e) {
      throw JsonReports.malformed(e);
    }
  }

  private static void results(JsonParser p, Consumer<Finding> sink)
      throws IOException, ReportException {
    JsonReports.expect(p, JsonToken.START_ARRAY, "an array of ESLint results");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      result(p, sink);
    }
    JsonReports.expect(p, JsonToken.END_ARRAY, "the end of the results array");
  }

  /** One file's result. ESLint writes filePath first; messages seen before it wait for it. */
  private static void result(JsonParser p, Consumer<Finding> sink)
      throws IOException, ReportException {
    String path = null;
    List<JsonNode> early = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "filePath" -> {
          path = p.getValueAsString();
          for (JsonNode m : early) {
            sink.accept(finding(path, m));
          }
          early.clear();
        }
        case "messages" -> {
          JsonReports.expect(p, JsonToken.START_ARRAY, "an array of messages");
          while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode m = JsonReports.tree(p);
            if (path != null) {
              sink.accept(finding(path, m));
            } else {
              early.add(m);
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    for (JsonNode m : early) {
      sink.accept(finding(null, m));
    }
  }

  private static Finding finding(@Nullable String path, JsonNode m) {
    // severity 2 = error, 1 = warning; a fatal message (a parse error) is an error whatever its
    // severity.
    Severity severity =
        m.path("fatal").asBoolean(false) || m.path("severity").asInt() >= 2
            ? Severity.ERROR
            : Severity.WARNING;
    String rule =
        m.path("ruleId").isTextual()
            ? m.path("ruleId").asText()
            : m.path("fatal").asBoolean(false) ? "parse error" : null;
    return new Finding(
            "ESLint",
            severity,
            path,
            m.path("line").asInt(0),
            m.path("endLine").asInt(0),
            m.path("column").asInt(0),
            m.path("endColumn").asInt(0),
            rule == null ? "ESLint" : rule,
            m.path("message").asText(""),
            false)
        .withFix(ReportFixes.eslint(m))
        .withDocs(ReportFixes.eslintDocs(rule));
  }
}
