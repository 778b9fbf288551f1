package dev.flo.actions.step.migrate.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The rules about tables and columns: {@code ALTER TABLE} subcommands, new columns and column
 * types.
 */
final class TableRules {
  private static final Set<String> VOLATILE =
      Set.of(
          "random",
          "gen_random_uuid",
          "uuid_generate_v1",
          "uuid_generate_v4",
          "clock_timestamp",
          "timeofday",
          "nextval",
          "statement_timestamp");
  private static final Set<String> SERIAL =
      Set.of("serial", "bigserial", "smallserial", "serial4", "serial8", "serial2");

  private TableRules() {}

  static void alterTable(LintContext f, JsonNode n) {
    String table = name(n.path("relation"));
    boolean isNew = f.created().contains(table);
    for (JsonNode cmdNode : n.path("cmds")) {
      JsonNode cmd = cmdNode.path("AlterTableCmd");
      String column = table + "." + cmd.path("name").asText();
      switch (cmd.path("subtype").asText()) {
        case "AT_AddColumn" -> addColumn(f, table, isNew, cmd.path("def").path("ColumnDef"));
        case "AT_SetNotNull" -> f.reportUnlessNew(isNew, LintRule.SETTING_NOT_NULL, column);
        case "AT_DropNotNull" -> f.report(LintRule.DROP_NOT_NULL, column);
        case "AT_AlterColumnType" ->
            f.reportUnlessNew(isNew, LintRule.CHANGING_COLUMN_TYPE, column);
        case "AT_DropColumn" -> f.reportUnlessNew(isNew, LintRule.DROP_COLUMN, column);
        case "AT_AddConstraint" -> constraint(f, table, isNew, cmd.path("def").path("Constraint"));
        case "AT_DetachPartition" -> {
          if (!cmd.path("def").path("PartitionCmd").path("concurrent").asBoolean()) {
            f.report(LintRule.DETACH_NOT_CONCURRENT, table);
          }
        }
        default -> {}
      }
      f.locksExistingTable |= !isNew;
    }
  }

  static void addColumn(LintContext f, String table, boolean isNew, JsonNode col) {
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
        case "CONSTR_GENERATED" ->
            f.reportUnlessNew(isNew, LintRule.STORED_GENERATED_COLUMN, column);
        case "CONSTR_PRIMARY" -> f.reportUnlessNew(isNew, LintRule.PRIMARY_KEY, column);
        case "CONSTR_UNIQUE" -> f.reportUnlessNew(isNew, LintRule.UNIQUE_CONSTRAINT, column);
        case "CONSTR_FOREIGN" -> f.reportUnlessNew(isNew, LintRule.FOREIGN_KEY, column);
        case "CONSTR_CHECK" -> f.reportUnlessNew(isNew, LintRule.CHECK_WITHOUT_NOT_VALID, column);
        default -> {}
      }
    }
    if (SERIAL.contains(typeName(col))) {
      hasDefault = true;
      f.reportUnlessNew(
          isNew, LintRule.ADDING_FIELD_WITH_VOLATILE_DEFAULT, column + " is " + typeName(col));
    }
    if (notNull && !hasDefault) {
      f.reportUnlessNew(isNew, LintRule.ADDING_REQUIRED_FIELD, column);
    }
  }

  static void constraint(LintContext f, String table, boolean isNew, JsonNode con) {
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
      default -> {}
    }
  }

  static void columnStyle(LintContext f, JsonNode col) {
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
      default -> {}
    }
  }

  static boolean callsVolatile(JsonNode expr) {
    if (expr.isObject() && expr.has("FuncCall")) {
      JsonNode names = expr.path("FuncCall").path("funcname");
      if (!names.isEmpty()
          && VOLATILE.contains(names.get(names.size() - 1).path("String").path("sval").asText())) {
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

  static String typeName(JsonNode col) {
    JsonNode names = col.path("typeName").path("names");
    return names.isEmpty() ? "" : names.get(names.size() - 1).path("String").path("sval").asText();
  }

  static String name(JsonNode rangeVar) {
    return rangeVar.path("relname").asText("").toLowerCase(Locale.ROOT);
  }

  static void tooLong(LintContext f, String identifier) {
    if (identifier.getBytes(StandardCharsets.UTF_8).length > 63) {
      f.report(LintRule.IDENTIFIER_TOO_LONG, identifier);
    }
  }
}
