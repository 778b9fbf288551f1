package dev.flo.actions.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void libcryptoIsUsedWhereTheSystemHasIt() {
    assumeTrue(
        Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
            || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3")));
    assertThat(Sha256.isNative()).isTrue();
    assertThat(Sha256.create().getClass().getSimpleName()).isEqualTo("Native");
  }

  @Test
  void knownAnswers() {
    // FIPS 180-2 appendix B.1 and the empty message.
    assertThat(hex(Sha256.create().digest("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hex(Sha256.create().digest()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sameAsTheJdksWhateverTheWritesAndAfterAReset() {
    byte[] data = new byte[3_000_017];
    new Random(14).nextBytes(data);
    byte[] expected = Sha256.jdk().digest(data);
    MessageDigest d = Sha256.create();
    d.update(data, 0, 1000); // then thrown away
    d.reset();
    Random sizes = new Random(15);
    for (int i = 0; i < data.length; ) {
      int n = Math.min(sizes.nextInt(200_000), data.length - i);
      if (n == 1) {
        d.update(data[i]);
      } else {
        d.update(data, i, n);
      }
      i += n;
    }
    assertThat(d.digest()).isEqualTo(expected);
    // digest() resets: the same digest object hashes the next input from scratch.
    assertThat(d.digest(data)).isEqualTo(expected);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
