package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootTest {
  @Test
  void readsBothSpecificationVersionStyles() {
    assertThat(Boot.feature("1.8")).isEqualTo(8);
    assertThat(Boot.feature("17")).isEqualTo(17);
    assertThat(Boot.feature("25")).isEqualTo(25);
    assertThat(Boot.feature("garbage")).isZero();
  }

  /** Boot must stay readable by old JVMs: class file version 52 (Java 8). */
  @Test
  void isCompiledForJava8() throws Exception {
    byte[] head = Files.readAllBytes(Path.of("target/classes/dev/flo/actions/Boot.class"));
    int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    assertThat(major).isEqualTo(52);
  }

  /**
   * With an older JVM on the machine (the CI image has Java 17 as its default), the jar says which
   * Java to use.
   */
  @Test
  void anOlderJavaGetsOneSentenceNamingJava25() throws Exception {
    Optional<Path> java17 =
        Optional.of(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"))
            .filter(Files::isExecutable);
    // Nothing older to try where there is no Java 17: then the test says it was skipped (the
    // class-version test
    // above still holds Boot to Java 8).
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java17.isPresent(), "no Java 17 at /usr/lib/jvm/java-17-openjdk-amd64");
    Process p =
        new ProcessBuilder(
                java17.get().toString(), "-cp", "target/classes", "dev.flo.actions.Boot", "--help")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(out)
        .startsWith("flo-actions needs Java 25 or newer, and this is Java 17")
        .doesNotContain("UnsupportedClassVersionError");
  }
}
