package dev.flo.actions.step.migrate.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** The checksum algorithms of the tools whose tables we write, byte for byte. */
public final class Checksums {
  private Checksums() {}

  /**
   * Lower-case hex SHA-256 of the UTF-8 text: Prisma's {@code checksum} and Drizzle's {@code hash}.
   */
  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Flyway's checksum: CRC32 over the UTF-8 bytes of each line without its terminator, BOM dropped,
   * as a signed int (flyway-core {@code ChecksumCalculator}). Line endings and blank lines
   * therefore do not count.
   */
  public static int flywayCrc32(String text) {
    CRC32 crc = new CRC32();
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      while (line != null) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        line = reader.readLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }

  /**
   * Whether a stored Prisma checksum matches the script. Prisma also accepts the script with CRLF
   * turned to LF and back, and old rows whose hex lost its leading zeros (prisma-engines {@code
   * checksum.rs}, #1887).
   */
  public static boolean prismaMatches(String stored, String script) {
    String s = stored.strip().toLowerCase(java.util.Locale.ROOT);
    for (String variant :
        new String[] {
          script, script.replace("\r\n", "\n"), script.replace("\r\n", "\n").replace("\n", "\r\n")
        }) {
      String hex = sha256(variant);
      if (hex.equals(s) || unpadded(hex).equals(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prisma's pre-2.x formatting printed each byte with {@code {:x}}, dropping a byte's leading
   * zero.
   */
  private static String unpadded(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      String b = hex.substring(i, i + 2);
      sb.append(b.charAt(0) == '0' ? b.substring(1) : b);
    }
    return sb.toString();
  }
}
