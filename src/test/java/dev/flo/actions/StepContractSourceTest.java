package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.runner.Masker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The typed step contract holds in the code: a step names an input or output only through its
 * declared constant, so a misspelt name cannot compile; and every declared default reads.
 */
class StepContractSourceTest {
  private static final Path STEPS = Path.of("src/main/java/dev/flo/actions/step");

  /**
   * Readers of other tools' report formats: their field names ("uri", "text", "suggestions") are
   * the formats', not ours.
   */
  private static final Set<String> FOREIGN_FORMATS = Set.of("lintgate/report");

  /**
   * Where a name is declared: an input's or output's {@code named("…")}, deploy's wiring of a
   * composed step's name.
   */
  private static final Pattern DECLARATION =
      Pattern.compile("(named|composedInput|composedOutput)\\(\\s*\"[^\"]*\"");

  /**
   * A line may hold a value that happens to spell a name (deploy's outcome {@code rolled-back})
   * when it says so.
   */
  private static final String VALUE_MARK = "// a value, not a name";

  /** A string literal of exactly an input's or output's name, outside its declaration. */
  @Test
  void noStepCodeSpellsAnInputOrOutputName() throws IOException {
    List<String> names = new ArrayList<>();
    for (StepDefinition s : Steps.ALL) {
      s.inputs().stream().map(InputDef::name).forEach(names::add);
      s.outputs().stream().map(OutputDef::name).forEach(names::add);
    }
    Pattern literal =
        Pattern.compile(
            "\"("
                + String.join("|", names.stream().distinct().map(Pattern::quote).toList())
                + ")\"");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(STEPS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (FOREIGN_FORMATS.contains(
            STEPS.relativize(f).getParent().toString().replace('\\', '/'))) {
          continue;
        }
        String text = DECLARATION.matcher(Files.readString(f)).replaceAll("$1(declared");
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains(VALUE_MARK)) {
            continue;
          }
          Matcher m = literal.matcher(lines.get(i));
          while (m.find()) {
            found.add(STEPS.relativize(f) + ":" + (i + 1) + " spells \"" + m.group(1) + "\"");
          }
        }
      }
    }
    assertThat(found).as("use the step's Input/Output constant instead").isEmpty();
  }

  /**
   * A default is read by the input's own reader: one that does not read fails here, not in a user's
   * workflow.
   */
  @Test
  void everyDeclaredDefaultReads() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    for (StepDefinition s : Steps.ALL) {
      Inputs in = new Inputs(s, Map.of(), new Masker(nowhere));
      s.typedInputs().stream().filter(i -> !i.def().required()).forEach(in::get);
      assertThat(in.problems()).as(s.name()).isEmpty();
      for (Input<?> i : s.typedInputs()) {
        assertThat(s.input(i.name())).as(s.name() + " " + i).contains(i.def());
      }
    }
  }
}
