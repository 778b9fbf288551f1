package dev.flo.actions.provider.vercel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Uploads the contents Vercel reported missing, a bounded number at a time. An upload is addressed
 * by its SHA-1, so the client retries it like a read ({@code Http.sendIdempotent}); the first
 * upload that still fails stops the rest, so a rejected token costs one request, not one per file.
 */
public final class MissingFilesUpload {
  /** The CLI uploads 50 at a time; a runner's uplink is the limit long before that. */
  public static final int DEFAULT_PARALLEL = 8;

  private final VercelClient client;
  private final int parallel;

  public MissingFilesUpload(VercelClient client, int parallel) {
    this.client = client;
    this.parallel = parallel;
  }

  /** What was sent: distinct contents and their bytes. */
  public record Uploaded(int count, long bytes) {}

  /**
   * Vercel asked for a content this deployment does not hold: not a network problem, so it has its
   * own type.
   */
  public static final class UnknownFile extends IOException {
    private final String sha;

    UnknownFile(String sha) {
      super("Vercel asked for a file this deployment does not contain (sha " + sha + ")");
      this.sha = sha;
    }

    public String sha() {
      return sha;
    }
  }

  /** Uploads each missing SHA once; on the first failure starts no more uploads and throws it. */
  public Uploaded upload(DeploymentFiles files, List<String> missing)
      throws IOException, InterruptedException {
    return upload(files, missing, size -> {});
  }

  /**
   * As {@link #upload(DeploymentFiles, List)}, telling {@code sent} the size of each content once
   * it is uploaded (from several threads).
   */
  public Uploaded upload(DeploymentFiles files, List<String> missing, LongConsumer sent)
      throws IOException, InterruptedException {
    List<String> shas = missing.stream().distinct().toList();
    for (String sha : shas) {
      if (!files.sources().containsKey(sha)) {
        throw new UnknownFile(sha);
      }
    }
    Semaphore slots = new Semaphore(parallel);
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Future<?>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String sha : shas) {
        slots.acquire();
        if (failure.get() != null) {
          slots.release();
          break;
        }
        running.add(
            pool.submit(
                () -> {
                  try {
                    DeploymentFiles.Source source =
                        java.util.Objects.requireNonNull(files.sources().get(sha), sha);
                    client.uploadFile(sha, source);
                    bytes.addAndGet(source.size());
                    sent.accept(source.size());
                    return null;
                  } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // Later failures are consequences of the first (same token, same network): report the
          // first.
        }
      }
    }
    Exception first = failure.get();
    if (first instanceof IOException io) {
      throw io;
    }
    if (first != null) {
      throw new IOException(first);
    }
    return new Uploaded(shas.size(), bytes.get());
  }
}
