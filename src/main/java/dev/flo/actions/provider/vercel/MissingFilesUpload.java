package dev.flo.actions.provider.vercel;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.HttpException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads the contents Vercel reported missing, a bounded number at a time. An upload is addressed by its SHA-1,
 * so sending it twice is harmless: unlike other POSTs it is retried on 5xx and broken connections too.
 */
public final class MissingFilesUpload {
  /** The CLI uploads 50 at a time; a runner's uplink is the limit long before that. */
  public static final int DEFAULT_PARALLEL = 8;

  private static final int ATTEMPTS = 4;

  private final VercelClient client;
  private final Clock clock;
  private final int parallel;

  public MissingFilesUpload(VercelClient client, Clock clock, int parallel) {
    this.client = client;
    this.clock = clock;
    this.parallel = parallel;
  }

  /** What was sent: distinct contents and their bytes. */
  public record Uploaded(int count, long bytes) {}

  /** Uploads each missing SHA once; throws the first failure after the running uploads end. */
  public Uploaded upload(DeploymentFiles files, List<String> missing) throws IOException, InterruptedException {
    List<String> shas = missing.stream().distinct().toList();
    for (String sha : shas) {
      if (!files.sources().containsKey(sha)) {
        throw new IOException("Vercel asked for a file this deployment does not contain (sha " + sha + ")");
      }
    }
    Semaphore slots = new Semaphore(parallel);
    AtomicLong bytes = new AtomicLong();
    List<Future<?>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String sha : shas) {
        slots.acquire();
        running.add(
            pool.submit(
                () -> {
                  try {
                    DeploymentFiles.Source source = files.sources().get(sha);
                    uploadWithRetries(sha, source);
                    bytes.addAndGet(source.size());
                    return null;
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          running.forEach(r -> r.cancel(true));
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IOException(e.getCause());
        }
      }
    }
    return new Uploaded(shas.size(), bytes.get());
  }

  private void uploadWithRetries(String sha, DeploymentFiles.Source source) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        client.uploadFile(sha, source);
        return;
      } catch (VercelException e) {
        if (e.status() < 500 || attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (HttpException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
      clock.sleep(Duration.ofSeconds(1L << (attempt - 1)));
    }
  }
}
