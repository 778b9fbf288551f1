package dev.flo.actions.provider.pgquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.flo.actions.provider.pgquery.PgQueryLibrary.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser the jar carries loads with no system library, leaves nothing behind, and is Debian's
 * exact bytes.
 */
class PgQueryLibraryTest {
  @TempDir Path tmp;

  @Test
  void theCarriedCopyParsesWithNoSystemLibraryAndLeavesNothingBehind() throws Exception {
    assumeThat(Platform.current().folder())
        .as("a platform the jar carries libpg_query for")
        .isNotNull();

    PgQuery parser = PgQuery.load(Platform.current(), List.of(), tmp);

    assertThat(parser.source()).startsWith(tmp.toString()).endsWith("/libpg_query.so");
    assertThat(parser.parse("CREATE INDEX users_email ON users (email)").tree().has("IndexStmt"))
        .isTrue();
    assertThat(parser.parse("ALTER TABLE users FROBNICATE").error()).contains("syntax error");
    // Extracted, opened and unlinked at once: the mapping stays, the file and its private directory
    // do not.
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void theProcessWideParserIsTheCarriedCopyNotTheSystemOne() throws Exception {
    assumeThat(Platform.current().folder()).isNotNull();

    assertThat(PgQuery.load().source())
        .startsWith(System.getProperty("java.io.tmpdir"))
        .endsWith("/libpg_query.so");
  }

  @Test
  void whereNothingIsCarriedTheMessageNamesThePlatformAndWhereItWorks() {
    assertThatThrownBy(
            () ->
                PgQuery.load(
                    new Platform("Mac OS X", "aarch64"), List.of("libpg_query.dylib.missing"), tmp))
        .isInstanceOf(ParserUnavailableException.class)
        .hasMessage(
            "PostgreSQL's parser (libpg_query) is not available on Mac OS X aarch64: the jar carries it for Linux x86-64 and arm64 only, and no system libpg_query is installed.");
  }

  @Test
  void whereNothingIsCarriedASystemLibraryStillServes() throws Exception {
    assumeThat(Platform.current().folder()).isNotNull();
    // A "system" library by absolute path (dlopen takes those as they are), so the test needs none
    // installed.
    Path system = Files.createDirectories(tmp.resolve("usr-lib")).resolve("libpg_query.so.1504.0");
    try (InputStream in = carried(Platform.current().folder())) {
      Files.copy(in, system);
    }

    PgQuery parser =
        PgQuery.load(
            new Platform("Linux", "riscv64"),
            List.of(tmp.resolve("nothing.so").toString(), system.toString()),
            tmp);

    assertThat(parser.source()).isEqualTo(system.toString());
    assertThat(parser.parse("DROP TABLE users").tree().has("DropStmt")).isTrue();
  }

  @Test
  void aCarriedCopyThatCannotBeWrittenSaysWhy() {
    assumeThat(Platform.current().folder()).isNotNull();

    assertThatThrownBy(
            () -> PgQuery.load(Platform.current(), List.of(), tmp.resolve("missing-tmp")))
        .isInstanceOf(ParserUnavailableException.class)
        .hasMessageStartingWith("PostgreSQL's parser (libpg_query, carried in the jar for Linux ")
        .hasMessageContaining(
            "writing it under "
                + tmp.resolve("missing-tmp")
                + " failed (java.nio.file.NoSuchFileException: ")
        .hasMessageEndingWith(
            "point java.io.tmpdir at a writable directory, e.g. JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<dir>.");
  }

  @Test
  void platformsMapToTheCarriedFolders() {
    assertThat(new Platform("Linux", "amd64").folder()).isEqualTo("linux-x86_64");
    assertThat(new Platform("Linux", "aarch64").folder()).isEqualTo("linux-aarch64");
    assertThat(new Platform("Linux", "s390x").folder()).isNull();
    assertThat(new Platform("Mac OS X", "aarch64").folder()).isNull();
    assertThat(new Platform("Windows 11", "amd64").folder()).isNull();
  }

  /**
   * The blobs are what natives/fetch-libpg-query.sh pins (Debian's bytes), so the script's check
   * covers them.
   */
  @Test
  void theCarriedCopiesAreTheBytesTheFetchScriptPins() throws Exception {
    String script = Files.readString(Path.of("natives/fetch-libpg-query.sh"));
    Matcher pinned =
        Pattern.compile("\"\\w+ (linux-\\w+) +\\p{XDigit}{64} (\\p{XDigit}{64})\"").matcher(script);
    int checked = 0;
    while (pinned.find()) {
      try (InputStream in = carried(pinned.group(1))) {
        assertThat(sha256(in)).as(pinned.group(1)).isEqualTo(pinned.group(2));
      }
      checked++;
    }
    assertThat(checked).isEqualTo(PgQueryLibrary.CARRIED.size());
  }

  private static InputStream carried(String folder) {
    InputStream in =
        PgQueryLibraryTest.class.getResourceAsStream(
            "/natives/libpg_query/" + folder + "/libpg_query.so");
    assertThat(in).as(folder).isNotNull();
    return in;
  }

  private static String sha256(InputStream in)
      throws IOException, java.security.NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
