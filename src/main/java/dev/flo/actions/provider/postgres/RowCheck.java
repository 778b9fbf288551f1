package dev.flo.actions.provider.postgres;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * SQL that compares every table's row count with the expected one inside the restore's own
 * transaction and raises an error naming the differences, so a restore that does not match its
 * backup's manifest is never committed. Tables are matched by {@code schema.table} as {@link
 * PostgresDatabase#rowCounts()} names them.
 */
public final class RowCheck {
  private static final String MARK = "flo-actions row check: ";

  private RowCheck() {}

  /** The check for {@code expected} (empty when there is nothing to check). */
  public static String sql(Map<String, Long> expected) {
    if (expected.isEmpty()) {
      return "";
    }
    String values =
        expected.entrySet().stream()
            .map(e -> "(" + literal(e.getKey()) + ", " + e.getValue() + "::bigint)")
            .collect(Collectors.joining(",\n  "));
    String body =
        """
        DECLARE
          r record;
          found_rows bigint;
          problems text[] := '{}';
        BEGIN
          FOR r IN SELECT m.name, m.expected, t.nspname, t.relname
              FROM (VALUES
          %s) AS m(name, expected)
              LEFT JOIN (SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r') t
                ON t.nspname || '.' || t.relname = m.name
          LOOP
            IF r.relname IS NULL THEN
              problems := problems || (r.name || ': expected ' || r.expected || ', found no table');
            ELSE
              EXECUTE format('SELECT count(*) FROM ONLY %%I.%%I', r.nspname, r.relname) INTO found_rows;
              IF found_rows <> r.expected THEN
                problems := problems || (r.name || ': expected ' || r.expected || ', found ' || found_rows);
              END IF;
            END IF;
          END LOOP;
          IF cardinality(problems) > 0 THEN
            RAISE EXCEPTION '%s%%', array_to_string(problems[1:10], '; ')
              || CASE WHEN cardinality(problems) > 10 THEN '; and ' || (cardinality(problems) - 10) || ' more' ELSE '' END;
          END IF;
        END
        """
            .formatted(values, MARK);
    // A dollar-quote tag that cannot occur in the body, whatever the table names hold.
    String tag = "$check_" + UUID.randomUUID().toString().replace("-", "") + "$";
    return "DO " + tag + "\n" + body + tag + ";";
  }

  /** The differences the check reported, from psql's messages; empty when it did not fail. */
  public static Optional<String> failure(String psqlMessages) {
    int at = psqlMessages.indexOf(MARK);
    if (at < 0) {
      return Optional.empty();
    }
    String rest = psqlMessages.substring(at + MARK.length());
    int end = rest.indexOf('\n');
    return Optional.of((end < 0 ? rest : rest.substring(0, end)).strip());
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
