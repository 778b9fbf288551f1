package dev.flo.actions.testing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test-side copy of the runner's stdout command parser (runner {@code ActionCommand.TryParseV2}):
 * the line is trimmed at the start and must begin with {@code ::}; the command info runs to the
 * next {@code ::}; properties are trimmed, split on {@code ,} (empty parts dropped) and at the
 * first {@code =}; keys are case-insensitive. Unescaping replaces {@code %0D}, {@code %0A} (then
 * {@code %3A}, {@code %2C} for properties) and {@code %25} last.
 */
public final class RunnerWorkflowCommands {
  private RunnerWorkflowCommands() {}

  /** Commands the runner registers (runner {@code ActionCommandManager} extensions). */
  public static final Set<String> REGISTERED =
      Set.of(
          "error",
          "warning",
          "notice",
          "debug",
          "group",
          "endgroup",
          "add-mask",
          "stop-commands",
          "echo",
          "add-matcher",
          "remove-matcher",
          "set-output",
          "save-state",
          "set-env",
          "add-path");

  /** One parsed command. */
  public record Command(String name, Map<String, String> properties, String data) {}

  public static Optional<Command> parse(String line) {
    if (line == null || line.isEmpty()) {
      return Optional.empty();
    }
    // .NET TrimStart: Char.IsWhiteSpace also covers no-break spaces, which Java's stripLeading
    // keeps.
    int start = 0;
    while (start < line.length()
        && (Character.isWhitespace(line.charAt(start))
            || Character.isSpaceChar(line.charAt(start)))) {
      start++;
    }
    String message = line.substring(start);
    if (!message.startsWith("::")) {
      return Optional.empty();
    }
    int end = message.indexOf("::", 2);
    if (end < 0) {
      return Optional.empty();
    }
    String info = message.substring(2, end);
    int space = info.indexOf(' ');
    String name = space < 0 ? info : info.substring(0, space);
    if (!REGISTERED.contains(name)) {
      return Optional.empty();
    }
    Map<String, String> props = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (space > 0) {
      for (String part : info.substring(space + 1).strip().split(",")) {
        int eq = part.indexOf('=');
        // .NET Split('=', 2, RemoveEmptyEntries): a part without a non-empty key and value is
        // dropped.
        if (eq > 0 && eq < part.length() - 1) {
          props.put(part.substring(0, eq), unescapeProperty(part.substring(eq + 1)));
        }
      }
    }
    return Optional.of(new Command(name, props, unescapeData(message.substring(end + 2))));
  }

  public static String unescapeData(String s) {
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
  }

  public static String unescapeProperty(String s) {
    return s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%");
  }
}
