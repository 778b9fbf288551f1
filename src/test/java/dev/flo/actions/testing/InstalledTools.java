package dev.flo.actions.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Programs on this machine by name, as {@code command -v} finds them with the sbin folders added
 * (Debian puts sshd and dockerd in /usr/sbin, Docker's docker-ce puts dockerd in /usr/bin, a
 * runner's PATH may lack sbin): no test hard-codes one distribution's paths.
 */
public final class InstalledTools {
  private static final List<String> ALWAYS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private InstalledTools() {}

  /** The first executable of this name on PATH, then in the usual bin and sbin folders. */
  public static Optional<Path> find(String name) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(ALWAYS);
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The names of these tools that {@link #find} does not find. */
  public static List<String> missing(String... names) {
    List<String> absent = new ArrayList<>();
    for (String n : names) {
      if (find(n).isEmpty()) {
        absent.add(n);
      }
    }
    return absent;
  }

  /**
   * Whether an ELF file is statically linked (no {@code PT_INTERP} program header), as a busybox
   * copied alone into an image must be; Debian's and Ubuntu's {@code busybox} package is dynamic,
   * {@code busybox-static} is not.
   */
  public static boolean isStatic(Path elf) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(elf)) {
      head = in.readNBytes(64);
    }
    if (head.length < 64
        || head[0] != 0x7f
        || head[1] != 'E'
        || head[2] != 'L'
        || head[3] != 'F'
        || head[4] != 2) {
      return false; // Not a 64-bit ELF file: a script or a wrapper, not a static binary.
    }
    ByteBuffer h =
        ByteBuffer.wrap(head).order(head[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long phoff = h.getLong(0x20);
    int phentsize = Short.toUnsignedInt(h.getShort(0x36));
    int phnum = Short.toUnsignedInt(h.getShort(0x38));
    byte[] all = Files.readAllBytes(elf);
    ByteBuffer b = ByteBuffer.wrap(all).order(h.order());
    for (int i = 0; i < phnum; i++) {
      long at = phoff + (long) i * phentsize;
      if (at + 4 > all.length) {
        return false;
      }
      if (b.getInt((int) at) == 3) { // PT_INTERP: the dynamic loader this binary asks for.
        return false;
      }
    }
    return true;
  }
}
