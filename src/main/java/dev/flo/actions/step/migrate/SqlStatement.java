package dev.flo.actions.step.migrate;

import java.util.List;

/**
 * One statement of a migration file, as our splitter cut it.
 *
 * @param text the statement without its terminating semicolon
 * @param line the 1-based line of its first keyword, for annotations
 * @param words its bare words, lower-cased, in order (no strings, quoted identifiers or comments)
 * @param comments the comments written between the previous statement and this one (where ignores live)
 */
public record SqlStatement(String text, int line, List<String> words, List<String> comments) {

  /**
   * Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001). Flyway's list
   * (flyway-database-postgresql {@code PostgreSQLParser.detectCanExecuteInTransaction}) plus the two it misses:
   * {@code REINDEX ... CONCURRENTLY} and {@code DETACH PARTITION ... CONCURRENTLY}.
   */
  public boolean nonTransactional() {
    String first = word(0);
    return switch (first) {
      case "vacuum" -> true;
      case "reindex" -> words.contains("concurrently") || List.of("schema", "database", "system").contains(word(1));
      case "discard" -> word(1).equals("all");
      case "create", "drop" -> {
        String what = word(1).equals("unique") ? word(2) : word(1);
        yield switch (what) {
          case "database", "tablespace", "subscription" -> true;
          case "index" -> word(word(1).equals("unique") ? 3 : 2).equals("concurrently");
          default -> false;
        };
      }
      case "alter" -> (word(1).equals("system"))
          || (word(1).equals("table") && words.contains("detach") && words.contains("concurrently"))
          || (word(1).equals("subscription") && words.contains("refresh"));
      default -> false;
    };
  }

  /** {@code BEGIN}, {@code COMMIT} and friends: a file that has them manages its own transactions. */
  public boolean transactionControl() {
    return switch (word(0)) {
      case "begin", "commit", "rollback", "abort", "end" -> true;
      case "start" -> word(1).equals("transaction");
      default -> false;
    };
  }

  public String word(int i) {
    return i < words.size() ? words.get(i) : "";
  }
}
