package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.InstalledPostgresClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup that fails anywhere stores nothing, leaves no multipart upload, and never runs
 * retention.
 */
class DbBackupFailureTest {
  /**
   * 20 MB of incompressible bytes: three 8 MiB parts, so the failures below hit a multipart upload.
   */
  private static final String TWENTY_MB = "head -c 20000000 /dev/urandom";

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

  @AfterEach
  void healServer() {
    s3.failPartsFrom(Integer.MAX_VALUE);
  }

  @Test
  void pgDumpFailingMidStreamAbortsTheUploadAndKeepsOlderBackups() throws Exception {
    String source = BackupFixture.seededDatabase("midstream", 50);
    String prefix = "midstream/";
    FakeClock clock = new FakeClock();
    var good =
        BackupFixture.backup(tmp, s3)
            .clock(clock)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .run();
    assertThat(good.exitCode()).as(good.stdout()).isZero();
    var before = s3.keys(BUCKET, prefix);
    Path argv = tmp.resolve("argv");
    PostgresClients failing =
        BackupFixture.fakeClients(
            tmp.resolve("clients"),
            "echo \"$@\" > "
                + argv
                + "; env > "
                + tmp.resolve("env")
                + "; "
                + TWENTY_MB
                + "; echo '::error::injected by pg_dump' >&2; echo 'pg_dump: error: connection to server lost' >&2; exit 1");

    clock.advance(Duration.ofMinutes(1));
    var failed =
        BackupFixture.backup(DbBackupStep.definition(failing, null), tmp, s3)
            .clock(clock)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .input("compression", "none")
            .input("retention-days", "1")
            .input("keep-min", "1")
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .filteredOn(l -> l.contains("title=db-backup failed"))
        .singleElement()
        .asString()
        .contains("pg_dump failed (exit code 1)")
        .contains("aborted");
    assertThat(s3.keys(BUCKET, prefix)).isEqualTo(before);
    assertThat(s3.openMultipartUploads(BUCKET)).isEmpty();
    // pg_dump's stderr is fenced: a workflow command inside it is not run.
    assertThat(failed.stdout()).contains("::stop-commands::").contains("connection to server lost");
    assertThat(failed.stdout().indexOf("::error::injected"))
        .isGreaterThan(failed.stdout().indexOf("::stop-commands::"));
    // The password reaches pg_dump through its environment, never its command line.
    assertThat(Files.readString(argv))
        .doesNotContain(PostgresTestServer.PASSWORD)
        .contains("--format=custom");
    assertThat(Files.readString(tmp.resolve("env")))
        .contains("PGPASSWORD=" + PostgresTestServer.PASSWORD)
        .doesNotContain("INPUT_");
    assertThat(failed.summary()).contains("db-backup failed").contains("retention did not run");
    assertThat(failed.output("uri")).isEmpty();
  }

  @Test
  void theServerEndingTheBackupsSessionIsNamedNotAnUnexpectedError() throws Exception {
    String source = BackupFixture.seededDatabase("terminated", 50);
    String prefix = "terminated/";
    // As a server restart or an admin would: every other session of the database ends mid-backup.
    String terminate =
        InstalledPostgresClients.tool("psql")
            + " -X -q -d "
            + BackupFixture.name(source)
            + " -c \"select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()\" >/dev/null";
    PostgresClients killing =
        BackupFixture.fakeClients(
            tmp.resolve("clients"),
            terminate + "; exec " + InstalledPostgresClients.tool("pg_dump") + " \"$@\"");

    var failed =
        BackupFixture.backup(DbBackupStep.definition(killing, null), tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("The server postgres://")
        .contains(
            "/" + BackupFixture.name(source) + " ended the backup's session while it was running")
        .contains("Nothing was stored as a backup")
        .doesNotContain("Unexpected error")
        .doesNotContain("PSQLException");
    assertThat(failed.stdout()).doesNotContain("\tat ");
    assertThat(s3.keys(BUCKET, prefix)).isEmpty();
    assertThat(s3.openMultipartUploads(BUCKET)).isEmpty();
    assertThat(failed.summary()).contains("db-backup failed");
    assertThat(failed.output("uri")).isEmpty();
  }

  @Test
  void storeFailingMidUploadAbortsAndCountsNothing() throws Exception {
    String source = BackupFixture.seededDatabase("s3fail", 50);
    String prefix = "s3fail/";
    PostgresClients noisy = BackupFixture.fakeClients(tmp.resolve("clients"), TWENTY_MB);
    s3.failPartsFrom(2);

    var failed =
        BackupFixture.backup(DbBackupStep.definition(noisy, null), tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .input("compression", "none")
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("upload to s3://" + BUCKET + "/" + prefix)
        .contains("S3 refused part 2")
        .contains("It was aborted");
    assertThat(s3.keys(BUCKET, prefix)).isEmpty();
    assertThat(s3.openMultipartUploads(BUCKET)).isEmpty();
    assertThat(failed.output("uri")).isEmpty();
  }

  @Test
  void noSuitablePgDumpIsReportedBeforeDumping() throws Exception {
    String source = BackupFixture.seededDatabase("noclient", 5);
    Path root = Files.createDirectories(tmp.resolve("only14/14/bin"));
    BackupFixture.script(
        root.resolve("pg_dump"), "exec " + InstalledPostgresClients.tool("pg_dump") + " \"$@\"");
    BackupFixture.script(
        root.resolve("pg_restore"),
        "exec " + InstalledPostgresClients.tool("pg_restore") + " \"$@\"");
    BackupFixture.script(
        root.resolve("psql"), "exec " + InstalledPostgresClients.tool("psql") + " \"$@\"");

    var failed =
        BackupFixture.backup(
                DbBackupStep.definition(new PostgresClients(tmp.resolve("only14")), null), tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/noclient/")
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("No pg_dump 15 or newer")
        .contains("postgresql-client-15");
    assertThat(failed.output("server-version")).startsWith("15.18");
    assertThat(s3.keys(BUCKET, "noclient/")).isEmpty();
  }

  @Test
  void wrongCredentialsSayWhatToCheck() throws Exception {
    String source = BackupFixture.seededDatabase("creds", 5);

    var failed =
        BackupFixture.backup(tmp, s3)
            .env("AWS_SECRET_ACCESS_KEY", "not-the-secret")
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/creds/")
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not use s3://" + BUCKET + "/creds/")
        .contains("AWS_ACCESS_KEY_ID");
    assertThat(failed.stdout()).doesNotContain("\tat ");
    assertThat(failed.lines())
        .contains("::add-mask::not-the-secret", "::add-mask::" + S3TestServer.ACCESS_KEY);
    assertThat(s3.keys(BUCKET, "creds/")).isEmpty();
  }

  @Test
  void badInputsAreAllReportedAtOnce() throws Exception {
    String source = BackupFixture.seededDatabase("inputs", 5);

    var failed =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", "ftp://host/x")
            .input("compression", "lz4")
            .input("keep-min", "0")
            .input("verify-database-url", source)
            .run();

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'destination'")
        .contains("Input 'compression' is 'lz4'")
        .contains("Input 'keep-min' is 0")
        .contains("Input 'verify-database-url' names the database being backed up");
  }
}
