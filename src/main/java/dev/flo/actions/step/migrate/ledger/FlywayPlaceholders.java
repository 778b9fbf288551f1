package dev.flo.actions.step.migrate.ledger;

import dev.flo.actions.step.migrate.Migration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway replaces {@code ${name}} placeholders in SQL migrations before running them (on by
 * default), and the checksum covers the text before replacement. We fill Flyway's built-in ones
 * (https://documentation.red-gate.com/fd/placeholders-184127474.html) and refuse others, as Flyway
 * refuses a placeholder without a value.
 */
public final class FlywayPlaceholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

  private final Map<String, String> values;

  public FlywayPlaceholders(String schema, String user, String database, LocalDateTime now) {
    values = new LinkedHashMap<>();
    values.put("flyway:defaultSchema", schema);
    values.put("flyway:user", user);
    values.put("flyway:database", database);
    values.put("flyway:timestamp", now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
    values.put("flyway:table", "flyway_schema_history");
    values.put("flyway:environment", "default");
  }

  /** Placeholders in {@code script} that have no value. */
  public static List<String> unknown(String script) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(script);
    while (m.find()) {
      if (!m.group(1).startsWith("flyway:")) {
        out.add(m.group());
      }
    }
    return out;
  }

  public String apply(Migration migration) {
    Matcher m = PLACEHOLDER.matcher(migration.script());
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value =
          m.group(1).equals("flyway:filename")
              ? migration.file().getFileName().toString()
              : values.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
