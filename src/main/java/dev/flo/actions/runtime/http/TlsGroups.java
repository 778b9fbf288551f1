package dev.flo.actions.runtime.http;

/**
 * The key-exchange groups every TLS client in the process offers (the JDK's, pgjdbc's, the S3
 * client's): the JDK 25 defaults in their order, except that P-384 comes before P-256.
 *
 * <p>Why: the JDK's TLS 1.3 client sends two key shares in its hello, one for the first X25519-type
 * group it offers and one for the first NIST curve (X25519 and P-256 by default). The first P-256
 * key pair in a process builds a table of 64 multiples of the curve's generator in Java, 80-130 ms
 * under the image's C1-only JIT; a P-384 key pair needs no such table. Nearly every server picks
 * X25519, so the NIST share is seldom used at all. Measured ({@code slack-notify} over HTTPS as the
 * image runs it, 16 alternating pairs against the default order, two runs on 2026-12-03 and -04):
 * wall 0.80-0.93x, CPU 0.88-0.95x, the same memory (bench/README.md). Against a server whose
 * certificate chain holds an ECDSA P-256 signature it gains nothing: checking that signature builds
 * the same table (measured 1.00x).
 *
 * <p>Nothing is dropped: a server that takes only P-256 asks for it (a HelloRetryRequest, one more
 * round trip) and gets it. It has to be the system property, read once when the JDK first sets up
 * TLS: the JDK's HTTP client copies a client's SSL parameters without their named groups. A {@code
 * jdk.tls.namedGroups} the user sets (e.g. in {@code JAVA_TOOL_OPTIONS}) is left alone.
 */
public final class TlsGroups {
  static final String PROPERTY = "jdk.tls.namedGroups";

  /** JDK 25's default groups, P-384 moved ahead of P-256 (TlsGroupsTest holds it to the JDK's). */
  static final String ORDER =
      "x25519,secp384r1,secp256r1,secp521r1,x448,ffdhe2048,ffdhe3072,ffdhe4096,ffdhe6144,ffdhe8192";

  private TlsGroups() {}

  /** Sets the order for this process, before anything sets up TLS; a user's own setting wins. */
  public static void apply() {
    String own = System.getProperty(PROPERTY);
    if (own == null || own.isBlank()) {
      System.setProperty(PROPERTY, ORDER);
    }
  }
}
