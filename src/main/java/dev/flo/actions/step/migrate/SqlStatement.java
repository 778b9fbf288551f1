package dev.flo.actions.step.migrate;

import java.util.List;
import java.util.Locale;

/**
 * One statement of a migration file, as our splitter cut it.
 *
 * @param text the statement without its terminating semicolon
 * @param line the 1-based line of its first keyword, for annotations
 * @param words its bare words, lower-cased, in order (no strings, quoted identifiers or comments)
 * @param comments the comments written between the previous statement and this one (where ignores
 *     live)
 */
public record SqlStatement(String text, int line, List<String> words, List<String> comments) {

  /**
   * Statements a current PostgreSQL refuses inside a transaction block; see the overload for older
   * servers.
   */
  public boolean nonTransactional() {
    return nonTransactional(Integer.MAX_VALUE);
  }

  /**
   * Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001) on a server of {@code
   * serverVersionNum} ({@code server_version_num}, 110000 for 11.0). Flyway's list
   * (flyway-database-postgresql {@code PostgreSQLParser.detectCanExecuteInTransaction}) plus the
   * two it misses: {@code REINDEX ... CONCURRENTLY} and {@code DETACH PARTITION ... CONCURRENTLY}.
   * {@code ALTER TYPE ... ADD VALUE} runs in a transaction only from PostgreSQL 12 (release notes
   * 12, E.23.3.3).
   */
  public boolean nonTransactional(int serverVersionNum) {
    String first = word(0);
    return switch (first) {
      case "vacuum" -> true;
      case "reindex" -> words.contains("concurrently") || word(1).matches("schema|database|system");
      case "discard" -> word(1).equals("all");
      case "create", "drop" -> {
        String what = word(1).equals("unique") ? word(2) : word(1);
        yield switch (what) {
          case "database", "tablespace", "subscription" -> true;
          case "index" -> word(word(1).equals("unique") ? 3 : 2).equals("concurrently");
          default -> false;
        };
      }
      case "alter" ->
          (word(1).equals("system"))
              || (word(1).equals("table")
                  && words.contains("detach")
                  && words.contains("concurrently"))
              || (word(1).equals("subscription") && words.contains("refresh"))
              || (word(1).equals("type") && serverVersionNum < 120000 && addsEnumValue());
      default -> false;
    };
  }

  /**
   * {@code BEGIN}, {@code COMMIT} and friends: a file that has them manages its own transactions.
   */
  public boolean transactionControl() {
    return switch (word(0).toUpperCase(Locale.ROOT)) {
      case "BEGIN", "COMMIT", "ROLLBACK", "ABORT", "END" -> true;
      case "START" -> word(1).equals("transaction");
      default -> false;
    };
  }

  /**
   * {@code ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v'}: ADD directly followed by VALUE (not ADD
   * ATTRIBUTE).
   */
  private boolean addsEnumValue() {
    int add = words.indexOf("add");
    return add > 0 && word(add + 1).equals("value");
  }

  public String word(int i) {
    return i < words.size() ? words.get(i) : "";
  }
}
