package dev.flo.actions.provider.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A real S3 API on 127.0.0.1: s3proxy in-process over a folder, with SigV4 authentication (key
 * {@code access}, secret {@code secret}). {@link #failPartsFrom} makes it refuse upload parts, as a
 * store failing mid-upload.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secret-key-for-tests";

  private final S3Proxy proxy;
  private final S3Client client;
  private final AtomicInteger failFromPart = new AtomicInteger(Integer.MAX_VALUE);

  public S3TestServer(Path dir) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStore store = new Faulty(BlobStores.create("filesystem", p));
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // The SDK sends x-amz-mp-object-size and checksum headers s3proxy does not implement.
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    client =
        S3Client.builder()
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A client for assertions and setup, outside the code under test. */
  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** Every key under {@code prefix}, all pages. */
  public List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o :
        client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  public byte[] get(String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  public void put(String bucket, String key, byte[] content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  /** Multipart uploads started and neither completed nor aborted. */
  public List<String> openMultipartUploads(String bucket) {
    return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
        .map(u -> u.key())
        .toList();
  }

  /** From now on, upload parts numbered {@code part} or higher fail with a server error. */
  public void failPartsFrom(int part) {
    failFromPart.set(part);
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }

  private final class Faulty extends ForwardingBlobStore {
    Faulty(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(
        MultipartUpload upload, UploadPartRequest request, InputStream content) {
      if (request.partNumber() >= failFromPart.get()) {
        throw new IllegalStateException("injected failure of part " + request.partNumber());
      }
      return super.uploadMultipartPart(upload, request, content);
    }
  }
}
