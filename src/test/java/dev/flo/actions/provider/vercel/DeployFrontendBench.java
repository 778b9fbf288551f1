package dev.flo.actions.provider.vercel;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Measures hashing a build output and uploading it to the local Vercel fake over loopback
 * (bench/README.md). Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt)
 * dev.flo.actions.provider.vercel.DeployFrontendBench 2000 20000}.
 */
public final class DeployFrontendBench {
  private DeployFrontendBench() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    int size = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("bench-site");
    Random random = new Random(42);
    for (int i = 0; i < count; i++) {
      byte[] b = new byte[size];
      random.nextBytes(b);
      Path p = dir.resolve("static/chunk" + (i % 50) + "/file" + i + ".js");
      Files.createDirectories(p.getParent());
      Files.write(p, b);
    }
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    FakeClock clock = new FakeClock();
    Http http =
        Http.create(
            ProxySelector.getDefault(),
            clock,
            new Log(quiet, new Masker(quiet), false, () -> "t"),
            true);
    for (int run = 1; run <= 3; run++) {
      try (VercelFake fake = new VercelFake()) {
        VercelClient client =
            new VercelClient(
                http,
                URI.create(fake.baseUrl()),
                Secret.of(VercelFake.TOKEN),
                null,
                new Masker(null));
        long t0 = System.nanoTime();
        DeploymentFiles files = DeploymentFiles.scan(dir, "", false);
        long t1 = System.nanoTime();
        NewDeployment request =
            new NewDeployment(VercelFake.PROJECT, null, files.files(), Map.of(), Map.of());
        VercelException missing = null;
        try {
          client.createDeployment(request);
        } catch (VercelException e) {
          missing = e;
        }
        long t2 = System.nanoTime();
        new MissingFilesUpload(client, MissingFilesUpload.DEFAULT_PARALLEL)
            .upload(files, missing.missing());
        long t3 = System.nanoTime();
        client.createDeployment(request);
        long t4 = System.nanoTime();
        System.out.printf(
            "run %d: %d files, %.1f MiB: hash %d ms, create (missing_files) %d ms, upload %d ms, create %d ms%n",
            run,
            files.files().size(),
            files.totalBytes() / 1048576.0,
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (t3 - t2) / 1_000_000,
            (t4 - t3) / 1_000_000);
      }
    }
  }
}
