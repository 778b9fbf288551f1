package dev.flo.actions.step.lintgate.report;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps each value an XML report holds before the parser sees it. The JDK's StAX reader streams
 * element text in chunks, but builds every attribute value, CDATA section, comment and processing
 * instruction whole in memory, so one 200 MB attribute or CDATA section (JUnit's system-out)
 * exhausted the heap. Each is cut at {@link #MAX_VALUE} bytes here (the readers keep far less of
 * any value), at a point that keeps the document well-formed: never inside a UTF-8 character or an
 * entity reference, never just before a terminator. A tag whose own markup (names, spaces) passes
 * the limit is refused: no report tool writes one.
 */
final class BoundedXmlInput extends FilterInputStream {
  static final int MAX_VALUE = 1024 * 1024;

  /** How far past the limit a cut may move to reach a safe point before it cuts anyway. */
  private static final int MAX_EXTENSION = 64;

  private enum State {
    TEXT,
    TAG,
    QUOTED,
    CDATA,
    COMMENT,
    PI
  }

  /**
   * A tag too long to be a report's: refused rather than cut, since cutting markup changes the
   * document.
   */
  static final class TagTooLong extends IOException {
    TagTooLong(long line) {
      super("a tag at line " + line + " is longer than " + MAX_VALUE / 1024 + " KiB");
    }
  }

  private State state = State.TEXT;
  private final byte[] opening = new byte[9];
  private int openingLength;
  private byte quote;
  private long run;
  private boolean dropping;
  private boolean inEntity;
  private byte previous;
  private byte beforePrevious;
  private byte lastKept;
  private long line = 1;
  private final byte[] raw = new byte[1 << 16];
  // A byte read can give back up to three (a terminator put back), so room for three per byte read.
  private final byte[] pending = new byte[3 * (1 << 16)];
  private int pendingStart;
  private int pendingEnd;

  BoundedXmlInput(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pendingStart == pendingEnd) {
      int n = in.read(raw, 0, raw.length);
      if (n < 0) {
        return -1;
      }
      pendingStart = 0;
      pendingEnd = 0;
      for (int i = 0; i < n; i++) {
        pendingEnd = accept(raw[i], pending, 0, pendingEnd);
      }
    }
    int n = Math.min(len, pendingEnd - pendingStart);
    System.arraycopy(pending, pendingStart, b, off, n);
    pendingStart += n;
    return n;
  }

  @Override
  public int available() {
    return pendingEnd - pendingStart;
  }

  @Override
  public long skip(long n) throws IOException {
    return read(new byte[(int) Math.min(n, 8192)]);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Runs one byte through the state machine; appends what is kept to {@code out} and returns the
   * new count.
   */
  private int accept(byte c, byte[] out, int off, int kept) throws IOException {
    if (c == '\n') {
      line++;
    }
    int k = kept;
    switch (state) {
      case TEXT -> {
        if (c == '<') {
          state = State.TAG;
          opening[0] = c;
          openingLength = 1;
          run = 0;
        }
        out[off + k++] = c;
      }
      case TAG -> {
        out[off + k++] = c;
        if (openingLength < opening.length) {
          opening[openingLength++] = c;
          String start =
              new String(opening, 0, openingLength, java.nio.charset.StandardCharsets.ISO_8859_1);
          if (start.equals("<![CDATA[")) {
            enter(State.CDATA);
          } else if (start.equals("<!--")) {
            enter(State.COMMENT);
          } else if (start.equals("<?")) {
            enter(State.PI);
          }
          if (state != State.TAG) {
            break;
          }
        }
        if (c == '"' || c == '\'') {
          quote = c;
          enter(State.QUOTED);
        } else if (c == '>') {
          state = State.TEXT;
        } else if (++run > MAX_VALUE) {
          throw new TagTooLong(line);
        }
      }
      case QUOTED -> {
        if (c == quote) {
          out[off + k++] = c;
          state = State.TAG;
          run = 0;
          dropping = false;
        } else {
          if (keep(c)) {
            out[off + k++] = c;
          }
          inEntity = c == '&' || inEntity && c != ';';
        }
      }
      case CDATA, COMMENT, PI -> {
        byte last =
            state == State.CDATA ? (byte) ']' : state == State.COMMENT ? (byte) '-' : (byte) '?';
        boolean ends =
            c == '>' && previous == last && (state == State.PI || beforePrevious == last);
        if (ends && dropping) {
          // The terminator's first bytes were dropped with the rest: put the whole terminator back.
          for (int i = state == State.PI ? 1 : 2; i > 0; i--) {
            out[off + k++] = last;
          }
          out[off + k++] = c;
        } else if (ends || keep(c)) {
          out[off + k++] = c;
        }
        if (ends) {
          state = State.TEXT;
          dropping = false;
        }
      }
    }
    beforePrevious = previous;
    previous = c;
    if (k > kept) {
      lastKept = out[off + k - 1];
    }
    return k;
  }

  private void enter(State s) {
    state = s;
    run = 0;
    dropping = false;
    inEntity = false;
  }

  /**
   * Whether a value byte is kept: all of them up to the limit, then up to a safe cut, then none.
   */
  private boolean keep(byte c) {
    if (dropping) {
      return false;
    }
    run++;
    if (run <= MAX_VALUE) {
      return true;
    }
    boolean midCharacter = (c & 0xC0) == 0x80;
    boolean beforeTerminator = state == State.COMMENT && lastKept == '-';
    if ((midCharacter || inEntity || beforeTerminator) && run <= MAX_VALUE + MAX_EXTENSION) {
      return true;
    }
    dropping = true;
    return false;
  }
}
