// Measures migrate's linter with the libpg_query the jar carries: the first load (extract, dlopen)
// in a fresh JVM, then the cost per linted statement, against the system library where one is installed.
// Run: java --enable-native-access=ALL-UNNAMED -cp target/flo-actions.jar bench/PgQueryCost.java [statements]
import dev.flo.actions.provider.pgquery.PgQuery;
import dev.flo.actions.step.migrate.Migration;
import dev.flo.actions.step.migrate.lint.MigrationLinter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

public class PgQueryCost {
  static final List<String> STATEMENTS = List.of(
      "ALTER TABLE users ADD COLUMN tenant bigint NOT NULL;",
      "CREATE INDEX users_email ON users (email);",
      "ALTER TABLE posts ADD CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
      "CREATE TABLE t (id bigint generated always as identity primary key, name text, created timestamptz, doc jsonb);",
      "ALTER TABLE users RENAME COLUMN email TO mail;",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
      "UPDATE users SET active = true WHERE id < 1000;",
      "DROP INDEX CONCURRENTLY users_email;");

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Class<?> library = Class.forName("dev.flo.actions.provider.pgquery.PgQueryLibrary");
    Class<?> platform = Class.forName("dev.flo.actions.provider.pgquery.PgQueryLibrary$Platform");
    Method open = library.getDeclaredMethod("open", platform, List.class, Path.class);
    open.setAccessible(true);
    Method current = platform.getDeclaredMethod("current");
    current.setAccessible(true);
    // The first extraction alone (inflate from the jar, write, dlopen, unlink): what migrate pays once per run.
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    open.invoke(null, current.invoke(null), List.of(), Path.of(System.getProperty("java.io.tmpdir")));
    long openNanos = System.nanoTime() - t0;
    long openCpu = threads.getCurrentThreadCpuTime() - cpu0;
    long t1 = System.nanoTime();
    PgQuery carried = PgQuery.load();
    long loadNanos = System.nanoTime() - t1;
    System.out.printf("first extraction + dlopen: %.1f ms (%.1f ms CPU); then PgQuery.load() (a second extraction + FFM downcall handles): %.1f ms, from %s%n", openNanos / 1e6, openCpu / 1e6, loadNanos / 1e6, carried.source());

    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sql.append(STATEMENTS.get(i % STATEMENTS.size())).append('\n');
    }
    Migration m = Migration.named("bench.sql", Path.of("db/bench.sql"), sql.toString());

    // The system library, where one is installed, through the loader's package-private seam.
    var riscv = platform.getDeclaredConstructors()[0];
    riscv.setAccessible(true);
    Method load = PgQuery.class.getDeclaredMethod("load", platform, List.class, Path.class);
    load.setAccessible(true);
    try {
      PgQuery system = (PgQuery) load.invoke(null, riscv.newInstance("Linux", "riscv64"), List.of("libpg_query.so.1504.0"), Path.of("/tmp"));
      for (int i = 0; i < 3; i++) {
        report("carried", carried, m, n);
        report("system ", system, m, n);
      }
    } catch (java.lang.reflect.InvocationTargetException e) {
      System.out.println("system: none installed (" + e.getCause().getMessage() + ")");
      report("carried", carried, m, n);
    }
  }

  static void report(String label, PgQuery parser, Migration m, int n) {
    MigrationLinter linter = new MigrationLinter(parser, Set.of(), true);
    int findings = 0;
    for (int warm = 0; warm < 5; warm++) {
      findings = linter.lint(m).size();
    }
    int rounds = 10;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      linter.lint(m);
    }
    double perStatement = (System.nanoTime() - t0) / 1e3 / rounds / n;
    System.out.printf("%s: %.1f µs per statement (%d statements x %d rounds, %d findings per round)%n", label, perStatement, n, rounds, findings);
  }
}
