package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as shipped ({@code java -jar target/flo-actions.jar}, run by failsafe after {@code
 * package}): db-backup to a real S3 API and db-restore from it, in a JVM of its own. The jar leaves
 * out the AWS SDK's classes for the S3 operations no step calls (pom.xml's shade filter); this is
 * the test that proves the calls we make still work without them: the client links, a multipart
 * upload (two parts), the manifest's put, the listing that finds the latest backup, head and get,
 * and the restore compared row for row.
 */
class ShadedJarS3IT {
  private static final Path JAR = Path.of("target", "flo-actions.jar");

  @TempDir Path tmp;

  @Test
  void shadedJarBacksUpToS3InPartsAndRestoresTheSameData() throws Exception {
    assertThat(JAR).as("run after package (mvn verify)").isRegularFile();
    try (S3TestServer s3 = new S3TestServer(Files.createDirectories(tmp.resolve("s3")))) {
      s3.createBucket(BUCKET);
      String source = BackupFixture.seededDatabase("jarsrc", 500);
      // ~26 MB of random hex, about 13 MiB after zstd: more than one 8 MiB part, so the multipart
      // calls run.
      PostgresTestServer.execute(
          BackupFixture.name(source),
          "create table blobs as select g as id, (select string_agg(md5(random()::text || g || i), '') from generate_series(1, 16) i) as body from generate_series(1, 50000) g");

      Run backup =
          run(
              s3,
              "db-backup",
              "--database-url",
              source,
              "--destination",
              "s3://" + BUCKET + "/jar/",
              "--compression",
              "zstd");

      assertThat(backup.exit).as(backup.printed).isZero();
      String uri = backup.output("uri");
      assertThat(uri).startsWith("s3://" + BUCKET + "/jar/").endsWith(".pgdump.zst");
      String key = uri.substring(("s3://" + BUCKET + "/").length());
      long stored = s3.get(BUCKET, key).length;
      assertThat(stored).isGreaterThan(8L << 20);
      assertThat(backup.output("size-bytes")).isEqualTo(Long.toString(stored));
      assertThat(s3.keys(BUCKET, "jar/"))
          .contains(key.substring(0, key.indexOf(".pgdump")) + ".manifest.json");

      String target = PostgresTestServer.createDatabase("jartarget");
      // The latest backup under the prefix: the listing and the manifest's read, then the dump's.
      Run restore =
          run(
              s3,
              "db-restore",
              "--database-url",
              target,
              "--source",
              "s3://" + BUCKET + "/jar/latest");

      assertThat(restore.exit).as(restore.printed).isZero();
      assertThat(restore.output("restored-from")).isEqualTo(uri);
      assertThat(BackupFixture.fingerprint(target)).isEqualTo(BackupFixture.fingerprint(source));
      String blobs = "select count(*) || ':' || md5(string_agg(body, '' order by id)) from blobs";
      assertThat(PostgresTestServer.query(BackupFixture.name(target), blobs))
          .isEqualTo(PostgresTestServer.query(BackupFixture.name(source), blobs));
    }
  }

  private record Run(int exit, String printed) {
    /**
     * An output as the launcher prints it without GITHUB_OUTPUT: {@code name=value} on a line of
     * its own.
     */
    String output(String name) {
      return printed
          .lines()
          .filter(l -> l.startsWith(name + "="))
          .map(l -> l.substring(name.length() + 1))
          .findFirst()
          .orElse(null);
    }
  }

  private Run run(S3TestServer s3, String step, String... inputs)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                step));
    cmd.addAll(List.of(inputs));
    cmd.addAll(List.of("--s3-endpoint", s3.endpoint().toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(step + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("AWS_") || k.startsWith("INPUT_"));
    env.put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          step + " did not finish in 3 minutes: " + Files.readString(tmp.resolve(step + ".log")));
    }
    return new Run(
        p.exitValue(), Files.readString(tmp.resolve(step + ".log"), StandardCharsets.UTF_8));
  }
}
