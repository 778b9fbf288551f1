package dev.flo.actions.step.migrate.lint;

/**
 * The zero-downtime rules: squawk's ids (sbdchd/squawk {@code docs/docs/<rule>.md}) and
 * strong_migrations' checks (ankane/strong_migrations README), each with the lock it takes and the
 * safe rewrite. {@code blocking} rules fail the run when {@code lint: error}; the others are
 * advice.
 */
public enum LintRule {
  ADDING_REQUIRED_FIELD(
      "adding-required-field",
      true,
      "ACCESS EXCLUSIVE",
      "Adding a NOT NULL column without a default fails on a table with rows and breaks inserts from the running app version.",
      "Add the column as nullable (or with a constant default), backfill it, then add NOT NULL through a NOT VALID CHECK."),
  ADDING_FIELD_WITH_VOLATILE_DEFAULT(
      "adding-field-with-default",
      true,
      "ACCESS EXCLUSIVE",
      "A volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval/serial) rewrites the whole table while holding the lock.",
      "Add the column without a default, SET DEFAULT for new rows, then backfill existing rows in batches."),
  SETTING_NOT_NULL(
      "adding-not-nullable-field",
      true,
      "ACCESS EXCLUSIVE",
      "SET NOT NULL scans the whole table while holding the lock.",
      "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; then VALIDATE CONSTRAINT c in a later migration; then SET NOT NULL (PostgreSQL 12+ uses the check and skips the scan) and DROP CONSTRAINT c."),
  FOREIGN_KEY(
      "adding-foreign-key-constraint",
      true,
      "SHARE ROW EXCLUSIVE on both tables",
      "A foreign key is validated by scanning the table while writes to both tables are blocked.",
      "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID; then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration."),
  CHECK_WITHOUT_NOT_VALID(
      "constraint-missing-not-valid",
      true,
      "ACCESS EXCLUSIVE",
      "A CHECK constraint is validated by scanning the table while the lock blocks reads and writes.",
      "ADD CONSTRAINT ... CHECK (...) NOT VALID; then VALIDATE CONSTRAINT in a later migration (it takes only SHARE UPDATE EXCLUSIVE)."),
  UNIQUE_CONSTRAINT(
      "disallowed-unique-constraint",
      true,
      "ACCESS EXCLUSIVE",
      "ADD UNIQUE builds its index while the lock blocks reads and writes.",
      "CREATE UNIQUE INDEX CONCURRENTLY i ON t (col); then ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX i."),
  PRIMARY_KEY(
      "adding-serial-primary-key-field",
      true,
      "ACCESS EXCLUSIVE",
      "Adding a primary key builds its index (and a serial column rewrites the table) while holding the lock.",
      "CREATE UNIQUE INDEX CONCURRENTLY i ON t (id); then ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX i."),
  EXCLUSION_CONSTRAINT(
      "adding-exclusion-constraint",
      true,
      "ACCESS EXCLUSIVE",
      "An exclusion constraint builds its index and checks every row while holding the lock; it cannot be added NOT VALID.",
      "Create it together with the table, or add it in a maintenance window."),
  STORED_GENERATED_COLUMN(
      "adding-stored-generated-column",
      true,
      "ACCESS EXCLUSIVE",
      "Adding a stored generated column rewrites the table while holding the lock.",
      "Add a plain column, backfill it in batches, and keep it up to date with a trigger or the application."),
  INDEX_NOT_CONCURRENT(
      "require-concurrent-index-creation",
      true,
      "SHARE (blocks writes)",
      "CREATE INDEX without CONCURRENTLY blocks every INSERT, UPDATE and DELETE on the table while the index builds.",
      "CREATE INDEX CONCURRENTLY (migrate runs that file outside a transaction; keep it alone in its own migration)."),
  DROP_INDEX_NOT_CONCURRENT(
      "require-concurrent-index-deletion",
      true,
      "ACCESS EXCLUSIVE",
      "DROP INDEX without CONCURRENTLY waits for and then blocks every query on the table.",
      "DROP INDEX CONCURRENTLY (in its own migration)."),
  REINDEX_NOT_CONCURRENT(
      "require-concurrent-reindex",
      true,
      "ACCESS EXCLUSIVE",
      "REINDEX without CONCURRENTLY blocks the table while it rebuilds.",
      "REINDEX ... CONCURRENTLY (PostgreSQL 12+)."),
  DETACH_NOT_CONCURRENT(
      "require-concurrent-partition-detach",
      true,
      "ACCESS EXCLUSIVE on the parent",
      "DETACH PARTITION blocks every query on the partitioned table.",
      "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+, in its own migration)."),
  CONCURRENTLY_IN_TRANSACTION(
      "ban-concurrent-index-creation-in-transaction",
      true,
      "none (it fails)",
      "CONCURRENTLY cannot run inside BEGIN ... COMMIT; PostgreSQL stops with SQLSTATE 25001.",
      "Remove the BEGIN/COMMIT around it; migrate already runs such files outside a transaction."),
  NON_TRANSACTIONAL_NOT_ALONE(
      "non-transactional-not-alone",
      true,
      "none (the file fails under the tool)",
      "PostgreSQL refuses this statement inside a transaction block (SQLSTATE 25001), and the tool that owns this folder runs a file of several statements as one transaction, so the file fails wherever that tool applies it (local development, a preview database). migrate would run it outside a transaction and hide that.",
      "Move this statement alone into a migration file of its own, and the other statements into another: one such statement per migration file, as Prisma advises (prisma/orm#10601)."),
  NON_TRANSACTIONAL_UNDER_DRIZZLE(
      "non-transactional-under-drizzle",
      false,
      "none (it fails under drizzle-orm's migrator)",
      "drizzle-orm's own migrator (node-postgres, postgres-js, pglite, vercel-postgres drivers) runs every pending migration inside one transaction, where PostgreSQL refuses this statement (SQLSTATE 25001). migrate runs this file outside a transaction, so it works here.",
      "Apply this folder with migrate only (or with drizzle-orm's neon-http migrator, which uses no transaction); run it by hand where drizzle-orm's migrator is used."),
  CHANGING_COLUMN_TYPE(
      "changing-column-type",
      true,
      "ACCESS EXCLUSIVE",
      "Changing a column's type usually rewrites the table and its indexes while holding the lock, and breaks readers of the old type.",
      "Add a new column, write to both, backfill in batches, switch reads, then drop the old column (varchar to text and raising a varchar limit are safe)."),
  RENAMING_COLUMN(
      "renaming-column",
      true,
      "ACCESS EXCLUSIVE (brief)",
      "The app version still running during the deploy queries the old name and fails.",
      "Add the new column, write to both, backfill, move readers, then drop the old one (or expose the new name through a view)."),
  RENAMING_TABLE(
      "renaming-table",
      true,
      "ACCESS EXCLUSIVE (brief)",
      "The app version still running during the deploy queries the old name and fails.",
      "Create the new table (or an updatable view under the new name), move readers and writers, then drop the old one."),
  DROP_COLUMN(
      "ban-drop-column",
      true,
      "ACCESS EXCLUSIVE (brief)",
      "The app version still running during the deploy reads or writes the column and fails.",
      "First deploy code that no longer uses the column (Prisma: remove it from the schema; Rails: ignored_columns), then drop it in a later release."),
  DROP_TABLE(
      "ban-drop-table",
      true,
      "ACCESS EXCLUSIVE",
      "The app version still running during the deploy uses the table, and the data is gone for good.",
      "First deploy code that no longer uses the table, take a backup, then drop it in a later release."),
  DROP_DATABASE(
      "ban-drop-database",
      true,
      "exclusive use of the database",
      "Dropping a database deletes everything in it.",
      "Never from a migration; do it by hand after a backup."),
  TRUNCATE_CASCADE(
      "ban-truncate-cascade",
      true,
      "ACCESS EXCLUSIVE on every linked table",
      "TRUNCATE ... CASCADE also empties every table that references this one, however deep.",
      "Name each table to truncate explicitly."),
  VACUUM_FULL(
      "prefer-repack",
      true,
      "ACCESS EXCLUSIVE",
      "VACUUM FULL and CLUSTER rewrite the table while blocking reads and writes.",
      "Use pg_repack, or plain VACUUM."),
  DOMAIN_CONSTRAINT(
      "ban-alter-domain-with-add-constraint",
      true,
      "ACCESS EXCLUSIVE on every table using the domain",
      "Adding a constraint to a domain checks every column of that domain in every table.",
      "Use table CHECK constraints added NOT VALID, then validated."),
  UNCOMMITTED_TRANSACTION(
      "ban-uncommitted-transaction",
      true,
      "all locks taken so far, until the session ends",
      "The file opens a transaction and never commits it.",
      "Add the missing COMMIT, or remove the BEGIN (migrate wraps each file in a transaction already)."),
  TRANSACTION_NESTING(
      "transaction-nesting",
      true,
      "none",
      "BEGIN inside an open transaction only warns and the later COMMIT ends the outer one early.",
      "Remove the inner BEGIN/COMMIT."),
  LOCK_TIMEOUT(
      "require-lock-timeout",
      true,
      "any lock, for as long as it waits",
      "Without lock_timeout, a statement queued behind a long query holds its place in the lock queue and blocks every later query on the table.",
      "Keep migrate's lock-timeout input (default 10s), or SET lock_timeout = '10s' at the top of the file."),
  DROP_NOT_NULL(
      "ban-drop-not-null",
      false,
      "ACCESS EXCLUSIVE (brief)",
      "Readers in the running app version may not expect NULL in this column.",
      "Make sure every reader handles NULL before deploying this."),
  PREFER_TEXT(
      "prefer-text-field",
      false,
      "none now; ACCESS EXCLUSIVE to change the limit later",
      "Changing a varchar(n) limit later takes an ACCESS EXCLUSIVE lock, and lowering it rewrites the table.",
      "Use text with a CHECK (char_length(col) <= n) constraint."),
  PREFER_TIMESTAMPTZ(
      "prefer-timestamptz",
      false,
      "none",
      "timestamp without time zone loses the offset and shifts when the session time zone changes.",
      "Use timestamptz."),
  PREFER_JSONB(
      "prefer-jsonb",
      false,
      "none",
      "json has no equality operator, so SELECT DISTINCT and UNION on the table break.",
      "Use jsonb."),
  IDENTIFIER_TOO_LONG(
      "identifier-too-long",
      false,
      "none",
      "PostgreSQL silently truncates identifiers to 63 bytes, so two long names can collide.",
      "Use a name of at most 63 bytes."),
  UNPARSED(
      "unparsed-statement",
      false,
      "unknown",
      "The linter's PostgreSQL 15 grammar could not parse this statement, so it was not checked.",
      "Check it by hand; if it is valid only on a newer PostgreSQL, ignore this with -- flo-lint-ignore unparsed-statement.");

  private final String id;
  private final boolean blocking;
  private final String lock;
  private final String why;
  private final String fix;

  LintRule(String id, boolean blocking, String lock, String why, String fix) {
    this.id = id;
    this.blocking = blocking;
    this.lock = lock;
    this.why = why;
    this.fix = fix;
  }

  public String id() {
    return id;
  }

  public boolean blocking() {
    return blocking;
  }

  public String lock() {
    return lock;
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }

  public static java.util.Optional<LintRule> byId(String id) {
    return java.util.Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
