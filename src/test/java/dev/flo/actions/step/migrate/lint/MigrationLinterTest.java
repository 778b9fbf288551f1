package dev.flo.actions.step.migrate.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.pgquery.PgQuery;
import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.MigrationTool;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule catalogue's examples, parsed by libpg_query: each unsafe form is found, each safe
 * rewrite is not.
 */
class MigrationLinterTest {
  static List<LintFinding> lint(String sql) throws Exception {
    return lint(sql, Set.of(), true);
  }

  static List<LintFinding> lint(String sql, Set<String> ignored, boolean stepSetsLockTimeout)
      throws Exception {
    return new MigrationLinter(PgQuery.load(), ignored, stepSetsLockTimeout)
        .lint(Migration.named("m.sql", Path.of("db/m.sql"), sql));
  }

  static List<String> rules(String sql) throws Exception {
    return lint(sql).stream().map(f -> f.rule().id()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      adding-required-field               | ALTER TABLE users ADD COLUMN tenant bigint NOT NULL
      adding-field-with-default           | ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()
      adding-field-with-default           | ALTER TABLE users ADD COLUMN n bigserial
      adding-not-nullable-field           | ALTER TABLE users ALTER COLUMN email SET NOT NULL
      adding-foreign-key-constraint       | ALTER TABLE posts ADD CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id)
      constraint-missing-not-valid        | ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)
      disallowed-unique-constraint        | ALTER TABLE users ADD CONSTRAINT email_unique UNIQUE (email)
      adding-serial-primary-key-field     | ALTER TABLE events ADD PRIMARY KEY (id)
      adding-exclusion-constraint         | ALTER TABLE rooms ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
      adding-stored-generated-column      | ALTER TABLE users ADD COLUMN lower_email text GENERATED ALWAYS AS (lower(email)) STORED
      require-concurrent-index-creation   | CREATE INDEX users_email ON users (email)
      require-concurrent-index-deletion   | DROP INDEX users_email
      require-concurrent-reindex          | REINDEX INDEX users_email
      require-concurrent-partition-detach | ALTER TABLE measurements DETACH PARTITION measurements_2020
      changing-column-type                | ALTER TABLE users ALTER COLUMN id TYPE bigint
      renaming-column                     | ALTER TABLE users RENAME COLUMN email TO mail
      renaming-table                      | ALTER TABLE users RENAME TO customers
      ban-drop-column                     | ALTER TABLE users DROP COLUMN email
      ban-drop-table                      | DROP TABLE users
      ban-drop-database                   | DROP DATABASE shop
      ban-truncate-cascade                | TRUNCATE users CASCADE
      prefer-repack                       | VACUUM FULL users
      ban-alter-domain-with-add-constraint | ALTER DOMAIN positive ADD CONSTRAINT gt0 CHECK (VALUE > 0)
      ban-drop-not-null                   | ALTER TABLE users ALTER COLUMN email DROP NOT NULL
      prefer-text-field                   | CREATE TABLE t (name varchar(40))
      prefer-timestamptz                  | CREATE TABLE t (created timestamp)
      prefer-jsonb                        | CREATE TABLE t (doc json)
      unparsed-statement                  | ALTER TABLE users FROBNICATE
      """)
  void findsTheUnsafeForm(String rule, String sql) throws Exception {
    assertThat(rules(sql)).containsExactly(rule);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      nullable column                  | ALTER TABLE users ADD COLUMN tenant bigint
      constant default with NOT NULL   | ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true
      stable default now()             | ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT now()
      foreign key NOT VALID            | ALTER TABLE posts ADD CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID
      check NOT VALID                  | ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID
      validate later                   | ALTER TABLE users VALIDATE CONSTRAINT age_positive
      unique using index               | ALTER TABLE users ADD CONSTRAINT email_unique UNIQUE USING INDEX users_email
      concurrent index                 | CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email)
      concurrent drop                  | DROP INDEX CONCURRENTLY users_email
      concurrent reindex               | REINDEX INDEX CONCURRENTLY users_email
      concurrent detach                | ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY
      text column                      | CREATE TABLE t (name text, created timestamptz, doc jsonb)
      semicolon in a function body     | CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$
      """)
  void acceptsTheSafeRewrite(String name, String sql) throws Exception {
    assertThat(rules(sql)).isEmpty();
  }

  @Test
  void tablesAndIndexesCreatedEarlierInTheFileDoNotTriggerLockRules() throws Exception {
    String sql =
        """
        CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
        CREATE INDEX accounts_email ON accounts (email);
        ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
        ALTER TABLE accounts ADD CONSTRAINT accounts_email_unique UNIQUE (email);
        DROP INDEX accounts_email;
        CREATE INDEX users_email ON users (email);
        """;
    List<LintFinding> findings = lint(sql);
    assertThat(findings)
        .extracting(f -> f.rule().id() + "@" + f.line())
        .containsExactly("require-concurrent-index-creation@6");
  }

  @Test
  void aTableCreatedByAnEarlierFileOfTheSameRunIsNewToo() throws Exception {
    MigrationLinter linter = new MigrationLinter(PgQuery.load(), Set.of(), true);
    assertThat(
            linter.lint(
                Migration.named(
                    "1.sql", Path.of("1.sql"), "CREATE TABLE accounts (id bigint, email text);")))
        .isEmpty();
    assertThat(
            linter.lint(
                Migration.named(
                    "2.sql",
                    Path.of("2.sql"),
                    "CREATE INDEX accounts_email ON accounts (email);\nCREATE INDEX users_email ON users (email);")))
        .extracting(f -> f.rule().id() + "@" + f.line())
        .containsExactly("require-concurrent-index-creation@2");
  }

  @Test
  void anIgnoreCommentSuppressesOneRuleOnTheNextStatementOnly() throws Exception {
    String sql =
        """
        -- flo-lint-ignore require-concurrent-index-creation
        CREATE INDEX small_lookup ON countries (code);
        CREATE INDEX big_lookup ON orders (code);
        """;
    assertThat(lint(sql))
        .extracting(f -> f.rule().id() + "@" + f.line())
        .containsExactly("require-concurrent-index-creation@3");
    assertThat(lint(sql, Set.of("require-concurrent-index-creation"), true)).isEmpty();
  }

  @Test
  void transactionControlMistakesAndMissingTimeoutsAreFound() throws Exception {
    assertThat(rules("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;"))
        .containsExactly("ban-concurrent-index-creation-in-transaction");
    assertThat(rules("BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;")).containsExactly("transaction-nesting");
    assertThat(rules("BEGIN;\nSELECT 1;")).containsExactly("ban-uncommitted-transaction");
    assertThat(lint("ALTER TABLE users ADD COLUMN note text;", Set.of(), false))
        .extracting(f -> f.rule().id())
        .containsExactly("require-lock-timeout");
    assertThat(
            lint(
                "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN note text;",
                Set.of(),
                false))
        .isEmpty();
  }

  @Test
  void findingsNameTheLockAndTheSafeWay() throws Exception {
    LintFinding f = lint("\n\nALTER TABLE users ALTER COLUMN email SET NOT NULL;").getFirst();
    assertThat(f.line()).isEqualTo(3);
    assertThat(f.message())
        .contains(
            "Lock: ACCESS EXCLUSIVE",
            "NOT VALID",
            "VALIDATE CONSTRAINT",
            "users.email",
            "-- flo-lint-ignore adding-not-nullable-field");
  }

  static List<String> rules(MigrationTool tool, int serverVersionNum, String sql) throws Exception {
    return new MigrationLinter(PgQuery.load(), Set.of(), true, tool, serverVersionNum)
        .lint(Migration.named("m.sql", Path.of("m.sql"), sql)).stream()
            .map(f -> f.rule().id() + "@" + f.line())
            .toList();
  }

  @Test
  void aStatementRefusedInATransactionMustStandAloneWhereTheToolRunsTheFileInOne()
      throws Exception {
    String mixed =
        "CREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n";
    assertThat(rules(MigrationTool.PRISMA, 150000, mixed))
        .containsExactly("non-transactional-not-alone@2");
    assertThat(rules(MigrationTool.FLYWAY, 150000, mixed))
        .containsExactly("non-transactional-not-alone@2");
    assertThat(rules(MigrationTool.DRIZZLE, 150000, mixed))
        .containsExactly("non-transactional-not-alone@2");
    assertThat(rules(MigrationTool.PRISMA, 150000, "VACUUM ANALYZE users;\nSELECT 1;"))
        .containsExactly("non-transactional-not-alone@1");
    assertThat(
            rules(
                MigrationTool.PRISMA, 150000, "SELECT 1;\nREINDEX INDEX CONCURRENTLY users_email;"))
        .containsExactly("non-transactional-not-alone@2");
    // migrate's own layout runs such a file outside a transaction: nothing to warn about.
    assertThat(rules(MigrationTool.SQL, 150000, mixed)).isEmpty();
    // Alone it is one statement in its own query, which PostgreSQL accepts (and Prisma's docs
    // advise).
    assertThat(
            rules(
                MigrationTool.PRISMA,
                150000,
                "-- index\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n"))
        .isEmpty();
    assertThat(rules(MigrationTool.FLYWAY, 150000, "DROP INDEX CONCURRENTLY users_email;"))
        .isEmpty();
  }

  @Test
  void drizzlesMigratorWrapsEvenALoneStatementInATransactionWhichIsAdviceNotABlock()
      throws Exception {
    List<LintFinding> findings =
        new MigrationLinter(PgQuery.load(), Set.of(), true, MigrationTool.DRIZZLE, 150000)
            .lint(
                Migration.named(
                    "0001_idx",
                    Path.of("drizzle/0001_idx.sql"),
                    "CREATE INDEX CONCURRENTLY users_email ON users (email);"));
    assertThat(findings)
        .extracting(f -> f.rule().id())
        .containsExactly("non-transactional-under-drizzle");
    assertThat(findings.getFirst().rule().blocking()).isFalse();
  }

  @Test
  void addingAnEnumValueCountsOnlyBeforePostgres12() throws Exception {
    String sql = "ALTER TYPE \"Role\" ADD VALUE 'ADMIN';\nALTER TABLE users ADD COLUMN note text;";
    assertThat(rules(MigrationTool.PRISMA, 110000, sql))
        .containsExactly("non-transactional-not-alone@1");
    assertThat(rules(MigrationTool.PRISMA, 120000, sql)).isEmpty();
    assertThat(
            rules(
                MigrationTool.PRISMA,
                110000,
                "ALTER TYPE shape ADD ATTRIBUTE sides int;\nSELECT 1;"))
        .isEmpty();
  }

  @Test
  void theMixedFileFindingSaysWhyTheToolFailsAndHowToSplit() throws Exception {
    LintFinding f =
        new MigrationLinter(PgQuery.load(), Set.of(), true, MigrationTool.PRISMA, 150000)
            .lint(
                Migration.named(
                    "20240102_idx",
                    Path.of("prisma/migrations/20240102_idx/migration.sql"),
                    "CREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY users_email ON users (email);"))
            .getFirst();
    assertThat(f.rule().blocking()).isTrue();
    assertThat(f.message())
        .contains(
            "SQLSTATE 25001",
            "`CREATE INDEX CONCURRENTLY users_email ON users (email)` with 1 other statement(s)",
            "prisma migrate deploy sends the whole file as one query",
            "migration file of its own",
            "-- flo-lint-ignore non-transactional-not-alone");
  }
}
