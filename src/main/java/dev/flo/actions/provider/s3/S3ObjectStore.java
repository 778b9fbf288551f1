package dev.flo.actions.provider.s3;

import dev.flo.actions.runtime.http.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One S3 bucket (AWS or any S3-compatible store) as an {@link ObjectStore}; SDK errors become
 * IOExceptions.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;
  private final String bucket;
  private final Encryption encryption;

  public S3ObjectStore(S3Client s3, String bucket, Encryption encryption) {
    this.s3 = s3;
    this.bucket = bucket;
    this.encryption = encryption;
  }

  @Override
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public ObjectUpload upload(String key, long expectedBytes) {
    return new S3MultipartUpload(s3, bucket, key, PartSize.forExpected(expectedBytes), encryption);
  }

  @Override
  public void put(String key, byte[] content, String contentType) throws IOException {
    call(
        "put " + uri(key),
        () ->
            s3.putObject(
                encryption
                    .apply(
                        PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType))
                    .build(),
                RequestBody.fromBytes(content)));
  }

  @Override
  public InputStream open(String key) throws IOException {
    return call("get " + uri(key), () -> s3.getObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    try {
      return Optional.of(
          call(
              "head " + uri(key),
              () -> s3.headObject(b -> b.bucket(bucket).key(key)).contentLength()));
    } catch (IOException e) {
      if (e.getCause() instanceof NoSuchKeyException
          || (e.getCause() instanceof S3Exception s && s.statusCode() == 404)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * ListObjectsV2 returns at most 1,000 keys a page; every page is read (the "wrong latest" bug of
   * single-page listings).
   */
  @Override
  public List<StoredObject> list(String folder) throws IOException {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(folder).delimiter("/").build();
    return call(
        "list " + uri(folder),
        () -> {
          List<StoredObject> all = new ArrayList<>();
          for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
            all.add(new StoredObject(o.key(), o.size()));
          }
          return all;
        });
  }

  @Override
  public void delete(String key) throws IOException {
    call("delete " + uri(key), () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public void close() {
    s3.close();
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(String what, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      String message = "could not " + what + ": " + e.getMessage();
      // No answer (refused, unreachable, timed out) is told apart from a store that answered with a
      // refusal.
      throw noAnswer(e)
          ? new HttpException(HttpException.Kind.CONNECT, message, e)
          : new IOException(message, e);
    }
  }

  /**
   * The call's deadline ran out, or the cause is a connection that could not be made or went
   * silent.
   */
  static boolean noAnswer(SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    if (!(e instanceof SdkClientException)) {
      return false;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof SocketTimeoutException
          || c instanceof UnknownHostException
          || c instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
