package dev.flo.actions.step.migrate;

import dev.flo.actions.provider.postgres.PostgresConnection;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.Secret;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.step.migrate.lint.LintRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code migrate} inputs, read and checked together.
 *
 * @param tool null for {@code auto}
 * @param dir null to search the checkout
 * @param statementTimeout null to leave the server's setting
 */
public record MigrateInputs(
    PostgresConnection url,
    Path dir,
    MigrationTool tool,
    String schema,
    LintMode lint,
    Set<String> lintIgnore,
    Duration lockTimeout,
    Duration statementTimeout,
    Duration waitForLock,
    boolean dryRun) {

  /** What lint findings do to the run. */
  public enum LintMode {
    ERROR,
    WARN,
    OFF
  }

  public static MigrateInputs read(Inputs in, Workspace workspace) {
    Secret secret = in.secret("database-url");
    PostgresConnection url = null;
    if (secret != null) {
      try {
        url = PostgresConnection.parse(secret.reveal());
        url.poolerReason().ifPresent(reason -> in.problem("database-url",
            "points at a transaction pooler (" + reason + "), where the migration lock and per-migration timeouts do not hold",
            "Use the direct connection URL: on Supabase the session/direct one on port 5432, on Neon the host without -pooler, elsewhere the server's own port rather than PgBouncer's."));
      } catch (IllegalArgumentException e) {
        in.problem("database-url", e.getMessage(), PostgresConnection.URL_FIX);
      }
    }
    String dirText = in.string("dir");
    Path dir = dirText == null ? null : workspace.root().resolve(dirText).normalize();
    String toolText = in.choice("tool", List.of("auto", "prisma", "drizzle", "flyway", "sql"));
    MigrationTool tool = toolText == null || toolText.equals("auto") ? null : MigrationTool.valueOf(toolText.toUpperCase(java.util.Locale.ROOT));
    String schema = in.string("schema");
    if (schema == null) {
      schema = url == null ? "public" : url.schema().orElse("public");
    }
    LintMode lint = in.choice("lint", LintMode.class);
    Set<String> ignore = new LinkedHashSet<>(in.list("lint-ignore"));
    for (String id : ignore) {
      if (LintRule.byId(id).isEmpty()) {
        in.problem("lint-ignore", "names an unknown rule '" + id + "'", "Use rule ids from actions/migrate/README.md, such as " + String.join(", ", Arrays.stream(LintRule.values()).limit(4).map(LintRule::id).toList()) + ".");
      }
    }
    Duration lockTimeout = in.duration("lock-timeout");
    Duration statementTimeout = in.duration("statement-timeout");
    Duration wait = in.duration("wait-for-lock");
    return new MigrateInputs(url, dir, tool, schema, lint == null ? LintMode.ERROR : lint, ignore, lockTimeout == null ? Duration.ofSeconds(10) : lockTimeout, statementTimeout, wait == null ? Duration.ofMinutes(5) : wait, in.dryRun());
  }
}
