package dev.flo.actions.step.migrate.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.SqlStatement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks migration files for operations that lock or break a live application, statement by statement on
 * PostgreSQL's own parse tree. Tables and indexes created earlier in the same file, or in an earlier file of the
 * same run, are new and empty, so the rules about locking them stay quiet (the false positive of
 * sbdchd/squawk#349). One linter serves one run: lint the pending files in the order they will be applied.
 */
public final class MigrationLinter {
  private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "statement_timestamp");
  private static final Set<String> SERIAL = Set.of("serial", "bigserial", "smallserial", "serial4", "serial8", "serial2");
  private static final String IGNORE = "flo-lint-ignore";

  private final PgQuery parser;
  private final Set<String> ignored;
  private final boolean stepSetsLockTimeout;
  private final Set<String> created = new HashSet<>();
  private final Set<String> createdIndexes = new HashSet<>();

  /**
   * @param ignored rule ids switched off for every file (input {@code lint-ignore})
   * @param stepSetsLockTimeout whether migrate itself sets {@code lock_timeout} before each file
   */
  public MigrationLinter(PgQuery parser, Set<String> ignored, boolean stepSetsLockTimeout) {
    this.parser = parser;
    this.ignored = Set.copyOf(ignored);
    this.stepSetsLockTimeout = stepSetsLockTimeout;
  }

  public List<LintFinding> lint(Migration m) {
    FileState state = new FileState(m);
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
    if (!stepSetsLockTimeout && !state.setsLockTimeout && state.locksExistingTable) {
      state.current = m.statements().getFirst();
      state.report(LintRule.LOCK_TIMEOUT, null);
    }
    return state.findings;
  }

  private void check(FileState f, JsonNode tree) {
    String type = tree.fieldNames().next();
    JsonNode n = tree.get(type);
    switch (type) {
      case "CreateStmt" -> {
        created.add(name(n.path("relation")));
        n.path("tableElts").forEach(e -> columnStyle(f, e.path("ColumnDef")));
      }
      case "IndexStmt" -> {
        String table = name(n.path("relation"));
        createdIndexes.add(n.path("idxname").asText("").toLowerCase(Locale.ROOT));
        if (n.path("concurrent").asBoolean()) {
          if (f.inTransaction) {
            f.report(LintRule.CONCURRENTLY_IN_TRANSACTION, null);
          }
        } else if (!created.contains(table)) {
          f.report(LintRule.INDEX_NOT_CONCURRENT, "on " + table);
        }
        tooLong(f, n.path("idxname").asText(""));
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
      case "AlterTableStmt" -> alterTable(f, n);
      case "RenameStmt" -> {
        String table = name(n.path("relation"));
        if (!created.contains(table)) {
          switch (n.path("renameType").asText()) {
            case "OBJECT_COLUMN" -> f.report(LintRule.RENAMING_COLUMN, table + "." + n.path("subname").asText() + " to " + n.path("newname").asText());
            case "OBJECT_TABLE" -> f.report(LintRule.RENAMING_TABLE, table + " to " + n.path("newname").asText());
            default -> { }
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
      default -> { }
    }
  }

  private void drop(FileState f, JsonNode n) {
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
      default -> { }
    }
  }

  private void alterTable(FileState f, JsonNode n) {
    String table = name(n.path("relation"));
    boolean isNew = created.contains(table);
    for (JsonNode cmdNode : n.path("cmds")) {
      JsonNode cmd = cmdNode.path("AlterTableCmd");
      String column = table + "." + cmd.path("name").asText();
      switch (cmd.path("subtype").asText()) {
        case "AT_AddColumn" -> addColumn(f, table, isNew, cmd.path("def").path("ColumnDef"));
        case "AT_SetNotNull" -> f.reportUnlessNew(isNew, LintRule.SETTING_NOT_NULL, column);
        case "AT_DropNotNull" -> f.report(LintRule.DROP_NOT_NULL, column);
        case "AT_AlterColumnType" -> f.reportUnlessNew(isNew, LintRule.CHANGING_COLUMN_TYPE, column);
        case "AT_DropColumn" -> f.reportUnlessNew(isNew, LintRule.DROP_COLUMN, column);
        case "AT_AddConstraint" -> constraint(f, table, isNew, cmd.path("def").path("Constraint"));
        case "AT_DetachPartition" -> {
          if (!cmd.path("def").path("PartitionCmd").path("concurrent").asBoolean()) {
            f.report(LintRule.DETACH_NOT_CONCURRENT, table);
          }
        }
        default -> { }
      }
      f.locksExistingTable |= !isNew;
    }
  }

  private void addColumn(FileState f, String table, boolean isNew, JsonNode col) {
    columnStyle(f, col);
    String column = table + "." + col.path("colname").asText();
    boolean notNull = false;
    boolean hasDefault = false;
    for (JsonNode c : col.path("constraints")) {
      JsonNode con = c.path("Constraint");
      switch (con.path("contype").asText()) {
        case "CONSTR_NOTNULL" -> notNull = true;
        case "CONSTR_DEFAULT" -> {
          hasDefault = true;
          if (callsVolatile(con.path("raw_expr"))) {
            f.reportUnlessNew(isNew, LintRule.ADDING_FIELD_WITH_VOLATILE_DEFAULT, column);
          }
        }
        case "CONSTR_IDENTITY" -> hasDefault = true;
        case "CONSTR_GENERATED" -> f.reportUnlessNew(isNew, LintRule.STORED_GENERATED_COLUMN, column);
        case "CONSTR_PRIMARY" -> f.reportUnlessNew(isNew, LintRule.PRIMARY_KEY, column);
        case "CONSTR_UNIQUE" -> f.reportUnlessNew(isNew, LintRule.UNIQUE_CONSTRAINT, column);
        case "CONSTR_FOREIGN" -> f.reportUnlessNew(isNew, LintRule.FOREIGN_KEY, column);
        case "CONSTR_CHECK" -> f.reportUnlessNew(isNew, LintRule.CHECK_WITHOUT_NOT_VALID, column);
        default -> { }
      }
    }
    if (SERIAL.contains(typeName(col))) {
      hasDefault = true;
      f.reportUnlessNew(isNew, LintRule.ADDING_FIELD_WITH_VOLATILE_DEFAULT, column + " is " + typeName(col));
    }
    if (notNull && !hasDefault) {
      f.reportUnlessNew(isNew, LintRule.ADDING_REQUIRED_FIELD, column);
    }
  }

  private void constraint(FileState f, String table, boolean isNew, JsonNode con) {
    boolean notValid = con.path("skip_validation").asBoolean();
    boolean usingIndex = con.has("indexname");
    String what = table + (con.has("conname") ? " constraint " + con.path("conname").asText() : "");
    switch (con.path("contype").asText()) {
      case "CONSTR_FOREIGN" -> {
        if (!notValid) {
          f.reportUnlessNew(isNew, LintRule.FOREIGN_KEY, what);
        }
      }
      case "CONSTR_CHECK" -> {
        if (!notValid) {
          f.reportUnlessNew(isNew, LintRule.CHECK_WITHOUT_NOT_VALID, what);
        }
      }
      case "CONSTR_UNIQUE" -> {
        if (!usingIndex) {
          f.reportUnlessNew(isNew, LintRule.UNIQUE_CONSTRAINT, what);
        }
      }
      case "CONSTR_PRIMARY" -> {
        if (!usingIndex) {
          f.reportUnlessNew(isNew, LintRule.PRIMARY_KEY, what);
        }
      }
      case "CONSTR_EXCLUSION" -> f.reportUnlessNew(isNew, LintRule.EXCLUSION_CONSTRAINT, what);
      default -> { }
    }
  }

  private void columnStyle(FileState f, JsonNode col) {
    if (col.isMissingNode()) {
      return;
    }
    String column = col.path("colname").asText();
    tooLong(f, column);
    switch (typeName(col)) {
      case "varchar" -> {
        if (col.path("typeName").has("typmods")) {
          f.report(LintRule.PREFER_TEXT, column);
        }
      }
      case "timestamp" -> f.report(LintRule.PREFER_TIMESTAMPTZ, column);
      case "json" -> f.report(LintRule.PREFER_JSONB, column);
      default -> { }
    }
  }

  private void transaction(FileState f, String kind) {
    switch (kind) {
      case "TRANS_STMT_BEGIN", "TRANS_STMT_START" -> {
        if (f.inTransaction) {
          f.report(LintRule.TRANSACTION_NESTING, null);
        }
        f.inTransaction = true;
      }
      case "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK" -> f.inTransaction = false;
      default -> { }
    }
  }

  private static void tooLong(FileState f, String identifier) {
    if (identifier.getBytes(StandardCharsets.UTF_8).length > 63) {
      f.report(LintRule.IDENTIFIER_TOO_LONG, identifier);
    }
  }

  private static boolean callsVolatile(JsonNode expr) {
    if (expr.isObject() && expr.has("FuncCall")) {
      JsonNode names = expr.path("FuncCall").path("funcname");
      if (!names.isEmpty() && VOLATILE.contains(names.get(names.size() - 1).path("String").path("sval").asText())) {
        return true;
      }
    }
    for (JsonNode child : expr) {
      if (callsVolatile(child)) {
        return true;
      }
    }
    return false;
  }

  private static String typeName(JsonNode col) {
    JsonNode names = col.path("typeName").path("names");
    return names.isEmpty() ? "" : names.get(names.size() - 1).path("String").path("sval").asText();
  }

  private static String name(JsonNode rangeVar) {
    return rangeVar.path("relname").asText("").toLowerCase(Locale.ROOT);
  }

  /** What the linter knows while walking one file. */
  private final class FileState {
    final Migration migration;
    final List<LintFinding> findings = new ArrayList<>();
    SqlStatement current;
    boolean inTransaction;
    boolean setsLockTimeout;
    boolean locksExistingTable;

    FileState(Migration migration) {
      this.migration = migration;
    }

    void reportUnlessNew(boolean isNew, LintRule rule, String detail) {
      if (!isNew) {
        report(rule, detail);
      }
    }

    void report(LintRule rule, String detail) {
      if (ignored.contains(rule.id()) || ignoredHere(rule)) {
        return;
      }
      findings.add(new LintFinding(rule, migration.file(), current.line(), detail));
    }

    /** {@code -- flo-lint-ignore rule-a, rule-b} in the comments right above the statement. */
    private boolean ignoredHere(LintRule rule) {
      for (String comment : current.comments()) {
        if (comment.startsWith(IGNORE)) {
          for (String id : comment.substring(IGNORE.length()).split("[,\\s]+")) {
            if (id.equals(rule.id())) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }
}
