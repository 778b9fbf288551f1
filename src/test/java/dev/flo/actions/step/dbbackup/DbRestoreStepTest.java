package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.runtime.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db-restore: latest among many objects, the confirm guard, the safety backup, and damaged objects.
 */
class DbRestoreStepTest {
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

  private String backup(String source, String prefix) throws Exception {
    var result =
        BackupFixture.backup(tmp, s3)
            .input("database-url", source)
            .input("destination", "s3://" + BUCKET + "/" + prefix)
            .run();
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    return result.output("uri");
  }

  /** Rewrites the row counts in the manifest of the backup at {@code uri}; returns its key. */
  private static String editRowCounts(String uri, Consumer<ObjectNode> edit) throws Exception {
    String manifestKey =
        uri.substring(("s3://" + BUCKET + "/").length())
            .replaceAll("\\.pgdump.*$", BackupCatalog.MANIFEST);
    var manifest = (ObjectNode) Json.MAPPER.readTree(s3.get(BUCKET, manifestKey));
    edit.accept((ObjectNode) manifest.get("rowCounts"));
    s3.put(BUCKET, manifestKey, Json.MAPPER.writeValueAsBytes(manifest));
    return manifestKey;
  }

  /** How many tables {@code target} holds outside the system schemas. */
  private static String tables(String target) {
    return PostgresTestServer.query(
        BackupFixture.name(target),
        "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')");
  }

  @Test
  void latestIsTheNewestCompleteBackupAmongMoreThanAThousandObjects() throws Exception {
    String prefix = "many/";
    String source = BackupFixture.seededDatabase("many", 100);
    String real = backup(source, prefix);
    // 1,100 older backups (2,200 objects, so the listing has three pages), written straight into
    // the server's
    // folder: 2,200 PUTs would take most of a minute, and only the listing is under test.
    Instant old = Instant.parse("2025-01-01T00:00:00Z");
    Path folder = s3dir.resolve(BUCKET).resolve(prefix);
    for (int i = 0; i < 1100; i++) {
      String name = BackupCatalog.name(old.plus(i, ChronoUnit.MINUTES), "many");
      Files.write(folder.resolve(name + ".pgdump.zst"), new byte[] {1});
      Files.writeString(folder.resolve(name + ".manifest.json"), "{}");
    }
    // ... and, newer than the real one, a dump without manifest (a crashed run) and a manifest
    // without dump.
    s3.put(
        BUCKET,
        prefix + BackupCatalog.name(Instant.parse("2099-01-01T00:00:00Z"), "many") + ".pgdump.zst",
        new byte[] {1});
    s3.put(
        BUCKET,
        prefix
            + BackupCatalog.name(Instant.parse("2099-01-02T00:00:00Z"), "many")
            + ".manifest.json",
        "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(s3.keys(BUCKET, prefix)).hasSizeGreaterThan(2000);
    String target = PostgresTestServer.createDatabase("manytarget");

    var restore =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", "s3://" + BUCKET + "/" + prefix + "latest")
            .run();

    assertThat(restore.exitCode()).as(restore.stdout()).isZero();
    assertThat(restore.output("restored-from")).isEqualTo(real);
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
  }

  @Test
  void refusesANonEmptyTargetWithoutConfirmThenRestoresAfterASafetyBackup() throws Exception {
    String prefix = "confirm/";
    String source = BackupFixture.seededDatabase("confsrc", 300);
    String uri = backup(source, prefix);
    String target = BackupFixture.seededDatabase("conftarget", 7);
    PostgresTestServer.execute(
        BackupFixture.name(target),
        "insert into audit.\"Event Log\" values (99, 'only in the target')");
    var before = BackupFixture.fingerprint(target);

    var refused =
        BackupFixture.restore(tmp, s3).input("database-url", target).input("source", uri).run();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.annotations("error"))
        .singleElement()
        .asString()
        .contains("Refusing to restore into")
        .contains("confirm: " + BackupFixture.name(target));
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);
    assertThat(s3.keys(BUCKET, prefix + DbRestoreStep.SAFETY_FOLDER)).isEmpty();

    var wrongName =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", uri)
            .input("confirm", "production")
            .run();
    assertThat(wrongName.exitCode()).isEqualTo(1);
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);

    var restored =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", uri)
            .input("confirm", BackupFixture.name(target))
            .run();

    assertThat(restored.exitCode()).as(restored.stdout()).isZero();
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
    String safety = restored.output("safety-backup-uri");
    assertThat(safety).startsWith("s3://" + BUCKET + "/" + prefix + DbRestoreStep.SAFETY_FOLDER);
    assertThat(s3.keys(BUCKET, prefix + DbRestoreStep.SAFETY_FOLDER)).hasSize(2);
    // The safety backup holds the target as it was, and restores.
    String check = PostgresTestServer.createDatabase("safetycheck");
    var back =
        BackupFixture.restore(tmp, s3).input("database-url", check).input("source", safety).run();
    assertThat(back.exitCode()).as(back.stdout()).isZero();
    assertThat(BackupFixture.fingerprint(check)).isEqualTo(before);
    // The safety folder does not count as backups of the prefix.
    assertThat(new BackupCatalog(storeFor(), prefix).latest().orElseThrow().dumpKey())
        .isEqualTo(uri.substring(("s3://" + BUCKET + "/").length()));
  }

  @Test
  void aSafetyBackupThatCannotConnectRestoresNothingAndSaysWhatToCheck() throws Exception {
    String prefix = "safetylost/";
    String uri = backup(BackupFixture.seededDatabase("lostsrc", 20), prefix);
    String target = BackupFixture.seededDatabase("losttarget", 7);
    var before = BackupFixture.fingerprint(target);
    int port = Integer.parseInt(target.replaceAll(".*:(\\d+)/.*", "$1"));
    // The step's first connection (server version, tables) goes through; the safety backup's is
    // refused.
    try (LosingProxy proxy = new LosingProxy(port, 1)) {
      String viaProxy = target.replace(":" + port + "/", ":" + proxy.port() + "/");
      var failed =
          BackupFixture.restore(tmp, s3)
              .input("database-url", viaProxy)
              .input("source", uri)
              .input("confirm", BackupFixture.name(target))
              .run();

      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.annotations("error"))
          .singleElement()
          .asString()
          .contains("safety backup of")
          .contains("could not be taken")
          .contains("nothing was restored")
          .contains("max_connections")
          .contains("safety-backup: false")
          .doesNotContain("Unexpected error");
      assertThat(failed.summary()).contains("db-restore failed").contains("nothing was restored");
    }
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);
    assertThat(s3.keys(BUCKET, prefix + DbRestoreStep.SAFETY_FOLDER)).isEmpty();
  }

  @Test
  void anObjectThatDoesNotMatchItsManifestChangesNothing() throws Exception {
    String prefix = "tampered/";
    String first = BackupFixture.seededDatabase("tamperone", 40);
    String uri = backup(first, prefix);
    String other = BackupFixture.seededDatabase("tampertwo", 60);
    String otherUri = backup(other, "tampered-other/");
    // A valid archive of other data under the first backup's key: it would restore fine, but its
    // SHA-256 differs.
    String key = uri.substring(("s3://" + BUCKET + "/").length());
    s3.put(BUCKET, key, s3.get(BUCKET, otherUri.substring(("s3://" + BUCKET + "/").length())));
    String target = PostgresTestServer.createDatabase("tampertarget");

    var result =
        BackupFixture.restore(tmp, s3).input("database-url", target).input("source", uri).run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("SHA-256")
        .contains("Nothing was restored");
    assertThat(tables(target)).isEqualTo("0");
    assertThat(result.output("tables")).isEqualTo("0");
    assertThat(result.output("rows")).isEqualTo("0");
  }

  @Test
  void aManifestWhoseRowCountsAreOffFailsBeforeTheCommitAndNamesTheSafetyBackup() throws Exception {
    String prefix = "countsoff/";
    String uri = backup(BackupFixture.seededDatabase("offsrc", 25), prefix);
    editRowCounts(uri, counts -> counts.put("public.customers", 24));
    String target = BackupFixture.seededDatabase("offtarget", 7);
    var before = BackupFixture.fingerprint(target);

    var result =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", uri)
            .input("confirm", BackupFixture.name(target))
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    String safety = result.output("safety-backup-uri");
    assertThat(safety).startsWith("s3://" + BUCKET + "/" + prefix + DbRestoreStep.SAFETY_FOLDER);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("does not match the backup's manifest (public.customers: expected 24, found 25)")
        .contains("was left as it was")
        .contains("source: " + safety)
        .contains("confirm: " + BackupFixture.name(target))
        .doesNotContain("Unexpected error");
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);
    assertThat(result.output("restored-from")).isEmpty();
    assertThat(result.output("tables")).isEqualTo("0");
    assertThat(result.output("rows")).isEqualTo("0");
    assertThat(result.summary()).contains("db-restore failed").contains(safety);
  }

  @Test
  void aCorruptManifestIsNamedAsDamagedNotAsAStoreProblem() throws Exception {
    String prefix = "corrupt/";
    String uri = backup(BackupFixture.seededDatabase("corruptsrc", 5), prefix);
    String manifestKey =
        uri.substring(("s3://" + BUCKET + "/").length())
            .replaceAll("\\.pgdump.*$", BackupCatalog.MANIFEST);
    String target = PostgresTestServer.createDatabase("corrupttarget");

    for (String garbage :
        new String[] {"{\"object\": \"x.pgdump\", \"rowCounts\": ", "{\"rowCounts\": \"many\"}"}) {
      s3.put(BUCKET, manifestKey, garbage.getBytes(StandardCharsets.UTF_8));

      var result =
          BackupFixture.restore(tmp, s3)
              .input("database-url", target)
              .input("source", "s3://" + BUCKET + "/" + prefix + "latest")
              .run();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains(
              "The manifest at s3://"
                  + BUCKET
                  + "/"
                  + manifestKey
                  + " is damaged: it is not valid manifest JSON at line 1")
          .contains("Nothing was restored")
          .doesNotContain("folder exists")
          .doesNotContain("Unexpected error");
      assertThat(result.output("restored-from")).isEmpty();
    }
  }

  @Test
  void aManifestWithANullRowCountIsRefusedAsNotOneDbBackupWrote() throws Exception {
    String prefix = "nullcount/";
    String uri = backup(BackupFixture.seededDatabase("nullcountsrc", 5), prefix);
    String manifestKey = editRowCounts(uri, counts -> counts.putNull("public.customers"));
    String target = PostgresTestServer.createDatabase("nullcounttarget");

    var result =
        BackupFixture.restore(tmp, s3).input("database-url", target).input("source", uri).run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains(
            "The manifest at s3://"
                + BUCKET
                + "/"
                + manifestKey
                + " is not one db-backup wrote (it lacks the object, its SHA-256, compression or row counts)")
        .doesNotContain("Unexpected error");
    assertThat(result.output("restored-from")).isEmpty();
    assertThat(tables(target)).isEqualTo("0");
  }

  @Test
  void largeObjectsAndProceduresThatCommitRestoreInTheOneTransaction() throws Exception {
    String source = BackupFixture.seededDatabase("lobsrc", 5);
    // pg_restore writes its own BEGIN/COMMIT around large objects unless it runs as one
    // transaction, and a procedure
    // body holds a COMMIT line: neither may end the restore's transaction early or lose its
    // statement.
    PostgresTestServer.execute(
        BackupFixture.name(source),
        "select lo_from_bytea(424242, 'large object bytes')",
        "create procedure tidy() language plpgsql as $$\nbegin\n  delete from empty_table;\nCOMMIT;\nend\n$$",
        "create table notes (body text)",
        "insert into notes values ('COMMIT;')");
    String uri = backup(source, "lob/");
    String target = PostgresTestServer.createDatabase("lobtarget");

    var result =
        BackupFixture.restore(tmp, s3).input("database-url", target).input("source", uri).run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(
            PostgresTestServer.query(
                BackupFixture.name(target), "select convert_from(lo_get(424242), 'UTF8')"))
        .isEqualTo("large object bytes");
    assertThat(
            PostgresTestServer.query(
                BackupFixture.name(target), "select prosrc from pg_proc where proname = 'tidy'"))
        .contains("COMMIT;");
    assertThat(PostgresTestServer.query(BackupFixture.name(target), "select body from notes"))
        .isEqualTo("COMMIT;");
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
  }

  @Test
  void aRestoreCutOffHalfwayCommitsNothing() throws Exception {
    String prefix = "cutoff/";
    String uri = backup(BackupFixture.seededDatabase("cutsrc", 2000), prefix);
    String target = BackupFixture.seededDatabase("cuttarget", 7);
    var before = BackupFixture.fingerprint(target);
    // psql sees only the first 64 KiB of the restore, then the end of its input: as if the step
    // were killed there.
    java.nio.file.Path bin = Files.createDirectories(tmp.resolve("clients/15/bin"));
    var real = dev.flo.actions.testing.InstalledPostgresClients.tool("psql").getParent();
    BackupFixture.script(bin.resolve("pg_dump"), "exec " + real.resolve("pg_dump") + " \"$@\"");
    BackupFixture.script(
        bin.resolve("pg_restore"), "exec " + real.resolve("pg_restore") + " \"$@\"");
    BackupFixture.script(
        bin.resolve("psql"), "head -c 65536 | " + real.resolve("psql") + " \"$@\"");
    var cutting =
        DbRestoreStep.definition(
            new dev.flo.actions.provider.postgres.PostgresClients(tmp.resolve("clients")), null);

    var result =
        BackupFixture.backup(cutting, tmp, s3)
            .input("database-url", target)
            .input("source", uri)
            .input("confirm", BackupFixture.name(target))
            .input("safety-backup", "false")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("was not committed")
        .contains("was left as it was")
        .doesNotContain("Unexpected");
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);
    assertThat(result.output("restored-from")).isEmpty();
  }

  @Test
  void dryRunResolvesTheBackupAndChangesNothing() throws Exception {
    String prefix = "dryrestore/";
    String uri = backup(BackupFixture.seededDatabase("drysrc", 30), prefix);
    String target = BackupFixture.seededDatabase("drytarget", 3);
    var before = BackupFixture.fingerprint(target);

    var result =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", "s3://" + BUCKET + "/" + prefix + "latest")
            .input("confirm", BackupFixture.name(target))
            .input("dry-run", "true")
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.output("restored-from")).isEqualTo(uri);
    assertThat(result.output("rows")).as("a dry run restores nothing").isEqualTo("0");
    assertThat(result.summary()).contains("dry run").contains("not empty");
    assertThat(BackupFixture.fingerprint(target)).isEqualTo(before);
    assertThat(s3.keys(BUCKET, prefix + DbRestoreStep.SAFETY_FOLDER)).isEmpty();
  }

  @Test
  void aSourceWithoutManifestIsNotRestored() throws Exception {
    s3.put(BUCKET, "stray/20260101T000000Z-app.pgdump.zst", new byte[] {1, 2, 3});
    String target = PostgresTestServer.createDatabase("straytarget");

    var result =
        BackupFixture.restore(tmp, s3)
            .input("database-url", target)
            .input("source", "s3://" + BUCKET + "/stray/20260101T000000Z-app.pgdump.zst")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error")).singleElement().asString().contains("has no manifest");
  }

  private static dev.flo.actions.provider.s3.S3ObjectStore storeFor() {
    return new dev.flo.actions.provider.s3.S3ObjectStore(
        s3.client(), BUCKET, dev.flo.actions.provider.s3.Encryption.BUCKET_DEFAULT);
  }
}
