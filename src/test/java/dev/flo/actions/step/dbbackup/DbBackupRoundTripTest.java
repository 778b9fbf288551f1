package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.InstalledPostgresClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Backups to S3 and to a folder, restored into fresh databases, compared row for row. */
class DbBackupRoundTripTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "gzip", "none"})
  void backsUpToS3AndRestoresTheSameData(String compression) throws Exception {
    String source = BackupFixture.seededDatabase("src", 2000);
    String scratch = PostgresTestServer.createDatabase("scratch");
    String prefix = "roundtrip-" + compression + "/";

    var backup =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .input("compression", compression)
            .input("verify-database-url", scratch)
            .run();

    assertThat(backup.exitCode()).as(backup.stdout()).isZero();
    String uri = backup.output("uri");
    assertThat(uri).startsWith("s3://" + BUCKET + "/" + prefix).contains(".pgdump");
    String key = uri.substring(("s3://" + BUCKET + "/").length());
    byte[] stored = s3.get(BUCKET, key);
    assertThat(backup.output("size-bytes")).isEqualTo(Long.toString(stored.length));
    assertThat(backup.output("sha256"))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
    assertThat(backup.output("server-version")).startsWith("15.18");
    assertThat(Long.parseLong(backup.output("duration-ms"))).isNotNegative();
    assertThat(backup.lines())
        .filteredOn(l -> !l.startsWith("::add-mask::"))
        .noneMatch(l -> l.contains(PostgresTestServer.PASSWORD));

    JsonNode manifest =
        new ObjectMapper()
            .readTree(s3.get(BUCKET, key.substring(0, key.indexOf(".pgdump")) + ".manifest.json"));
    assertThat(manifest.path("sha256").asText()).isEqualTo(backup.output("sha256"));
    assertThat(manifest.path("sizeBytes").asLong()).isEqualTo(stored.length);
    assertThat(manifest.path("rowCounts").path("public.customers").asLong()).isEqualTo(2000);
    assertThat(manifest.path("rowCounts").path("public.orders").asLong()).isEqualTo(8000);
    assertThat(manifest.path("rowCounts").path("audit.Event Log").asLong()).isEqualTo(10);
    assertThat(manifest.path("rowCountsExact").asBoolean()).isTrue();
    assertThat(manifest.path("commit").asText())
        .isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(manifest.path("compression").asText()).isEqualTo(compression.toUpperCase());
    assertThat(manifest.path("verification").path("status").asText()).isEqualTo("passed");
    assertThat(BackupFixture.fingerprint(scratch)).isEqualTo(BackupFixture.fingerprint(source));
    assertThat(backup.summary()).contains("backed up").contains(uri);

    String target = PostgresTestServer.createDatabase("target");
    var restore =
        BackupFixture.restore(tmp, s3).input("database-url", target).input("source", uri).run();

    assertThat(restore.exitCode()).as(restore.stdout()).isZero();
    assertThat(restore.output("restored-from")).isEqualTo(uri);
    assertThat(restore.output("tables")).isEqualTo("4");
    assertThat(restore.output("rows")).isEqualTo("10010");
    assertThat(restore.output("safety-backup-uri")).isEmpty();
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
    assertThat(s3.openMultipartUploads(BUCKET)).isEmpty();
  }

  @Test
  void aDumpLargerThanOnePartIsUploadedInPartsAndRestores() throws Exception {
    String source = BackupFixture.seededDatabase("large", 100);
    // 12 MB of text in few rows: quick to insert, and pg_dump's output passes one 8 MiB part.
    PostgresTestServer.execute(
        BackupFixture.name(source),
        "create table blobs as select g as id, repeat(md5(g::text), 400) as payload from generate_series(1, 1000) g");
    var backup =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/large/")
            .input("compression", "none")
            .run();

    assertThat(backup.exitCode()).as(backup.stdout()).isZero();
    String key = backup.output("uri").substring(("s3://" + BUCKET + "/").length());
    long size = Long.parseLong(backup.output("size-bytes"));
    assertThat(size).isGreaterThan(8L << 20);
    // A multipart object's ETag ends in -<parts>.
    assertThat(s3.client().headObject(b -> b.bucket(BUCKET).key(key)).eTag())
        .matches("\"?[0-9a-f]+-2\"?");
    byte[] stored = s3.get(BUCKET, key);
    assertThat(backup.output("sha256"))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
    String target = PostgresTestServer.createDatabase("largetarget");
    var restore =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", backup.output("uri"))
            .run();
    assertThat(restore.exitCode()).as(restore.stdout()).isZero();
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
    String blobs = "select count(*) || ':' || md5(string_agg(payload, '' order by id)) from blobs";
    assertThat(PostgresTestServer.query(BackupFixture.name(target), blobs))
        .isEqualTo(PostgresTestServer.query(BackupFixture.name(source), blobs))
        .startsWith("1000:");
  }

  @Test
  void fileDestinationWorksAndRestoresLatest() throws Exception {
    String source = BackupFixture.seededDatabase("filesrc", 500);
    Path folder = tmp.resolve("backups");

    var backup =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", folder.toUri().toString())
            .run();

    assertThat(backup.exitCode()).as(backup.stdout()).isZero();
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .hasSize(2)
          .anyMatch(n -> n.endsWith(".pgdump.zst"))
          .anyMatch(n -> n.endsWith(".manifest.json"));
    }
    String target = PostgresTestServer.createDatabase("filetarget");
    var restore =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", folder.toUri() + "latest")
            .run();

    assertThat(restore.exitCode()).as(restore.stdout()).isZero();
    assertThat(restore.output("restored-from")).isEqualTo(backup.output("uri"));
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
  }

  @Test
  void dryRunStoresNothing() throws Exception {
    String source = BackupFixture.seededDatabase("dry", 10);

    var result =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/dry/")
            .input("dry-run", "true")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(s3.keys(BUCKET, "dry/")).isEmpty();
    assertThat(result.summary())
        .contains("dry run")
        .contains("pg_dump " + InstalledPostgresClients.major());
    assertThat(result.outputs()).containsEntry("uri", "");
    assertThat(result.output("server-version")).startsWith("15.18");
  }
}
