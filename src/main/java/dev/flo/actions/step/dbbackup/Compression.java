package dev.flo.actions.step.dbbackup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a dump is compressed on its way to the store. pg_dump runs with {@code --compress=0} so this
 * is the only compression; every format carries its own checksum (zstd's content checksum, gzip's
 * CRC-32), so a damaged object fails on read instead of restoring garbage.
 */
public enum Compression {
  ZSTD(".zst"),
  GZIP(".gz"),
  NONE("");

  private static final int BUFFER = 1 << 16;

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /**
   * A compressing stream over {@code out}; closing it finishes the format and closes {@code out}.
   */
  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      // Level 3 is zstd's default: faster than gzip -6 and smaller; the checksum guards the whole
      // frame.
      case ZSTD -> new ZstdOutputStream(out, 3).setChecksum(true);
      case GZIP -> new GZIPOutputStream(out, BUFFER);
      case NONE -> out;
    };
  }

  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case ZSTD -> new ZstdInputStream(in);
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case NONE -> in;
    };
  }

  /** The compression a dump object's name says, such as {@code .pgdump.zst}. */
  public static Compression ofKey(String key) {
    if (key.endsWith(ZSTD.extension)) {
      return ZSTD;
    }
    return key.endsWith(GZIP.extension) ? GZIP : NONE;
  }
}
