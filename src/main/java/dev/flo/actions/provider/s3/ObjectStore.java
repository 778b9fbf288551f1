package dev.flo.actions.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A bucket (or a folder standing in for one) that backups are written to and read from, by key. */
public interface ObjectStore extends AutoCloseable {
  /** The URI of a key, as users write it ({@code s3://bucket/key}, {@code file:///dir/key}). */
  String uri(String key);

  /**
   * Starts writing {@code key} as a stream of unknown length; nothing is visible under the key
   * until {@link ObjectUpload#complete()}, and closing without completing leaves nothing behind.
   *
   * @param expectedBytes a generous estimate of the size, to size S3 parts; 0 when unknown
   */
  ObjectUpload upload(String key, long expectedBytes) throws IOException;

  /** Writes a small object at once (a manifest). */
  void put(String key, byte[] content, String contentType) throws IOException;

  InputStream open(String key) throws IOException;

  /** The stored size of {@code key}, or empty when it does not exist. */
  Optional<Long> size(String key) throws IOException;

  /**
   * Every object directly under {@code folder} (a key prefix ending in {@code /}, or empty), all
   * pages read.
   */
  List<StoredObject> list(String folder) throws IOException;

  void delete(String key) throws IOException;

  /** Releases the client's connections (an S3 client keeps a pool); a folder holds nothing. */
  @Override
  default void close() {}
}
