package dev.flo.actions.step.lintgate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The streaming JSON parser the JSON report readers share, and its error wording. */
final class JsonReports {
  /**
   * The longest string the readers keep. ESLint's {@code source} (a whole file) is skipped unread,
   * so this bounds only values we use (paths, messages, fixes); Jackson checks it while reading, so
   * a huge value costs at most this much memory, not its own size.
   */
  static final int MAX_VALUE_CHARS = 8 * 1024 * 1024;

  /**
   * The most JSON text one object read whole (an ESLint message, a SARIF result or tool) may span.
   */
  static final long MAX_TREE_BYTES = 32L * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxStringLength(MAX_VALUE_CHARS)
                      .maxNestingDepth(200)
                      .build())
              .build());

  private JsonReports() {}

  static JsonParser open(Path file) throws IOException {
    return MAPPER.getFactory().createParser(file.toFile());
  }

  /**
   * Reads the value the parser is on (an object or array) as a small tree: one that spans too much
   * text is refused.
   */
  static JsonNode tree(JsonParser p) throws IOException {
    return MAPPER.readTree(new BoundedParser(p, offset(p) + MAX_TREE_BYTES));
  }

  private static long offset(JsonParser p) {
    var loc = p.currentLocation();
    return Math.max(loc.getByteOffset(), loc.getCharOffset());
  }

  /** Stops a tree read once the parser has moved past {@code limit}. */
  private static final class BoundedParser extends JsonParserDelegate {
    private final long limit;

    BoundedParser(JsonParser p, long limit) {
      super(p);
      this.limit = limit;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      if (offset(delegate) > limit) {
        throw new StreamConstraintsException(
            "one object spans more than " + MAX_TREE_BYTES / (1024 * 1024) + " MiB of the report",
            delegate.currentLocation());
      }
      return delegate.nextToken();
    }
  }

  static void expect(JsonParser p, JsonToken token, String what)
      throws IOException, ReportException {
    if (p.currentToken() != token) {
      throw new ReportException(
          "expected "
              + what
              + " at line "
              + p.currentLocation().getLineNr()
              + ", found "
              + describe(p.currentToken()));
    }
  }

  /** Jackson's message without its source dump: the reason and the line/column. */
  static ReportException malformed(JsonProcessingException e) {
    var loc = e.getLocation();
    String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    if (e instanceof StreamConstraintsException) {
      return new ReportException(
          "too large to read: a value"
              + at
              + " is over lint-gate's limit ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
    return new ReportException("not valid JSON" + at + ": " + e.getOriginalMessage(), e);
  }

  static @Nullable String text(JsonNode node, String... fields) {
    for (String f : fields) {
      JsonNode v = node.path(f);
      if (v.isTextual() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }

  private static String describe(JsonToken t) {
    return t == null
        ? "the end of the file"
        : t.asString() != null
            ? "'" + t.asString() + "'"
            : t.name().toLowerCase(java.util.Locale.ROOT);
  }
}
