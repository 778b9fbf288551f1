package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.testing.RunnerWorkflowCommands;
import dev.flo.actions.testing.RunnerWorkflowCommands.Command;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workflow commands read back through a copy of the runner's parser (runner
 * ActionCommand.TryParseV2, unescape order %0D, %0A, %3A, %2C, %25 last) and annotations normalised
 * as runner ValidateLinesAndColumns does (cases from runner
 * ActionCommandManagerL0.IssueCommandInvalidColumns).
 */
class WorkflowCommandConformanceTest {
  @TempDir Path tmp;

  private static final List<String> TRICKY =
      List.of(
          "plain",
          "100%",
          "%25 literal",
          "%0A literal",
          "%3A%2C literal",
          "%%0D%",
          "line\nbreak",
          "cr\rlf\r\n",
          "a:b,c=d",
          "::error::nested",
          "trailing %",
          "ünïcødé 🚀",
          "##[error]legacy",
          "\n\n",
          "%250A");

  private static Command parse(String line) {
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    return RunnerWorkflowCommands.parse(line)
        .orElseThrow(() -> new AssertionError("runner would not see a command in: " + line));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "100%",
        "%25 literal",
        "%0A literal",
        "%3A%2C literal",
        "%%0D%",
        "line\nbreak",
        "cr\rlf\r\n",
        "a:b,c=d",
        "::error::nested",
        "%250A"
      })
  void messageDataRoundTrips(String message) {
    assertThat(parse(WorkflowCommand.format("warning", message)).data()).isEqualTo(message);
  }

  @Test
  void everyPropertyValueRoundTrips() {
    for (String value : TRICKY) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("file", value);
      props.put("title", "title " + value + " end");
      Command c = parse(WorkflowCommand.format("error", props, value));
      assertThat(c.properties())
          .as(value)
          .containsEntry("file", value)
          .containsEntry("title", "title " + value + " end");
      assertThat(c.data()).isEqualTo(value);
    }
  }

  @Test
  void percentIsEscapedFirstSoNothingIsUnescapedTwice() {
    assertThat(WorkflowCommand.escapeData("%\n")).isEqualTo("%25%0A");
    assertThat(WorkflowCommand.escapeProperty("%:,\r")).isEqualTo("%25%3A%2C%0D");
    // Escaping '%' last would turn "\n" into "%250A", which the runner reads back as the text
    // "%0A".
    assertThat(RunnerWorkflowCommands.unescapeData("%0A".replace("%", "%25"))).isEqualTo("%0A");
  }

  @Test
  void emptyAndNullPropertiesAreOmitted() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("file", null);
    props.put("line", "");
    props.put("title", "T");
    assertThat(WorkflowCommand.format("notice", props, "m")).isEqualTo("::notice title=T::m");
    assertThat(WorkflowCommand.format("notice", new LinkedHashMap<>(), null))
        .isEqualTo("::notice::");
  }

  @Test
  void runnerTrimsTheLastPropertysTrailingSpaces() {
    // A limit of the protocol, not of our encoder: spaces have no escape, and the runner trims the
    // property list.
    assertThat(
            parse(WorkflowCommand.format("error", Map.of("title", "spaced  "), "m")).properties())
        .containsEntry("title", "spaced");
  }

  // --- Annotation normalisation (runner IssueCommandExtension.ValidateLinesAndColumns) ---

  private static Map<String, String> props(Annotation a) {
    return parse(a.toCommand()).properties();
  }

  @Test
  void columnsAreDroppedWhenLinesDiffer() {
    assertThat(props(Annotation.warning("w").at("f", 1, 2, 1, 2)))
        .containsEntry("line", "1")
        .containsEntry("endLine", "2")
        .doesNotContainKeys("col", "endColumn");
  }

  @Test
  void columnsWithoutALineAreDropped() {
    assertThat(props(Annotation.warning("w").at("f", null, null, 1, 2)))
        .doesNotContainKeys("line", "col", "endColumn");
  }

  @Test
  void endLineWithoutLineBecomesTheLineAndEndColumnTheColumn() {
    assertThat(props(Annotation.warning("w").at("f", null, 1, null, null)))
        .containsEntry("line", "1")
        .containsEntry("endLine", "1");
    assertThat(props(Annotation.warning("w").at("f", 1, null, null, 2)))
        .containsEntry("col", "2")
        .containsEntry("endColumn", "2");
  }

  @Test
  void nonsensicalLinesAndColumnsAreDropped() {
    assertThat(props(Annotation.warning("w").at("f", 4, 3, null, null)))
        .doesNotContainKeys("line", "endLine");
    assertThat(props(Annotation.warning("w").at("f", 1, 1, 3, 2)))
        .containsEntry("line", "1")
        .doesNotContainKeys("col", "endColumn");
    assertThat(props(Annotation.warning("w").at("f", 0, -1, 0, null)))
        .doesNotContainKeys("line", "endLine", "col");
  }

  @Test
  void validAndBackwardsCompatibleFormsAreKept() {
    assertThat(props(Annotation.warning("w").at("f", 1, 1, 1, 2)))
        .containsEntry("line", "1")
        .containsEntry("endLine", "1")
        .containsEntry("col", "1")
        .containsEntry("endColumn", "2");
    assertThat(props(Annotation.warning("w").at("test.txt", 1, null, 1, null)))
        .containsEntry("line", "1")
        .containsEntry("col", "1")
        .containsEntry("file", "test.txt")
        .doesNotContainKeys("endLine", "endColumn");
  }

  @Test
  void messagesAreCutAtTheRunnersLimit() {
    String data = parse(Annotation.error("x".repeat(5000)).toCommand()).data();
    assertThat(data).hasSize(Annotation.MAX_MESSAGE).endsWith("…");
  }

  // --- The budget of ten per level, through the launcher ---

  @Test
  void tenPerLevelInRankOrderAndTheRestCountedInTheSummary() throws Exception {
    StepDefinition def =
        new StepDefinition(
            "noisy",
            "Many annotations.",
            List.of(),
            List.of(),
            kit ->
                in -> {
                  IntStream.range(0, 13)
                      .forEach(
                          i ->
                              kit.annotations()
                                  .add(
                                      Annotation.warning("warning rank " + (12 - i))
                                          .withRank(12 - i)));
                  IntStream.range(0, 3)
                      .forEach(i -> kit.annotations().add(Annotation.notice("notice " + i)));
                  kit.annotations().add(Annotation.error("the only error"));
                });
    var result = new StepHarness(def, tmp).run();
    List<Command> warnings =
        result.annotations("warning").stream().map(WorkflowCommandConformanceTest::parse).toList();
    assertThat(warnings)
        .extracting(Command::data)
        .containsExactlyElementsOf(
            IntStream.range(0, 10).mapToObj(i -> "warning rank " + i).toList());
    assertThat(result.annotations("notice")).hasSize(3);
    assertThat(result.annotations("error")).hasSize(1);
    assertThat(result.stdout().indexOf("::error")).isLessThan(result.stdout().indexOf("::warning"));
    assertThat(result.summary()).contains("not shown: 3 warnings");
  }
}
