package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.InstalledPostgresClients;
import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry runs of db-backup and db-restore look at the database and the store with the short
 * deadline: no answer is a warning and an unknown in the plan (exit 0), a refusal is the error with
 * its fix (exit 1).
 */
class DbBackupDryRunTest {
  @TempDir static Path s3dir;
  @TempDir Path tmp;
  static S3TestServer s3;

  /**
   * Accepts connections (the kernel completes the handshake) and never answers: a hung database or
   * store.
   */
  ServerSocket silent;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer(s3dir);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @BeforeEach
  void listen() throws Exception {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws Exception {
    silent.close();
  }

  private String silentDatabase() {
    return "postgres://postgres:"
        + PostgresTestServer.PASSWORD
        + "@127.0.0.1:"
        + silent.getLocalPort()
        + "/shop";
  }

  private StepHarness backup(String endpoint, String secret) {
    return new StepHarness(DbBackupStep.definition(InstalledPostgresClients.clients(), null), tmp)
        .input("s3-endpoint", endpoint)
        .input("dry-run", "true")
        .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", secret);
  }

  private StepHarness restore(String endpoint, String secret) {
    return new StepHarness(DbRestoreStep.definition(InstalledPostgresClients.clients(), null), tmp)
        .input("s3-endpoint", endpoint)
        .input("dry-run", "true")
        .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", secret);
  }

  @Test
  void backupDryRunWithADatabaseAndAStoreThatNeverAnswerWarnsAndPlansWithUnknowns()
      throws Exception {
    long start = System.nanoTime();
    var result =
        backup("http://127.0.0.1:" + silent.getLocalPort(), S3TestServer.SECRET_KEY)
            .input("database-url", silentDatabase())
            .input("destination", "s3://" + BUCKET + "/hung/")
            .input("retention-days", "30")
            .run();
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(ms)
        .as("two looks of at most 5 s each, not a real run's 30 s waits")
        .isLessThan(20_000);
    assertThat(result.annotations("warning")).hasSize(2);
    assertThat(result.annotations("warning").get(0))
        .contains(
            "could not read the database postgres://postgres@127.0.0.1:"
                + silent.getLocalPort()
                + "/shop within 5s");
    assertThat(result.annotations("warning").get(1))
        .contains("could not read the backups under s3://" + BUCKET + "/hung/ within 5s");
    assertThat(result.summary())
        .contains("db-backup (dry run)")
        .contains("| Server | unknown (")
        .contains("The backups already stored are unknown");
    assertThat(result.lines().stream().filter(l -> !l.startsWith("::add-mask::")))
        .noneMatch(l -> l.contains(PostgresTestServer.PASSWORD));
    assertThat(result.output("server-version")).isEmpty();
  }

  @Test
  void backupDryRunRefusedByTheStoreOrTheDatabaseIsTheErrorWithItsFix() throws Exception {
    String source = BackupFixture.seededDatabase("dryrefused", 5);

    var badKey =
        backup(s3.endpoint().toString(), "not-the-secret")
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/refused/")
            .run();
    // The test server trusts local connections whatever the password: a missing database is its
    // refusal here.
    var missingDatabase =
        backup(s3.endpoint().toString(), S3TestServer.SECRET_KEY)
            .input(
                "database-url",
                source.substring(0, source.lastIndexOf('/') + 1) + "no_such_database")
            .input("destination", "s3://" + BUCKET + "/refused/")
            .run();

    assertThat(badKey.exitCode()).as(badKey.stdout()).isEqualTo(1);
    assertThat(badKey.annotations("warning")).isEmpty();
    assertThat(badKey.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not use s3://" + BUCKET + "/refused/")
        .contains("credentials");
    assertThat(missingDatabase.exitCode()).as(missingDatabase.stdout()).isEqualTo(1);
    assertThat(missingDatabase.annotations("warning")).isEmpty();
    assertThat(missingDatabase.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not connect to")
        .contains("no_such_database")
        .contains("(database-url)");
    assertThat(s3.keys(BUCKET, "refused/")).isEmpty();
  }

  @Test
  void restoreDryRunWithADatabaseAndAStoreThatNeverAnswerWarnsAndPlansWithUnknowns()
      throws Exception {
    long start = System.nanoTime();
    var result =
        restore("http://127.0.0.1:" + silent.getLocalPort(), S3TestServer.SECRET_KEY)
            .input("database-url", silentDatabase())
            .input("source", "s3://" + BUCKET + "/hung/latest")
            .run();
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(ms).isLessThan(20_000);
    assertThat(result.annotations("warning")).hasSize(2);
    assertThat(result.annotations("warning").get(0))
        .contains("could not read the backup under s3://" + BUCKET + "/hung/ within 5s");
    assertThat(result.annotations("warning").get(1))
        .contains(
            "could not read the database postgres://postgres@127.0.0.1:"
                + silent.getLocalPort()
                + "/shop within 5s");
    assertThat(result.summary())
        .contains("db-restore (dry run)")
        .contains("unknown: the store did not answer")
        .contains("unknown: the database did not answer")
        .contains("yes, if the target is not empty");
    assertThat(result.output("restored-from")).isEmpty();
    assertThat(result.output("rows")).isEqualTo("0");
  }

  @Test
  void restoreDryRunWithRefusedCredentialsIsTheErrorWithItsFix() throws Exception {
    String target = BackupFixture.seededDatabase("dryrefusedtarget", 3);

    var result =
        restore(s3.endpoint().toString(), "not-the-secret")
            .input("database-url", target)
            .input("source", "s3://" + BUCKET + "/any/latest")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("warning")).isEmpty();
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Could not use s3://" + BUCKET + "/any/")
        .contains("credentials");
  }
}
