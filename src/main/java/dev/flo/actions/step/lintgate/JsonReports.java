package dev.flo.actions.step.lintgate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The streaming JSON parser the JSON report readers share, and its error wording. */
final class JsonReports {
  // ESLint embeds each file's source in a string: allow big ones, but keep nesting sane.
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(256 * 1024 * 1024).maxNestingDepth(200).build())
              .build());

  private JsonReports() {}

  static JsonParser open(Path file) throws IOException {
    return MAPPER.getFactory().createParser(file.toFile());
  }

  /** Reads the value the parser is on (an object or array) as a small tree. */
  static JsonNode tree(JsonParser p) throws IOException {
    return MAPPER.readTree(p);
  }

  static void expect(JsonParser p, JsonToken token, String what) throws IOException, ReportException {
    if (p.currentToken() != token) {
      throw new ReportException("expected " + what + " at line " + p.currentLocation().getLineNr() + ", found " + describe(p.currentToken()));
    }
  }

  /** Jackson's message without its source dump: the reason and the line/column. */
  static ReportException malformed(JsonProcessingException e) {
    var loc = e.getLocation();
    String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new ReportException("not valid JSON" + at + ": " + e.getOriginalMessage(), e);
  }

  static String text(JsonNode node, String... fields) {
    for (String f : fields) {
      JsonNode v = node.path(f);
      if (v.isTextual() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }

  private static String describe(JsonToken t) {
    return t == null ? "the end of the file" : t.asString() != null ? "'" + t.asString() + "'" : t.name().toLowerCase(java.util.Locale.ROOT);
  }
}
