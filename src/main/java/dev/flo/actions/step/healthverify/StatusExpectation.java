package dev.flo.actions.step.healthverify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP statuses that count as healthy: codes, ranges and classes such as {@code 200,204},
 * {@code 200-299}, {@code 2xx}.
 */
public record StatusExpectation(String text, List<Range> ranges) {

  /** An inclusive range of status codes. */
  public record Range(int from, int to) {
    boolean contains(int status) {
      return status >= from && status <= to;
    }
  }

  private static final Pattern CLASS = Pattern.compile("([1-5])xx");
  private static final Pattern RANGE = Pattern.compile("(\\d{3})-(\\d{3})");
  private static final Pattern CODE = Pattern.compile("\\d{3}");

  /**
   * Parses a comma, space or newline separated list; returns null and adds a sentence to {@code
   * problems} for each token that is not a status between 100 and 599.
   */
  public static @Nullable StatusExpectation parse(String text, List<String> problems) {
    List<Range> ranges = new ArrayList<>();
    for (String raw : text.split("[,\\s]+")) {
      String token = raw.strip().toLowerCase(Locale.ROOT);
      if (token.isEmpty()) {
        continue;
      }
      Range range = token(token);
      if (range == null || range.from() < 100 || range.to() > 599 || range.from() > range.to()) {
        problems.add("'" + raw.strip() + "' is not a status, a range (200-299) or a class (2xx)");
      } else {
        ranges.add(range);
      }
    }
    if (ranges.isEmpty() && problems.isEmpty()) {
      problems.add("lists no status");
    }
    return problems.isEmpty() ? new StatusExpectation(text.strip(), List.copyOf(ranges)) : null;
  }

  private static @Nullable Range token(String token) {
    Matcher m = CLASS.matcher(token);
    if (m.matches()) {
      int base = Integer.parseInt(m.group(1)) * 100;
      return new Range(base, base + 99);
    }
    m = RANGE.matcher(token);
    if (m.matches()) {
      return new Range(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    if (CODE.matcher(token).matches()) {
      int code = Integer.parseInt(token);
      return new Range(code, code);
    }
    return null;
  }

  public boolean matches(int status) {
    return ranges.stream().anyMatch(r -> r.contains(status));
  }

  @Override
  public String toString() {
    return text;
  }
}
