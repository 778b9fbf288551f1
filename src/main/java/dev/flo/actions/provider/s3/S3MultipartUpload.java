package dev.flo.actions.provider.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A stream written to S3 part by part
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html): one part fills while
 * the previous one uploads, so memory is two parts whatever the object's size. A stream that ends
 * within the first part is one PutObject. Anything short of {@link #complete()} aborts the upload,
 * so no object and no stored parts are left behind.
 */
final class S3MultipartUpload implements ObjectUpload {
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final PartSize sizes;
  private final Encryption encryption;
  private final ExecutorService uploader =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("s3-part-upload").unstarted(r));
  private final List<CompletedPart> parts = new ArrayList<>();
  private final Output output;
  private @Nullable String uploadId;
  private @Nullable Future<CompletedPart> inFlight;
  private byte @Nullable [] inFlightBuffer;
  private byte @Nullable [] spare;
  private boolean completed;
  private long total;

  S3MultipartUpload(S3Client s3, String bucket, String key, PartSize sizes, Encryption encryption) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.sizes = sizes;
    this.encryption = encryption;
    this.output = new Output(new byte[Math.toIntExact(sizes.of(1))]);
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public long complete() throws IOException {
    try {
      if (uploadId == null) {
        PutObjectRequest.Builder put =
            PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType("application/octet-stream");
        s3.putObject(encryption.apply(put).build(), body(output.buffer, output.filled));
      } else {
        if (output.filled > 0) {
          submit();
        }
        collect();
        s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      }
      completed = true;
      return total + (uploadId == null ? output.filled : 0);
    } catch (SdkException e) {
      throw new IOException("S3 refused to store " + key + ": " + e.getMessage(), e);
    } finally {
      uploader.shutdownNow();
    }
  }

  @Override
  public boolean abort() {
    uploader.shutdownNow();
    if (completed || uploadId == null) {
      return true;
    }
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      uploadId = null;
      return true;
    } catch (SdkException e) {
      return false;
    }
  }

  /**
   * Hands the filled buffer to the uploader after the previous part finished, and starts a fresh
   * buffer.
   */
  private void submit() throws IOException {
    if (uploadId == null) {
      CreateMultipartUploadRequest.Builder create =
          CreateMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .contentType("application/octet-stream");
      uploadId = s3.createMultipartUpload(encryption.apply(create).build()).uploadId();
    }
    collect();
    if (parts.size() + 1 > PartSize.MAX_PARTS) {
      throw new IOException(
          "the stream is larger than "
              + sizes.capacity()
              + " bytes, the most "
              + PartSize.MAX_PARTS
              + " S3 parts can hold here");
    }
    int number = parts.size() + 1;
    byte[] data = output.buffer;
    int length = output.filled;
    String id = uploadId;
    inFlight =
        uploader.submit(
            () -> {
              String etag =
                  s3.uploadPart(
                          b ->
                              b.bucket(bucket)
                                  .key(key)
                                  .uploadId(id)
                                  .partNumber(number)
                                  .contentLength((long) length),
                          body(data, length))
                      .eTag();
              return CompletedPart.builder().partNumber(number).eTag(etag).build();
            });
    inFlightBuffer = data;
    total += length;
    // Two buffers take turns (filling, uploading) until the part size grows.
    int next = Math.toIntExact(sizes.of(number + 1));
    output.buffer = spare != null && spare.length == next ? spare : new byte[next];
    spare = null;
    output.filled = 0;
  }

  /** Waits for the part in flight; its failure becomes this stream's failure. */
  private void collect() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      parts.add(inFlight.get());
      inFlight = null;
      spare = inFlightBuffer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + key);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(
          "S3 refused part " + (parts.size() + 1) + " of " + key + ": " + cause.getMessage(),
          cause);
    }
  }

  private static RequestBody body(byte[] data, int length) {
    // A fresh stream per attempt, so the SDK can retry a part without copying the buffer.
    return RequestBody.fromContentProvider(
        () -> new java.io.ByteArrayInputStream(data, 0, length),
        length,
        "application/octet-stream");
  }

  private final class Output extends OutputStream {
    byte[] buffer;
    int filled;

    Output(byte[] first) {
      this.buffer = first;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == buffer.length) {
          submit();
        }
      }
    }
  }
}
