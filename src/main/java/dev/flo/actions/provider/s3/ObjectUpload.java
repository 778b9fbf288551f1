package dev.flo.actions.provider.s3;

import java.io.IOException;
import java.io.OutputStream;

/** An object being written as a stream; it exists only once completed. */
public interface ObjectUpload extends AutoCloseable {
  /** Where to write the content; closing it does not complete the upload. */
  OutputStream output();

  /** Makes the object visible under its key; returns its size in bytes. */
  long complete() throws IOException;

  /**
   * Abandons the upload unless it completed: nothing is left under the key and no parts are left
   * stored. Returns false when the store could not confirm that (the parts then expire by the
   * bucket's lifecycle rule).
   */
  boolean abort();

  @Override
  default void close() {
    abort();
  }
}
