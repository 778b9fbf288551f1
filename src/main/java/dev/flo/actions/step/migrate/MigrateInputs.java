package dev.flo.actions.step.migrate;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.step.migrate.lint.LintRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code migrate}, declared once below and read by the launcher before the step runs;
 * the record holds them checked against each other.
 *
 * @param tool null for {@code auto}
 * @param dir null to search the checkout
 * @param statementTimeout null to leave the server's setting
 */
public record MigrateInputs(
    PostgresConnection url,
    @Nullable Path dir,
    @Nullable MigrationTool tool,
    String schema,
    LintMode lint,
    Set<String> lintIgnore,
    Duration lockTimeout,
    @Nullable Duration statementTimeout,
    Duration waitForLock,
    boolean dryRun) {

  /** What lint findings do to the run. */
  public enum LintMode {
    ERROR,
    WARN,
    OFF
  }

  /** The {@code tool} input's word for: tell the tool from the layout. */
  private static final String AUTO = "auto";

  static final Input<PostgresConnection> DATABASE_URL =
      Input.named(
              "database-url",
              "Direct PostgreSQL URL (postgres://user:password@host:5432/db), not a transaction pooler.")
          .reading(MigrateInputs::connection)
          .required()
          .secret();
  static final Input<String> DIR =
      Input.named(
              "dir",
              "Migrations folder, relative to the repository root. Default: found from the layout (prisma/migrations, a Drizzle out folder, db/migration, migrations).")
          .text();
  static final Input<MigrationTool> TOOL =
      Input.named(
              "tool",
              "Whose layout and bookkeeping table to use: auto, prisma, drizzle, flyway or sql.")
          .reading(MigrateInputs::tool)
          .byDefault(AUTO);
  static final Input<String> SCHEMA =
      Input.named(
              "schema",
              "Schema of the bookkeeping table and search_path of the migrations. Default: the URL's ?schema=, else public (Drizzle's table stays in schema drizzle).")
          .text();
  static final Input<LintMode> LINT =
      Input.named(
              "lint",
              "Zero-downtime lint of pending migrations: error (unsafe operations stop the run), warn, or off.")
          .choice(LintMode.class)
          .byDefault("error");
  static final Input<Set<String>> LINT_IGNORE =
      Input.named(
              "lint-ignore",
              "Lint rule ids to skip everywhere, comma or newline separated. One statement: put -- flo-lint-ignore <rule> above it.")
          .reading(MigrateInputs::ruleIds);
  static final Input<Duration> LOCK_TIMEOUT =
      Input.named(
              "lock-timeout",
              "lock_timeout set before each migration, so a blocked ALTER fails instead of queueing every query behind it (0s: off).")
          .duration()
          .byDefault("10s");
  static final Input<Duration> STATEMENT_TIMEOUT =
      Input.named(
              "statement-timeout",
              "statement_timeout set before each migration. Default: the server's.")
          .duration();
  static final Input<Duration> WAIT_FOR_LOCK =
      Input.named(
              "wait-for-lock",
              "How long to wait for another migrate (or the tool itself) holding the migration lock.")
          .duration()
          .byDefault("5m");

  static final List<Input<?>> ALL =
      List.of(
          DATABASE_URL,
          DIR,
          TOOL,
          SCHEMA,
          LINT,
          LINT_IGNORE,
          LOCK_TIMEOUT,
          STATEMENT_TIMEOUT,
          WAIT_FOR_LOCK);

  /**
   * Makes the record from the inputs (read already): the schema defaults to the URL's, the folder
   * is the workspace's.
   */
  static @Nullable MigrateInputs read(Inputs in, StepPort port) {
    PostgresConnection url = in.get(DATABASE_URL);
    String dirText = in.get(DIR);
    Path dir = dirText == null ? null : port.workspace().root().resolve(dirText).normalize();
    MigrationTool tool = in.get(TOOL);
    String schema = in.get(SCHEMA);
    if (schema == null) {
      schema = url == null ? "public" : url.schema().orElse("public");
    }
    LintMode lint = in.get(LINT);
    Set<String> ignore = in.get(LINT_IGNORE);
    Duration lockTimeout = in.get(LOCK_TIMEOUT);
    Duration statementTimeout = in.get(STATEMENT_TIMEOUT);
    Duration wait = in.get(WAIT_FOR_LOCK);
    if (in.hasProblems()) {
      return null;
    }
    return new MigrateInputs(
        Objects.requireNonNull(url, "required, and read without a problem"),
        dir,
        tool,
        schema,
        Objects.requireNonNull(lint, "has a default"),
        Objects.requireNonNull(ignore, "read even when unset, as an empty set"),
        Objects.requireNonNull(lockTimeout, "has a default"),
        statementTimeout,
        Objects.requireNonNull(wait, "has a default"),
        in.dryRun());
  }

  /**
   * The URL, parsed; a transaction pooler is refused, since the migration lock and per-migration
   * timeouts do not hold there.
   */
  private static @Nullable PostgresConnection connection(Inputs in, String name) {
    Secret secret = in.secret(name);
    if (secret == null) {
      return null;
    }
    try {
      PostgresConnection url = PostgresConnection.parse(secret.reveal());
      url.poolerReason()
          .ifPresent(
              reason ->
                  in.problem(
                      name,
                      "points at a transaction pooler ("
                          + reason
                          + "), where the migration lock and per-migration timeouts do not hold",
                      "Use the direct connection URL: on Supabase the session/direct one on port 5432, on Neon the host without -pooler, elsewhere the server's own port rather than PgBouncer's."));
      return url;
    } catch (IllegalArgumentException e) {
      in.problem(name, String.valueOf(e.getMessage()), PostgresConnection.URL_FIX);
      return null;
    }
  }

  /** One of the tools, or null for {@code auto}. */
  private static @Nullable MigrationTool tool(Inputs in, String name) {
    List<String> allowed = new ArrayList<>(List.of(AUTO));
    Arrays.stream(MigrationTool.values()).map(MigrationTool::id).forEach(allowed::add);
    String text = in.choice(name, allowed);
    return text == null || text.equals(AUTO)
        ? null
        : MigrationTool.valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** Rule ids, each one the linter knows. */
  private static Set<String> ruleIds(Inputs in, String name) {
    Set<String> ids = new LinkedHashSet<>(in.list(name));
    for (String id : ids) {
      if (LintRule.byId(id).isEmpty()) {
        in.problem(
            name,
            "names an unknown rule '" + id + "'",
            "Use rule ids from actions/migrate/README.md, such as "
                + String.join(
                    ", ", Arrays.stream(LintRule.values()).limit(4).map(LintRule::id).toList())
                + ".");
      }
    }
    return ids;
  }
}
