package dev.flo.actions.step.migrate.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.provider.pgquery.PgQuery;
import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.MigrationTool;
import dev.flo.actions.step.migrate.SqlStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks migration files for operations that lock or break a live application, statement by
 * statement on PostgreSQL's own parse tree. Tables and indexes created earlier in the same file, or
 * in an earlier file of the same run, are new and empty, so the rules about locking them stay quiet
 * (the false positive of sbdchd/squawk#349). One linter serves one run: lint the pending files in
 * the order they will be applied.
 */
public final class MigrationLinter {

  private final PgQuery parser;
  private final Set<String> ignored;
  private final boolean stepSetsLockTimeout;
  private final MigrationTool tool;
  private final int serverVersionNum;
  private final Set<String> created = new HashSet<>();
  private final Set<String> createdIndexes = new HashSet<>();

  /**
   * @param ignored rule ids switched off for every file (input {@code lint-ignore})
   * @param stepSetsLockTimeout whether migrate itself sets {@code lock_timeout} before each file
   */
  public MigrationLinter(PgQuery parser, Set<String> ignored, boolean stepSetsLockTimeout) {
    this(parser, ignored, stepSetsLockTimeout, MigrationTool.SQL, Integer.MAX_VALUE);
  }

  /**
   * @param tool whose folder this is: Prisma, Drizzle and Flyway run a file in one transaction, so
   *     a statement PostgreSQL refuses there must stand alone (migrate itself would run the file
   *     outside a transaction)
   * @param serverVersionNum the server's {@code server_version_num}, for statements refused only by
   *     older servers
   */
  public MigrationLinter(
      PgQuery parser,
      Set<String> ignored,
      boolean stepSetsLockTimeout,
      MigrationTool tool,
      int serverVersionNum) {
    this.parser = parser;
    this.ignored = Set.copyOf(ignored);
    this.stepSetsLockTimeout = stepSetsLockTimeout;
    this.tool = tool;
    this.serverVersionNum = serverVersionNum;
  }

  public List<LintFinding> lint(Migration m) {
    LintContext state = new LintContext(m, ignored, created, createdIndexes);
    for (SqlStatement s : m.statements()) {
      state.current = s;
      PgQuery.Parsed parsed = parser.parse(s.text());
      if (parsed.error() != null) {
        state.report(LintRule.UNPARSED, parsed.error());
        continue;
      }
      if (parsed.tree() != null) {
        check(state, parsed.tree());
      }
    }
    if (state.inTransaction) {
      state.report(LintRule.UNCOMMITTED_TRANSACTION, null);
    }
    transactionRule(state, m.statements());
    if (!stepSetsLockTimeout && !state.setsLockTimeout && state.locksExistingTable) {
      state.current = m.statements().getFirst();
      state.report(LintRule.LOCK_TIMEOUT, null);
    }
    return state.findings;
  }

  private void check(LintContext f, JsonNode tree) {
    String type = tree.fieldNames().next();
    JsonNode n = tree.get(type);
    switch (type) {
      case "CreateStmt" -> {
        created.add(TableRules.name(n.path("relation")));
        n.path("tableElts").forEach(e -> TableRules.columnStyle(f, e.path("ColumnDef")));
      }
      case "IndexStmt" -> {
        String table = TableRules.name(n.path("relation"));
        createdIndexes.add(n.path("idxname").asText("").toLowerCase(Locale.ROOT));
        if (n.path("concurrent").asBoolean()) {
          if (f.inTransaction) {
            f.report(LintRule.CONCURRENTLY_IN_TRANSACTION, null);
          }
        } else if (!created.contains(table)) {
          f.report(LintRule.INDEX_NOT_CONCURRENT, "on " + table);
        }
        TableRules.tooLong(f, n.path("idxname").asText(""));
      }
      case "DropStmt" -> drop(f, n);
      case "DropdbStmt" -> f.report(LintRule.DROP_DATABASE, null);
      case "ReindexStmt" -> {
        boolean concurrently = false;
        for (JsonNode p : n.path("params")) {
          concurrently |= p.path("DefElem").path("defname").asText().equals("concurrently");
        }
        if (!concurrently) {
          f.report(LintRule.REINDEX_NOT_CONCURRENT, null);
        }
      }
      case "AlterTableStmt" -> TableRules.alterTable(f, n);
      case "RenameStmt" -> {
        String table = TableRules.name(n.path("relation"));
        if (!created.contains(table)) {
          switch (n.path("renameType").asText()) {
            case "OBJECT_COLUMN" ->
                f.report(
                    LintRule.RENAMING_COLUMN,
                    table + "." + n.path("subname").asText() + " to " + n.path("newname").asText());
            case "OBJECT_TABLE" ->
                f.report(LintRule.RENAMING_TABLE, table + " to " + n.path("newname").asText());
            default -> {}
          }
        }
      }
      case "TruncateStmt" -> {
        if (n.path("behavior").asText().equals("DROP_CASCADE")) {
          f.report(LintRule.TRUNCATE_CASCADE, null);
        }
      }
      case "VacuumStmt" -> {
        for (JsonNode o : n.path("options")) {
          if (o.path("DefElem").path("defname").asText().equals("full")) {
            f.report(LintRule.VACUUM_FULL, null);
          }
        }
      }
      case "ClusterStmt" -> f.report(LintRule.VACUUM_FULL, "CLUSTER");
      case "AlterDomainStmt" -> {
        if (n.path("subtype").asText().equals("C")) {
          f.report(LintRule.DOMAIN_CONSTRAINT, null);
        }
      }
      case "VariableSetStmt" -> f.setsLockTimeout |= n.path("name").asText().equals("lock_timeout");
      case "TransactionStmt" -> transaction(f, n.path("kind").asText());
      default -> {}
    }
  }

  private void drop(LintContext f, JsonNode n) {
    List<String> names = new ArrayList<>();
    for (JsonNode o : n.path("objects")) {
      List<String> parts = new ArrayList<>();
      o.path("List").path("items").forEach(i -> parts.add(i.path("String").path("sval").asText()));
      names.add(parts.isEmpty() ? "" : parts.getLast().toLowerCase(Locale.ROOT));
    }
    switch (n.path("removeType").asText()) {
      case "OBJECT_INDEX" -> {
        if (!n.path("concurrent").asBoolean() && !createdIndexes.containsAll(names)) {
          f.report(LintRule.DROP_INDEX_NOT_CONCURRENT, String.join(", ", names));
        }
      }
      case "OBJECT_TABLE" -> {
        if (!created.containsAll(names)) {
          f.report(LintRule.DROP_TABLE, String.join(", ", names));
        }
      }
      default -> {}
    }
  }

  /**
   * The tool's own runner would send this file in one transaction: Prisma as one simple-query
   * message (an implicit transaction; prisma-engines {@code apply_migration_script}), Flyway as one
   * transaction unless {@code mixed=true}, drizzle-orm with every pending file in one transaction
   * ({@code pg-core/dialect.js migrate}).
   */
  private void transactionRule(LintContext f, List<SqlStatement> statements) {
    String how =
        switch (tool) {
          case PRISMA ->
              "prisma migrate deploy sends the whole file as one query, which PostgreSQL runs as one transaction";
          case DRIZZLE -> "drizzle-orm's migrator runs every pending migration in one transaction";
          case FLYWAY ->
              "Flyway refuses a migration that mixes transactional and non-transactional statements unless its mixed setting is true";
          case SQL -> null;
        };
    if (how == null) {
      return;
    }
    for (SqlStatement s : statements) {
      if (s.nonTransactional(serverVersionNum)) {
        f.current = s;
        if (statements.size() > 1) {
          f.report(
              LintRule.NON_TRANSACTIONAL_NOT_ALONE,
              "`"
                  + firstLine(s.text())
                  + "` with "
                  + (statements.size() - 1)
                  + " other statement(s); "
                  + how);
        } else if (tool == MigrationTool.DRIZZLE) {
          f.report(LintRule.NON_TRANSACTIONAL_UNDER_DRIZZLE, null);
        }
        return;
      }
    }
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("").strip();
    return line.length() <= 60 ? line : line.substring(0, 59) + "…";
  }

  private void transaction(LintContext f, String kind) {
    switch (kind) {
      case "TRANS_STMT_BEGIN", "TRANS_STMT_START" -> {
        if (f.inTransaction) {
          f.report(LintRule.TRANSACTION_NESTING, null);
        }
        f.inTransaction = true;
      }
      case "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK" -> f.inTransaction = false;
      default -> {}
    }
  }
}
