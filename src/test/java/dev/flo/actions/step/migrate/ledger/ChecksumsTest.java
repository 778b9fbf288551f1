package dev.flo.actions.step.migrate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The tools' checksum rules; the round trips with the real Flyway are in FlywayCompatibilityTest.
 */
class ChecksumsTest {
  @Test
  void flywayIgnoresLineEndingsAndTheByteOrderMarkButNotContent() {
    int lf = Checksums.flywayCrc32("CREATE TABLE a (id int);\nSELECT 1;\n");
    assertThat(Checksums.flywayCrc32("\uFEFFCREATE TABLE a (id int);\r\nSELECT 1;\r\n"))
        .isEqualTo(lf);
    assertThat(Checksums.flywayCrc32("CREATE TABLE a (id int);\nSELECT 2;\n")).isNotEqualTo(lf);
  }

  @Test
  void prismaAcceptsCrlfLfVariantsAndUnpaddedHexButNotOtherContent() {
    String lf = "CREATE TABLE a (id int);\nSELECT 1;\n";
    String crlf = lf.replace("\n", "\r\n");
    assertThat(Checksums.prismaMatches(Checksums.sha256(lf), crlf)).isTrue();
    assertThat(Checksums.prismaMatches(Checksums.sha256(crlf), lf)).isTrue();
    String hex = Checksums.sha256(lf);
    StringBuilder unpadded = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      unpadded.append(Integer.toHexString(Integer.parseInt(hex.substring(i, i + 2), 16)));
    }
    assertThat(Checksums.prismaMatches(unpadded.toString(), lf)).isTrue();
    assertThat(Checksums.prismaMatches(hex, "SELECT 2;\n")).isFalse();
  }
}
