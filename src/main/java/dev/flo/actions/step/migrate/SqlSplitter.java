package dev.flo.actions.step.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a migration script into statements with a small PostgreSQL lexer: semicolons inside strings
 * ({@code '...'}, {@code E'...'}), quoted identifiers, dollar quotes ({@code $fn$...$fn$}), line
 * and nested block comments, and SQL-standard {@code BEGIN ATOMIC ... END} bodies do not end a
 * statement (https://www.postgresql.org/docs/current/sql-syntax-lexical.html).
 */
public final class SqlSplitter {
  private static final String DRIZZLE_BREAKPOINT = "> statement-breakpoint";
  private final String sql;
  private int pos;
  private int line = 1;

  private SqlSplitter(String sql) {
    this.sql = sql;
  }

  public static List<SqlStatement> split(String sql) {
    return new SqlSplitter(sql).run();
  }

  private List<SqlStatement> run() {
    List<SqlStatement> out = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    List<String> words = new ArrayList<>();
    int start = -1;
    int startLine = 0;
    int atomicDepth = 0;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '-' && peek(1) == '-') {
        int end = sql.indexOf('\n', pos);
        end = end < 0 ? sql.length() : end;
        String comment = sql.substring(pos + 2, end).strip();
        if (start < 0) {
          comments.add(comment);
        } else if (comment.equals(DRIZZLE_BREAKPOINT) && atomicDepth == 0) {
          // drizzle-orm's migrator cuts files here even where a statement lacks its semicolon.
          out.add(statement(start, pos, startLine, words, comments));
          words = new ArrayList<>();
          comments = new ArrayList<>();
          start = -1;
        }
        pos = end;
        continue;
      }
      if (c == '/' && peek(1) == '*') {
        int from = pos;
        skipBlockComment();
        if (start < 0) {
          comments.add(sql.substring(from + 2, Math.max(from + 2, pos - 2)).strip());
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        advance(1);
        continue;
      }
      if (start < 0) {
        start = pos;
        startLine = line;
      }
      if (c == ';' && atomicDepth == 0) {
        out.add(statement(start, pos, startLine, words, comments));
        words = new ArrayList<>();
        comments = new ArrayList<>();
        start = -1;
        advance(1);
      } else if (c == '\'') {
        boolean escapes =
            pos > 0
                && (sql.charAt(pos - 1) == 'E' || sql.charAt(pos - 1) == 'e')
                && (pos < 2 || !isWordChar(sql.charAt(pos - 2)));
        skipQuoted('\'', escapes);
      } else if (c == '"') {
        skipQuoted('"', false);
      } else if (c == '$' && dollarTag() != null) {
        String tag = dollarTag();
        int end = sql.indexOf(tag, pos + tag.length());
        advance((end < 0 ? sql.length() : end + tag.length()) - pos);
      } else if (isWordStart(c)) {
        int from = pos;
        while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
          pos++;
        }
        String word = sql.substring(from, pos).toLowerCase(Locale.ROOT);
        atomicDepth = atomicDepth(word, words, atomicDepth);
        words.add(word);
      } else {
        advance(1);
      }
    }
    if (start >= 0) {
      out.add(statement(start, sql.length(), startLine, words, comments));
    }
    return out;
  }

  /** Inside {@code BEGIN ATOMIC} bodies, {@code BEGIN}/{@code CASE} nest and {@code END} closes. */
  private static int atomicDepth(String word, List<String> before, int depth) {
    String prev = before.isEmpty() ? "" : before.getLast();
    if (word.equals("atomic") && prev.equals("begin")) {
      return depth + 1;
    }
    if (depth > 0 && word.equals("case")) {
      return depth + 1;
    }
    if (depth > 0 && word.equals("end")) {
      return depth - 1;
    }
    return depth;
  }

  private SqlStatement statement(
      int start, int end, int startLine, List<String> words, List<String> comments) {
    return new SqlStatement(
        sql.substring(start, end).strip(), startLine, List.copyOf(words), List.copyOf(comments));
  }

  /**
   * The {@code $tag$} opening at {@code pos}, or null when the {@code $} is a parameter such as
   * {@code $1}.
   */
  private @Nullable String dollarTag() {
    int i = pos + 1;
    while (i < sql.length() && isWordChar(sql.charAt(i)) && sql.charAt(i) != '$') {
      i++;
    }
    if (i >= sql.length() || sql.charAt(i) != '$') {
      return null;
    }
    String tag = sql.substring(pos, i + 1);
    boolean digitStart = tag.length() > 2 && Character.isDigit(tag.charAt(1));
    boolean inWord = pos > 0 && isWordChar(sql.charAt(pos - 1));
    return digitStart || inWord ? null : tag;
  }

  private void skipQuoted(char quote, boolean backslashEscapes) {
    advance(1);
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        advance(2);
      } else if (c == quote && peek(1) == quote) {
        advance(2);
      } else if (c == quote) {
        advance(1);
        return;
      } else {
        advance(1);
      }
    }
  }

  private void skipBlockComment() {
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.charAt(pos) == '/' && peek(1) == '*') {
        depth++;
        advance(2);
      } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
        depth--;
        advance(2);
        if (depth == 0) {
          return;
        }
      } else {
        advance(1);
      }
    }
  }

  private void advance(int n) {
    int end = Math.min(sql.length(), pos + n);
    for (int i = pos; i < end; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
    }
    pos = end;
  }

  private char peek(int ahead) {
    return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
