package dev.flo.actions.runtime.runner;

import static dev.flo.actions.testing.RunnerFileCommands.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * First the test-side parser is held to the runner's own L0 cases (runner
 * src/Test/L0/Worker/FileCommandTestBase.cs, SetOutputFileCommandL0.cs; Linux line ends), then
 * every value {@link FileCommand} writes must read back identical.
 */
class FileCommandConformanceTest {
  @TempDir Path tmp;

  private static String lines(String... lines) {
    return String.join("\n", lines);
  }

  // --- The runner's L0 cases, against the test-side parser ---

  @Test
  void l0SimpleAndEmptyFile() {
    assertThat(parse("")).isEmpty();
    assertThat(parse(lines("MY_KEY=MY VALUE"))).containsExactly(Map.entry("MY_KEY", "MY VALUE"));
  }

  @Test
  void l0SimpleSkipEmptyLinesEmptyValueMultipleValues() {
    assertThat(parse(lines("", "MY_KEY=my value", "", "MY_KEY_2=my second value", "")))
        .containsExactly(Map.entry("MY_KEY", "my value"), Map.entry("MY_KEY_2", "my second value"));
    assertThat(parse(lines("MY_KEY="))).containsExactly(Map.entry("MY_KEY", ""));
    assertThat(parse(lines("MY_KEY=my value", "MY_KEY_2=", "MY_KEY_3=my third value")))
        .containsExactly(
            Map.entry("MY_KEY", "my value"),
            Map.entry("MY_KEY_2", ""),
            Map.entry("MY_KEY_3", "my third value"));
  }

  @Test
  void l0SimpleSpecialCharacters() {
    assertThat(parse(lines("MY_KEY==abc", "MY_KEY_2=def=ghi", "MY_KEY_3=jkl=")))
        .containsExactly(
            Map.entry("MY_KEY", "=abc"),
            Map.entry("MY_KEY_2", "def=ghi"),
            Map.entry("MY_KEY_3", "jkl="));
  }

  @Test
  void l0HeredocEmptyValueAndSkipEmptyLines() {
    assertThat(parse(lines("MY_KEY<<EOF", "line one", "line two", "line three", "EOF")))
        .containsExactly(Map.entry("MY_KEY", "line one\nline two\nline three"));
    assertThat(parse(lines("MY_KEY<<EOF", "EOF"))).containsExactly(Map.entry("MY_KEY", ""));
    assertThat(
            parse(
                lines(
                    "",
                    "MY_KEY<<EOF",
                    "hello",
                    "world",
                    "EOF",
                    "",
                    "MY_KEY_2<<EOF",
                    "HELLO",
                    "AGAIN",
                    "EOF",
                    "")))
        .containsExactly(
            Map.entry("MY_KEY", "hello\nworld"), Map.entry("MY_KEY_2", "HELLO\nAGAIN"));
  }

  @Test
  void heredocEdgeCasesFromL0() {
    // The cases of FileCommandTestBase.TestHeredoc_EdgeCases that every runner version since 2.30x
    // parses alike.
    assertThat(
            parse(
                lines(
                    "MY_KEY_1<<EOF",
                    "hello",
                    "",
                    "three",
                    "",
                    "EOF",
                    "MY_KEY_3<<EOF",
                    " EOF",
                    "EOF",
                    "MY_KEY_4<<EOF",
                    "EOF EOF",
                    "EOF",
                    "MY_KEY_5=abc << def",
                    "")))
        .containsExactly(
            Map.entry("MY_KEY_1", "hello\n\nthree\n"),
            Map.entry("MY_KEY_3", " EOF"),
            Map.entry("MY_KEY_4", "EOF EOF"),
            Map.entry("MY_KEY_5", "abc << def"));
  }

  @Test
  void l0HeredocSpecialCharacters() {
    assertThat(
            parse(
                lines(
                    "MY_OUTPUT<<=EOF",
                    "hello",
                    "one",
                    "=EOF",
                    "MY_OUTPUT_2<<<EOF",
                    "hello",
                    "two",
                    "<EOF",
                    "MY_OUTPUT_3<<EOF",
                    "hello",
                    "",
                    "three",
                    "",
                    "EOF",
                    "MY_OUTPUT_4<<EOF",
                    "hello=four",
                    "EOF",
                    "MY_OUTPUT_5<<EOF",
                    " EOF",
                    "EOF")))
        .containsExactly(
            Map.entry("MY_OUTPUT", "hello\none"),
            Map.entry("MY_OUTPUT_2", "hello\ntwo"),
            Map.entry("MY_OUTPUT_3", "hello\n\nthree\n"),
            Map.entry("MY_OUTPUT_4", "hello=four"),
            Map.entry("MY_OUTPUT_5", " EOF"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "EOF",
        "ghadelimiter_9f7c1e6a-0b3d-4c1e-a7a2-5d7e8f9a0b1c",
        "<<EOF>>",
        "=EOF=",
        "khkIhPxsVA"
      })
  void l0HeredocEndMarkerVariations(String eof) {
    assertThat(
            parse(
                lines(
                    "MY_KEY_1<<" + eof,
                    "hello",
                    "one",
                    eof,
                    "MY_KEY_2<<" + eof,
                    "hello=two",
                    eof,
                    "MY_KEY_3<<" + eof,
                    " " + eof,
                    eof,
                    "MY_KEY_4<<" + eof,
                    eof + " " + eof,
                    eof)))
        .containsExactly(
            Map.entry("MY_KEY_1", "hello\none"),
            Map.entry("MY_KEY_2", "hello=two"),
            Map.entry("MY_KEY_3", " " + eof),
            Map.entry("MY_KEY_4", eof + " " + eof));
  }

  @Test
  void l0HeredocMissingNewLine() {
    assertThatThrownBy(() -> parse("MY_KEY<<EOF line one line two line three EOF"))
        .hasMessageContaining("Matching delimiter not found");
    assertThatThrownBy(() -> parse("MY_KEY<<EOF line one\n    line two\n    line three EOF"))
        .hasMessageContaining("EOF marker missing new line");
  }

  @Test
  void l0HeredocPreservesNewlineAndTheDelimiterMayEndTheFile() {
    assertThat(parse(lines("MY_KEY<<EOF", "hello", "world", "EOF")))
        .containsEntry("MY_KEY", "hello\nworld");
  }

  @Test
  void linuxKeepsCarriageReturnsInValuesAndDelimiters() {
    assertThat(parse("A=x\r\nB<<EOF\r\nv\r\nEOF\r\n")).containsEntry("A", "x\r");
    assertThatThrownBy(() -> parse("B<<EOF\r\nv\nEOF\n"))
        .hasMessageContaining("Matching delimiter not found 'EOF\r'");
  }

  @Test
  void emptyNameOrDelimiterAndLinesWithoutAFormAreErrors() {
    assertThatThrownBy(() -> parse("<<EOF\nv\nEOF\n"))
        .hasMessageContaining("Name must not be empty and delimiter must not be empty");
    assertThatThrownBy(() -> parse("NAME<<\nv\n\n"))
        .hasMessageContaining("delimiter must not be empty");
    assertThatThrownBy(() -> parse("just text\n")).hasMessage("Invalid format 'just text'");
    // The runner's empty-name check in the '=' form tests the whole line, so it lets this through.
    assertThat(parse("=value\n")).containsEntry("", "value");
  }

  @Test
  void laterDuplicatesOverwrite() {
    assertThat(parse("A=1\nA<<EOF\n2\nEOF\n")).containsExactly(Map.entry("A", "2"));
  }

  // --- What FileCommand writes reads back identical ---

  @Test
  void everyKindOfValueRoundTripsThroughARealFile() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("empty", "");
    values.put("plain", "v1.2.3");
    values.put("multi-line", "line one\nline two\n\nline four");
    values.put("equals", "a=b==c=");
    values.put("heredoc-marker", "x<<EOF\n<<\nEOF\nname<<EOF");
    values.put("unicode", "Grüße, 日本語, emoji 🚀, combining é, rtl עברית");
    values.put("cr", "one\rtwo\r\nthree\r");
    values.put("trailing-newline", "text\n");
    values.put("only-newlines", "\n\n");
    values.put("spaces", "  padded  ");
    values.put("looks-like-a-delimiter", "ghadelimiter_00000000-0000-0000-0000-000000000000");
    values.put("json", "{\"a\":[1,2],\"b\":\"c=d\"}");
    values.put("very-long", "0123456789abcdef\n".repeat(64 * 1024));
    Path file = Files.createFile(tmp.resolve("set_output_x"));
    FileCommand command = new FileCommand(file, Launcher.randomDelimiters(), new Masker(null));
    values.forEach(command::append);
    assertThat(Files.size(file)).isGreaterThan(1024 * 1024);
    String written = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(parse(written)).containsExactlyEntriesOf(values);
    // Runner versions differ on header lines that hold both '=' and '<<' (runner PRs #2627, #2738);
    // ours never do.
    assertThat(written.lines().filter(l -> l.contains("<<ghadelimiter_")))
        .hasSize(values.size())
        .noneMatch(l -> l.contains("="));
  }

  @Test
  void theBytesAreTheToolkitHeredocForm() {
    assertThat(FileCommand.encode("name", "a\nb", "ghadelimiter_1"))
        .isEqualTo("name<<ghadelimiter_1\na\nb\nghadelimiter_1\n");
    assertThat(FileCommand.encode("name", "", "D")).isEqualTo("name<<D\n\nD\n");
  }

  @Test
  void aValueContainingTheDelimiterIsRefused() {
    assertThatThrownBy(() -> FileCommand.encode("out", "before\nD\ninjected=1", "D"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains the delimiter");
    assertThatThrownBy(() -> FileCommand.encode("outD", "v", "D"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a=b", "a<<b", "a\nb", "a\rb"})
  void namesTheRunnerWouldMisparseAreRefused(String name) {
    assertThatThrownBy(() -> FileCommand.encode(name, "v", "D"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
