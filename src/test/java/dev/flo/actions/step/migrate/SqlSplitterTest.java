package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The splitter cuts only at top-level semicolons and knows which statements cannot run in a
 * transaction.
 */
class SqlSplitterTest {
  @Test
  void semicolonsInsideStringsQuotesCommentsAndDollarQuotesDoNotSplit() {
    String sql =
        """
        -- leading; comment
        INSERT INTO t VALUES ('a;b', E'it\\'s;', "we;ird");
        /* block; /* nested; */ still; */
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          RAISE NOTICE 'x;y'; -- inside
          RETURN NEW;
        END;
        $fn$;
        CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; END;
        SELECT $1, 'x' || $$;$$
        """;
    List<SqlStatement> s = SqlSplitter.split(sql);
    assertThat(s).extracting(SqlStatement::line).containsExactly(2, 4, 10, 11);
    assertThat(s.get(0).text()).isEqualTo("INSERT INTO t VALUES ('a;b', E'it\\'s;', \"we;ird\")");
    assertThat(s.get(0).comments()).containsExactly("leading; comment");
    assertThat(s.get(1).comments()).containsExactly("block; /* nested; */ still;");
    assertThat(s.get(1).text()).endsWith("END;\n$fn$");
    assertThat(s.get(2).text()).endsWith("ELSE 0 END; END");
    assertThat(s.get(3).text()).isEqualTo("SELECT $1, 'x' || $$;$$");
  }

  @Test
  void drizzleBreakpointsEndAStatementEvenWithoutASemicolon() {
    List<SqlStatement> s =
        SqlSplitter.split(
            "CREATE TABLE a (id int)\n--> statement-breakpoint\nCREATE TABLE b (id int);\n");
    assertThat(s)
        .extracting(SqlStatement::text)
        .containsExactly("CREATE TABLE a (id int)", "CREATE TABLE b (id int)");
  }

  @Test
  void flywaysNonTransactionalListAndTransactionControlAreRecognised() {
    for (String sql :
        List.of(
            "CREATE INDEX CONCURRENTLY i ON t (a)",
            "create unique index concurrently i on t (a)",
            "DROP INDEX CONCURRENTLY i",
            "REINDEX TABLE CONCURRENTLY t",
            "REINDEX DATABASE shop",
            "VACUUM t",
            "DISCARD ALL",
            "CREATE DATABASE x",
            "ALTER SYSTEM SET work_mem = '1MB'",
            "ALTER TABLE p DETACH PARTITION c CONCURRENTLY")) {
      assertThat(SqlSplitter.split(sql).getFirst().nonTransactional()).as(sql).isTrue();
    }
    for (String sql :
        List.of(
            "CREATE INDEX i ON t (a)",
            "CREATE TABLE concurrently (id int)",
            "REINDEX TABLE t",
            "ALTER TABLE p DETACH PARTITION c",
            "SELECT 'VACUUM'")) {
      assertThat(SqlSplitter.split(sql).getFirst().nonTransactional()).as(sql).isFalse();
    }
    assertThat(
            SqlSplitter.split("COMMIT; START TRANSACTION; SELECT 1").stream()
                .map(SqlStatement::transactionControl)
                .toList())
        .containsExactly(true, true, false);
  }

  @Test
  void addingAnEnumValueRunsOutsideATransactionOnlyBeforePostgres12() {
    SqlStatement add =
        SqlSplitter.split("ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'ADMIN' AFTER 'USER'")
            .getFirst();
    assertThat(add.nonTransactional(110022)).isTrue();
    assertThat(add.nonTransactional(120000)).isFalse();
    assertThat(add.nonTransactional()).isFalse();
    assertThat(
            SqlSplitter.split("ALTER TYPE shape ADD ATTRIBUTE sides int")
                .getFirst()
                .nonTransactional(110000))
        .isFalse();
    assertThat(
            SqlSplitter.split("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'")
                .getFirst()
                .nonTransactional(110000))
        .isFalse();
  }
}
