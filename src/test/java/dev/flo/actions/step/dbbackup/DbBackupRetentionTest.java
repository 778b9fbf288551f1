package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention runs only after a successful backup, never goes below keep-min, only counts backups
 * with a manifest, and deletes dumps left without a manifest once they are old.
 */
class DbBackupRetentionTest {
  @TempDir static Path s3dir;
  @TempDir Path tmp;
  static S3TestServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer(s3dir);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void deletesOnlyOldCompleteBackupsBeyondKeepMinAndNeverAfterAFailure() throws Exception {
    String source = BackupFixture.seededDatabase("retention", 20);
    String destination = "s3://" + BUCKET + "/retention/";
    FakeClock clock = new FakeClock();
    List<String> names = new ArrayList<>();
    for (int day = 0; day < 3; day++) {
      var r = run(BackupFixture.backup(tmp, s3), clock, source, destination).run();
      assertThat(r.exitCode()).as(r.stdout()).isZero();
      names.add(name(r.output("uri")));
      clock.advance(Duration.ofDays(10));
    }
    // Day 30: a failed run (pg_dump dies) with aggressive retention deletes nothing and leaves
    // nothing.
    var failing =
        DbBackupStep.definition(
            BackupFixture.fakeClients(tmp.resolve("failing"), "head -c 1000 /dev/urandom; exit 2"),
            null);
    var failed =
        run(BackupFixture.backup(failing, tmp, s3), clock, source, destination)
            .input("retention-days", "1")
            .input("keep-min", "1")
            .run();
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(s3.keys(BUCKET, "retention/")).hasSize(6);
    // Dumps left without a manifest (a failed restore check keeps one on purpose) are not backups:
    // they never count
    // towards keep-min, and retention deletes them once they are old; a recent one stays.
    String oldStray =
        BackupCatalog.name(clock.now().minus(Duration.ofDays(20)), "stray") + ".pgdump.zst";
    String recentStray =
        BackupCatalog.name(clock.now().plus(Duration.ofDays(1)), "stray") + ".pgdump.zst";
    s3.put(BUCKET, "retention/" + oldStray, new byte[] {1});
    s3.put(BUCKET, "retention/" + recentStray, new byte[] {1});
    s3.put(BUCKET, "retention/undated.pgdump.zst", new byte[] {1});
    clock.advance(Duration.ofDays(10));

    // Day 40, retention 15 days, keep 2: day 0 and day 10 go, and the old stray dump; day 20 stays
    // as the second
    // newest, though old (the strays do not count as kept).
    var last =
        run(BackupFixture.backup(tmp, s3), clock, source, destination)
            .input("retention-days", "15")
            .input("keep-min", "2")
            .run();

    assertThat(last.exitCode()).as(last.stdout()).isZero();
    String newest = name(last.output("uri"));
    assertThat(s3.keys(BUCKET, "retention/"))
        .containsExactlyInAnyOrder(
            "retention/" + recentStray,
            "retention/undated.pgdump.zst",
            "retention/" + names.get(2) + ".pgdump.zst",
            "retention/" + names.get(2) + ".manifest.json",
            "retention/" + newest + ".pgdump.zst",
            "retention/" + newest + ".manifest.json");
    assertThat(last.summary())
        .contains("3 deleted")
        .contains(names.get(0))
        .contains(names.get(1))
        .contains(oldStray.substring(0, oldStray.indexOf(".pgdump")) + " (")
        .contains("a dump without manifest");
  }

  @Test
  void keepMinHoldsEvenWhenEverythingIsOld() throws Exception {
    String source = BackupFixture.seededDatabase("keepmin", 5);
    String destination = "s3://" + BUCKET + "/keepmin/";
    FakeClock clock = new FakeClock();
    for (int i = 0; i < 3; i++) {
      var r =
          run(BackupFixture.backup(tmp, s3), clock, source, destination)
              .input("retention-days", "1")
              .input("keep-min", "3")
              .run();
      assertThat(r.exitCode()).as(r.stdout()).isZero();
      clock.advance(Duration.ofDays(30));
    }
    assertThat(s3.keys(BUCKET, "keepmin/")).hasSize(6);
  }

  private static StepHarness run(
      StepHarness h, FakeClock clock, String source, String destination) {
    return h.clock(clock).input("database-url", source).input("destination", destination);
  }

  private static String name(String uri) {
    String file = uri.substring(uri.lastIndexOf('/') + 1);
    return file.substring(0, file.indexOf(".pgdump"));
  }
}
