package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.ImageModules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as shipped ({@code java -jar target/flo-actions.jar}, run by failsafe after {@code
 * package}, on a runtime of the image's modules only): db-backup to a real S3 API and db-restore
 * from it, in a JVM of its own. The jar leaves out the AWS SDK's classes for the S3 operations no
 * step calls (pom.xml's shade filter); this is the test that proves the calls we make still work
 * without them: the client links, a multipart upload (two parts), the manifest's put, the listing
 * that finds the latest backup, head and get, and the restore compared row for row.
 */
class ShadedJarS3IT {
  private static final Path JAR = Path.of("target", "flo-actions.jar");

  /**
   * The java that runs the jar: {@code -Dflo.it.java} if given, else a runtime of the image's
   * modules only (the Dockerfile's {@code RUNTIME_MODULES}, linked into target/image-runtime), so a
   * module the S3 and restore paths need but the image lacks fails here. The full JDK would hide
   * it: every Compose deploy once failed in the image for want of java.rmi while the tests, on the
   * full JDK, passed.
   */
  private static String java() throws IOException {
    String given = System.getProperty("flo.it.java");
    if (given != null) {
      return given;
    }
    String modules = ImageModules.fromDockerfile();
    Path runtime = Path.of("target", "image-runtime");
    Path linked = Path.of("target", "image-runtime.modules");
    if (!Files.isExecutable(runtime.resolve("bin/java"))
        || !Files.exists(linked)
        || !Files.readString(linked).equals(modules)) {
      // Another module list, or a half-made runtime: link it again.
      try (var old = Files.walk(runtime).sorted(Comparator.reverseOrder())) {
        old.forEach(f -> f.toFile().delete());
      } catch (NoSuchFileException e) {
        // nothing linked yet
      }
      ToolProvider jlink =
          ToolProvider.findFirst("jlink")
              .orElseThrow(() -> new AssertionError("no jlink in this JDK"));
      int rc =
          jlink.run(
              System.out,
              System.err,
              "--add-modules",
              modules,
              "--no-man-pages",
              "--no-header-files",
              "--output",
              runtime.toString());
      assertThat(rc).as("jlink of the image's modules " + modules).isZero();
      Files.writeString(linked, modules);
    }
    return runtime.resolve("bin/java").toAbsolutePath().toString();
  }

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
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), step));
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
