package dev.flo.actions.provider.postgres;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passes a {@code pg_restore --single-transaction} script on, holding back its final {@code
 * COMMIT;} so the caller decides how the transaction ends. The script ends {@code COMMIT;} then
 * only blank lines, comments and psql meta-commands (such as unrestrict); any other line after a
 * {@code COMMIT;} line (a data row or a procedure body that says COMMIT) shows that one was not the
 * last, and it is passed on. Memory is one short line.
 */
final class HeldCommit extends FilterOutputStream {
  private static final byte[] COMMIT = "COMMIT;".getBytes(StandardCharsets.US_ASCII);

  /** Lines longer than this are neither the COMMIT nor a trailer line: they stream through. */
  private static final int KEPT = 256;

  private static final int MAX_TRAILER = 64 * 1024;

  private final byte[] line = new byte[KEPT];
  private int lineLength;
  private boolean streamingLongLine;
  private byte[] held = new byte[0];
  private boolean holding;

  HeldCommit(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    if (streamingLongLine) {
      out.write(b);
      streamingLongLine = b != '\n';
      return;
    }
    line[lineLength++] = (byte) b;
    if (b == '\n') {
      endLine();
    } else if (lineLength == KEPT) {
      release();
      out.write(line, 0, lineLength);
      lineLength = 0;
      streamingLongLine = true;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (streamingLongLine) {
        int nl = i;
        while (nl < end && b[nl] != '\n') {
          nl++;
        }
        out.write(b, i, Math.min(nl + 1, end) - i);
        streamingLongLine = nl == end;
        i = Math.min(nl, end - 1);
      } else {
        write(b[i]);
      }
    }
  }

  /**
   * At the end of the script: true when its last statement was {@code COMMIT;}, which is dropped
   * (the lines after it are passed on); false when the script did not end with one, i.e. pg_restore
   * did not finish.
   */
  boolean endWithoutCommit() throws IOException {
    if (lineLength > 0 && !streamingLongLine) {
      line[lineLength++] = '\n';
      endLine();
    }
    if (!holding) {
      return false;
    }
    int afterCommit = COMMIT.length;
    while (afterCommit < held.length && held[afterCommit - 1] != '\n') {
      afterCommit++;
    }
    out.write(held, afterCommit, held.length - afterCommit);
    held = new byte[0];
    holding = false;
    out.flush();
    return true;
  }

  private void endLine() throws IOException {
    int length = lineLength;
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
      length--;
    }
    if (Arrays.equals(line, 0, length, COMMIT, 0, COMMIT.length)) {
      release();
      holding = true;
      hold();
    } else if (holding
        && (isBlank(length) || startsWith("--", length) || startsWith("\\", length))) {
      hold();
    } else {
      release();
      out.write(line, 0, lineLength);
    }
    lineLength = 0;
  }

  private void hold() throws IOException {
    if (held.length + lineLength > MAX_TRAILER) {
      // Not the few lines pg_restore ends with: whatever this is, the COMMIT before it was not the
      // last statement.
      release();
      out.write(line, 0, lineLength);
      return;
    }
    byte[] more = Arrays.copyOf(held, held.length + lineLength);
    System.arraycopy(line, 0, more, held.length, lineLength);
    held = more;
  }

  private void release() throws IOException {
    if (holding) {
      out.write(held);
      held = new byte[0];
      holding = false;
    }
  }

  private boolean isBlank(int length) {
    for (int i = 0; i < length; i++) {
      if (line[i] != ' ' && line[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(String prefix, int length) {
    return length >= prefix.length()
        && new String(line, 0, prefix.length(), StandardCharsets.US_ASCII).equals(prefix);
  }
}
