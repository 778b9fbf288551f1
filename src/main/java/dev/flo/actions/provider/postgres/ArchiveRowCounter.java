package dev.flo.actions.provider.postgres;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Counts each table's rows in a {@code pg_dump --format=custom --compress=0} archive as it streams
 * past, so a backup's row counts cost no second scan of the database. With no compression a table's
 * data block is its {@code COPY ... TO STDOUT} text, in which every row ends with exactly one
 * newline (a newline inside a value is written as {@code \n}: <a
 * href="https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2">COPY's text
 * format</a>). The archive's layout is pg_dump's own ({@code pg_backup_archiver.c}
 * ReadHead/ReadToc, {@code pg_backup_custom.c}): a header, the table of contents (which names each
 * data block's table), then the data blocks in chunks of {@code int length, bytes}.
 *
 * <p>It never throws into the stream it watches: anything it does not recognise (an archive version
 * it does not know, compression, an unexpected block) stops the counting, and {@link #rowCounts()}
 * is then empty, so the caller counts the other way.
 */
public final class ArchiveRowCounter {
  /**
   * Archive versions whose header and TOC entries this reads (pg_dump 12 to 18 write 1.14-1.16).
   */
  private static final int MIN_VERSION = version(1, 12), MAX_VERSION = version(1, 16);

  private static final int BLK_DATA = 1, BLK_BLOBS = 3;

  /**
   * The most TOC bytes held while reading it; a larger TOC is not parsed (counted the other way).
   */
  private static final int MAX_TOC_BYTES = 64 << 20;

  private static final int TAIL = 32;
  private static final long NL = 0x0A0A0A0A0A0A0A0AL, ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private enum State {
    HEAD,
    BLOCK_TYPE,
    BLOCK_ID,
    CHUNK_LENGTH,
    CHUNK,
    BLOB_OID,
    FAILED
  }

  private State state = State.HEAD;

  /** Header and TOC bytes until the TOC is read. */
  private byte[] head = new byte[1 << 16];

  private int headLength;

  /** Where the header ends or the next unread TOC entry starts in {@link #head}; 0 before. */
  private int tocAt;

  private int version;
  private int offSize;
  private long entriesLeft = -1;

  private int intSize;
  private int blockType;

  /** The int being read in the data section: 1 sign byte, then intSize bytes little-endian. */
  private final byte[] intBytes = new byte[9];

  private int intHave;
  private long chunkLeft;

  /** The counts of the current data block's table, or null for a block that is not counted. */
  private long @Nullable [] current;

  /** The last bytes of the current data block, to find COPY's end marker in. */
  private final byte[] tail = new byte[TAIL];

  private int tailLength;

  /** dumpId to the counter of a TABLE DATA entry's table. */
  private final Map<Long, long[]> byDumpId = new HashMap<>();

  /** {@code schema.table} to its counter, in TOC order. */
  private final Map<String, long[]> tables = new LinkedHashMap<>();

  private @Nullable String failure;

  /** An output stream that writes to {@code out} and counts what goes through. */
  public OutputStream watching(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        accept(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        accept(b, off, len);
      }
    };
  }

  /**
   * The rows of every table whose data block went past, keyed {@code schema.table} as {@link
   * PostgresDatabase#rowCounts()} names them; empty when the archive could not be read to its end.
   */
  public Optional<Map<String, Long>> rowCounts() {
    if (state != State.BLOCK_TYPE) {
      return Optional.empty();
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    tables.forEach((name, n) -> counts.put(name, n[0]));
    return Optional.of(counts);
  }

  /** Why counting stopped, or why the archive did not end cleanly; empty when it did. */
  public Optional<String> failure() {
    if (failure == null && state != State.BLOCK_TYPE) {
      return Optional.of("the archive ended inside " + state);
    }
    return Optional.ofNullable(failure);
  }

  /** Feeds the next {@code len} bytes of the archive. */
  void accept(byte[] b, int off, int len) {
    try {
      int end = off + len;
      int at = off;
      while (at < end && state != State.FAILED) {
        at = step(b, at, end);
      }
    } catch (RuntimeException e) {
      fail("unexpected " + e);
    }
  }

  /** Consumes bytes from {@code at} in the current state; returns where it stopped. */
  private int step(byte[] b, int at, int end) {
    switch (state) {
      case HEAD -> {
        int n = Math.min(end - at, MAX_TOC_BYTES - headLength);
        if (n == 0) {
          fail("a table of contents larger than " + MAX_TOC_BYTES + " bytes");
          return end;
        }
        if (headLength + n > head.length) {
          head =
              Arrays.copyOf(
                  head, Math.min(MAX_TOC_BYTES, Math.max(2 * head.length, headLength + n)));
        }
        System.arraycopy(b, at, head, headLength, n);
        headLength += n;
        int dataStart = readHeadAndToc();
        if (dataStart < 0) {
          return at + n; // not all of it yet, or failed
        }
        // What followed the TOC in this write is data: go on from there.
        int next = at + n - (headLength - dataStart);
        head = new byte[0];
        state = State.BLOCK_TYPE;
        return next;
      }
      case BLOCK_TYPE -> {
        blockType = b[at];
        if (blockType != BLK_DATA && blockType != BLK_BLOBS) {
          fail("unknown block type " + blockType);
          return end;
        }
        startInt(State.BLOCK_ID);
        return at + 1;
      }
      case BLOCK_ID, CHUNK_LENGTH, BLOB_OID -> {
        return readInt(b, at, end);
      }
      case CHUNK -> {
        int n = (int) Math.min(chunkLeft, end - at);
        long[] c = current;
        if (c != null) {
          c[0] += newlines(b, at, n);
          keepTail(b, at, n);
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
          startInt(State.CHUNK_LENGTH);
        }
        return at + n;
      }
      case FAILED -> {
        return end;
      }
    }
    throw new IllegalStateException(state.toString());
  }

  private void startInt(State next) {
    state = next;
    intHave = 0;
  }

  private int readInt(byte[] b, int at, int end) {
    int need = intSize + 1 - intHave;
    int n = Math.min(need, end - at);
    System.arraycopy(b, at, intBytes, intHave, n);
    intHave += n;
    if (intHave == intSize + 1) {
      gotInt(decodeInt(intBytes, 0, intSize));
    }
    return at + n;
  }

  private void gotInt(long value) {
    switch (state) {
      case BLOCK_ID -> {
        if (blockType == BLK_BLOBS) {
          current = null;
          startInt(State.BLOB_OID);
        } else {
          long[] c = byDumpId.get(value);
          if (c == null) {
            fail("a data block for dump id " + value + ", which is no table's data");
            return;
          }
          current = c;
          tailLength = 0;
          startInt(State.CHUNK_LENGTH);
        }
      }
      case BLOB_OID -> {
        if (value == 0) {
          state = State.BLOCK_TYPE;
        } else {
          startInt(State.CHUNK_LENGTH);
        }
      }
      case CHUNK_LENGTH -> {
        if (value < 0) {
          fail("negative chunk length " + value);
        } else if (value == 0) {
          // The end of a table's data, or of one large object within a blobs block.
          if (blockType == BLK_BLOBS) {
            startInt(State.BLOB_OID);
          } else {
            long[] c = current;
            if (c != null) {
              c[0] -= endMarkerNewlines();
            }
            current = null;
            state = State.BLOCK_TYPE;
          }
        } else {
          chunkLeft = value;
          state = State.CHUNK;
        }
      }
      default -> fail("an int in state " + state);
    }
  }

  /**
   * Reads as much of the header and the TOC as {@link #head} holds, entry by entry; returns where
   * the data blocks start, or -1 when the TOC is not complete yet (or counting failed).
   */
  private int readHeadAndToc() {
    Reader r = new Reader(head, headLength);
    r.intSize = intSize;
    try {
      if (tocAt == 0) {
        if (!readHeader(r)) {
          return -1;
        }
        tocAt = r.at;
      }
      while (entriesLeft > 0) {
        r.at = tocAt;
        if (!readEntry(r)) {
          return -1;
        }
        tocAt = r.at;
        entriesLeft--;
      }
      return tocAt;
    } catch (IndexOutOfBoundsException more) {
      return -1; // resumed from tocAt when more bytes come
    }
  }

  /** The header and the TOC's entry count; false when counting failed. */
  private boolean readHeader(Reader r) {
    if (headLength < 5) {
      throw new IndexOutOfBoundsException();
    }
    if (!new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
      fail("not a custom-format archive");
      return false;
    }
    r.at = 5;
    int vmaj = r.u8(), vmin = r.u8(), vrev = r.u8();
    version = version(vmaj, vmin);
    if (version < MIN_VERSION || version > MAX_VERSION) {
      fail("archive version " + vmaj + "." + vmin + "." + vrev + " is not one this reads");
      return false;
    }
    int ints = r.u8();
    offSize = r.u8();
    if (ints < 1 || ints > 8 || offSize < 1 || offSize > 8) {
      fail("int size " + ints + ", offset size " + offSize);
      return false;
    }
    r.intSize = ints;
    int format = r.u8();
    if (format != 1) {
      fail("archive format " + format + " is not custom");
      return false;
    }
    long compression = version >= version(1, 15) ? r.u8() : r.readInt();
    if (compression != 0) {
      fail("the archive is compressed");
      return false;
    }
    for (int i = 0; i < 7; i++) {
      r.readInt(); // the dump's time: sec, min, hour, mday, mon, year, isdst
    }
    r.readStr(); // database name
    r.readStr(); // server version
    r.readStr(); // pg_dump version
    long entries = r.readInt();
    if (entries < 0) {
      fail("a negative entry count");
      return false;
    }
    // Only now: a header cut short is read again from the start, with the int size unknown.
    intSize = ints;
    entriesLeft = entries;
    return true;
  }

  /** One TOC entry (ReadToc); false when counting failed. */
  private boolean readEntry(Reader r) {
    long dumpId = r.readInt();
    r.readInt(); // had dumper
    r.readStr(); // table oid
    r.readStr(); // oid
    String tag = r.readStr();
    String desc = r.readStr();
    r.readInt(); // section
    r.readStr(); // definition
    r.readStr(); // drop statement
    String copy = r.readStr();
    String namespace = r.readStr();
    r.readStr(); // tablespace
    r.readStr(); // table access method
    if (version >= version(1, 16)) {
      r.readInt(); // relkind
    }
    r.readStr(); // owner
    r.readStr(); // "false": with oids
    while (r.readStr() != null) {
      // dependencies, ended by a null string
    }
    r.u8(); // the data offset's flag, then the offset
    r.skip(offSize);
    if ("TABLE DATA".equals(desc) && tag != null && namespace != null) {
      if (copy == null || !copy.startsWith("COPY ")) {
        fail(namespace + "." + tag + "'s data is not COPY text");
        return false;
      }
      long[] counter = new long[1];
      byDumpId.put(dumpId, counter);
      tables.put(namespace + "." + tag, counter);
    }
    return true;
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
    }
    state = State.FAILED;
    head = new byte[0];
    current = null;
  }

  private void keepTail(byte[] b, int at, int n) {
    if (n >= TAIL) {
      System.arraycopy(b, at + n - TAIL, tail, 0, TAIL);
      tailLength = TAIL;
    } else {
      int keep = Math.min(tailLength, TAIL - n);
      System.arraycopy(tail, tailLength - keep, tail, 0, keep);
      System.arraycopy(b, at, tail, keep, n);
      tailLength = keep + n;
    }
  }

  /**
   * The newlines of COPY's end-of-data line ({@code \.}) and the empty lines after it at the end of
   * the block (pg_dump 15 writes {@code "\.\n\n\n"}), which are no rows; 0 when the block does not
   * end with one. A row never is {@code \.}: COPY writes a backslash in a value as {@code \\}.
   */
  private int endMarkerNewlines() {
    int i = tailLength;
    int newlines = 0;
    while (i > 0 && tail[i - 1] == '\n') {
      i--;
      newlines++;
    }
    boolean marker =
        newlines > 0
            && i >= 2
            && tail[i - 2] == '\\'
            && tail[i - 1] == '.'
            && (i == 2 || tail[i - 3] == '\n');
    // A block shorter than the tail starts at a line start; a longer one has i > 2 here.
    if (marker && i == 2 && tailLength == TAIL) {
      return 0; // the marker's line start is outside the tail: cannot tell
    }
    return marker ? newlines : 0;
  }

  /**
   * The newlines in {@code b[at, at + n)}. Rows are hundreds of bytes, so most 32-byte groups hold
   * no newline: a group is tested eight bytes at a time and only one with a newline is counted byte
   * by byte (four times faster than a byte loop under C1, which the image runs).
   */
  static long newlines(byte[] b, int at, int n) {
    long count = 0;
    int i = at, end = at + n;
    for (; i + 32 <= end; i += 32) {
      long x0 = (long) LONGS.get(b, i) ^ NL, x1 = (long) LONGS.get(b, i + 8) ^ NL;
      long x2 = (long) LONGS.get(b, i + 16) ^ NL, x3 = (long) LONGS.get(b, i + 24) ^ NL;
      // Sets a byte's high bit when that byte is zero (a newline), and maybe in a few others: a
      // screen, counted exactly below.
      long any =
          ((x0 - ONES) & ~x0) | ((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2) | ((x3 - ONES) & ~x3);
      if ((any & HIGHS) != 0) {
        for (int k = i; k < i + 32; k++) {
          if (b[k] == '\n') {
            count++;
          }
        }
      }
    }
    for (; i < end; i++) {
      if (b[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  private static long decodeInt(byte[] a, int at, int intSize) {
    long v = 0;
    for (int i = 0; i < intSize; i++) {
      v |= (a[at + 1 + i] & 0xFFL) << (8 * i);
    }
    return a[at] != 0 ? -v : v;
  }

  private static int version(int major, int minor) {
    return major * 256 + minor;
  }

  /** Reads pg_dump's ints and strings from the header bytes; throws when they run out. */
  private static final class Reader {
    private final byte[] a;
    private final int length;
    int at;
    int intSize;

    Reader(byte[] a, int length) {
      this.a = a;
      this.length = length;
    }

    int u8() {
      if (at >= length) {
        throw new IndexOutOfBoundsException();
      }
      return a[at++] & 0xFF;
    }

    long readInt() {
      if (at + intSize + 1 > length) {
        throw new IndexOutOfBoundsException();
      }
      long v = decodeInt(a, at, intSize);
      at += intSize + 1;
      return v;
    }

    @Nullable String readStr() {
      long len = readInt();
      if (len < 0) {
        return null;
      }
      if (at + len > length) {
        throw new IndexOutOfBoundsException();
      }
      String s = new String(a, at, (int) len, StandardCharsets.UTF_8);
      at += (int) len;
      return s;
    }

    void skip(int n) {
      if (at + n > length) {
        throw new IndexOutOfBoundsException();
      }
      at += n;
    }
  }
}
