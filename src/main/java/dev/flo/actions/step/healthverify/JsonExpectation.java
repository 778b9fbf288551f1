package dev.flo.actions.step.healthverify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.runner.Masker;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code path=value} check on a JSON body, such as {@code status=ok} or {@code
 * checks[0].status=pass}. Paths are dotted object keys with optional array indexes; the value is
 * compared with the node's text ({@code true}, {@code 42} and {@code null} compare as written).
 */
public record JsonExpectation(String path, List<Object> steps, String expected) {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]*)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  /**
   * Parses one {@code path=value} line, or returns null with the reason added to {@code problems}.
   */
  public static @Nullable JsonExpectation parse(String line, List<String> problems) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      problems.add("line '" + line + "' is not path=value");
      return null;
    }
    String path = line.substring(0, eq).strip();
    List<Object> steps = new ArrayList<>();
    for (String segment : path.split("\\.", -1)) {
      Matcher m = SEGMENT.matcher(segment);
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        problems.add("path '" + path + "' is not a dotted path such as status or checks[0].status");
        return null;
      }
      if (!m.group(1).isEmpty()) {
        steps.add(m.group(1));
      }
      Matcher index = INDEX.matcher(m.group(2));
      while (index.find()) {
        // A JSON array index is an int in Jackson; a larger one can only be a typo, not a position
        // in a health body.
        String digits = index.group(1);
        if (digits.length() > 9) {
          problems.add(
              "path '"
                  + path
                  + "' has index ["
                  + (digits.length() > 20 ? digits.substring(0, 17) + "..." : digits)
                  + "], outside 0..999999999");
          return null;
        }
        steps.add(Integer.parseInt(digits));
      }
    }
    return new JsonExpectation(path, List.copyOf(steps), line.substring(eq + 1).strip());
  }

  /**
   * Null when the body satisfies this check, else what differs, with the value redacted before it
   * is cut.
   */
  public @Nullable String mismatch(JsonNode root, Masker masker) {
    JsonNode node = root;
    for (Object step : steps) {
      node = step instanceof Integer i ? node.path(i) : node.path((String) step);
    }
    if (node.isMissingNode()) {
      return "JSON has no " + path;
    }
    String actual = node.isValueNode() || node.isNull() ? node.asText() : node.toString();
    return actual.equals(expected)
        ? null
        : "JSON " + path + " is '" + masker.shorten(actual, 80) + "', expected '" + expected + "'";
  }

  @Override
  public String toString() {
    return path + "=" + expected;
  }
}
