package dev.flo.actions.runtime.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pure encoders for the runner's stdout workflow commands ({@code ::name k=v::data}).
 *
 * <p>Escaping follows actions/toolkit {@code command.ts}: {@code %} first, then CR and LF; property
 * values also escape {@code :} and {@code ,}. The runner unescapes in the reverse order (see
 * runtime-contract.md §3.1), so every string round-trips.
 */
public final class WorkflowCommand {
  private WorkflowCommand() {}

  public static String escapeData(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  public static String escapeProperty(String s) {
    return escapeData(s).replace(":", "%3A").replace(",", "%2C");
  }

  /**
   * {@code ::name k=v,k2=v2::message}; null or empty property values are omitted, as the toolkit
   * does.
   */
  public static String format(String name, Map<String, String> properties, String message) {
    StringBuilder sb = new StringBuilder("::").append(name);
    boolean first = true;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      sb.append(first ? ' ' : ',')
          .append(e.getKey())
          .append('=')
          .append(escapeProperty(e.getValue()));
      first = false;
    }
    return sb.append("::").append(escapeData(message == null ? "" : message)).toString();
  }

  public static String format(String name, String message) {
    return format(name, new LinkedHashMap<>(), message);
  }
}
