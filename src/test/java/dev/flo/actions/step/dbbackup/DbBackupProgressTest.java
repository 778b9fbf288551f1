package dev.flo.actions.step.dbbackup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.testing.InstalledPostgresClients;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore of a ~230 MB database report each quarter, and their last lines match the
 * summaries.
 */
class DbBackupProgressTest {
  private static final Pattern PERCENT = Pattern.compile("\\((\\d+)%\\)");
  @TempDir Path tmp;

  @Test
  void backupAndRestoreReportQuartersAndTotals() throws Exception {
    String source = PostgresTestServer.createDatabase("progress");
    // Rows of ~1.9 KB: four fill a page and none is TOASTed, so pg_dump's output is close to the
    // database's size.
    PostgresTestServer.execute(
        BackupFixture.name(source),
        "create table pages as select g as id, repeat(md5(g::text), 59) as payload from generate_series(1, 120000) g");
    Path folder = tmp.resolve("backups");

    var backup =
        new StepHarness(DbBackupStep.definition(InstalledPostgresClients.clients(), null), tmp)
            .input("database-url", source)
            .input("destination", folder.toUri().toString())
            .run();

    assertThat(backup.exitCode()).as(backup.stdout()).isZero();
    Path manifestFile;
    try (var files = Files.list(folder)) {
      manifestFile =
          files.filter(p -> p.toString().endsWith(".manifest.json")).findFirst().orElseThrow();
    }
    JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(manifestFile));
    long dumpBytes = manifest.path("dumpBytes").asLong();
    long sizeBytes = manifest.path("sizeBytes").asLong();
    assertThat(dumpBytes).isGreaterThan(200L << 20);

    List<String> dumped = backup.lines().stream().filter(l -> l.startsWith("Dumped: ")).toList();
    // The database's size is a guide: the quarters the dump reached, each once, in order; then the
    // totals.
    assertThat(quarters(dumped)).containsExactly(1, 2, 3);
    assertThat(dumped.stream().filter(l -> l.contains("%)")))
        .allMatch(
            l -> l.contains(" of about ") && l.contains("/s, roughly ") && l.contains(" left"));
    String total =
        Progress.bytes(dumpBytes) + " of pg_dump output, " + Progress.bytes(sizeBytes) + " stored";
    assertThat(dumped.getLast())
        .startsWith("Dumped: " + Progress.bytes(dumpBytes) + " in ")
        .contains("average ")
        .endsWith("; " + Progress.bytes(sizeBytes) + " stored" + ratio(dumpBytes, sizeBytes));
    assertThat(backup.lines()).anyMatch(l -> l.startsWith("Stored ") && l.contains(total));
    assertThat(backup.summary()).contains("| Dump | " + total).contains(average(dumped.getLast()));

    String target = PostgresTestServer.createDatabase("progresstarget");
    var restore =
        new StepHarness(DbRestoreStep.definition(InstalledPostgresClients.clients(), null), tmp)
            .input("database-url", target)
            .input("source", folder.toUri() + "latest")
            .run();

    assertThat(restore.exitCode()).as(restore.stdout()).isZero();
    List<String> sent =
        restore.lines().stream().filter(l -> l.startsWith("Sent to pg_restore: ")).toList();
    // The manifest gives the exact size: every quarter, percentages against it, then the totals.
    assertThat(quarters(sent)).containsExactly(1, 2, 3);
    assertThat(sent.stream().filter(l -> l.contains("%)")))
        .allMatch(
            l -> l.contains(" of " + Progress.bytes(dumpBytes) + " (") && l.contains(", about "));
    assertThat(sent.getLast())
        .startsWith("Sent to pg_restore: " + Progress.bytes(dumpBytes) + " in ")
        .endsWith("; " + Progress.bytes(sizeBytes) + " stored" + ratio(dumpBytes, sizeBytes));
    assertThat(restore.summary())
        .contains("| Restored | " + total)
        .contains(average(sent.getLast()));
    assertThat(PostgresTestServer.query(BackupFixture.name(target), "select count(*) from pages"))
        .isEqualTo("120000");
  }

  /**
   * The quarter (1 to 3) of each line with a percentage, in the order printed, without repeats
   * between quarters.
   */
  private static List<Integer> quarters(List<String> lines) {
    return lines.stream()
        .map(PERCENT::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)) / 25)
        .filter(q -> q > 0)
        .distinct()
        .toList();
  }

  /** "average 12.0 MiB/s" from a last line. */
  private static String average(String last) {
    return last.substring(last.indexOf("average "), last.indexOf(';'));
  }

  private static String ratio(long plain, long stored) {
    return String.format(java.util.Locale.ROOT, " (ratio %.1f:1)", (double) plain / stored);
  }
}
