package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.ActionMetadata;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README is the user's door: every step, input and output the code declares is documented there. */
class ReadmeTest {
  private final String readme = read();

  private static String read() {
    try {
      return Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String section(String step) {
    int start = readme.indexOf("\n### " + step + "\n");
    assertThat(start).as("README has no '### %s' section", step).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    int nextStep = readme.indexOf("\n### ", start + 1);
    if (nextStep >= 0 && (end < 0 || nextStep < end)) {
      end = nextStep;
    }
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  @Test
  void everyStepHasASectionWithAUsageExample() {
    for (StepDefinition step : Steps.ALL) {
      assertThat(section(step.name())).as("usage example for %s", step.name()).contains("flo-actions/flo-actions/" + ActionMetadata.folder(step, Steps.TOP_LEVEL) + "@v1");
    }
  }

  @Test
  void generatedTablesMatchTheDefinitions() {
    assertThat(ActionMetadata.withReadmeTables(readme, Steps.ALL))
        .as("README's generated tables drifted; regenerate with: ./mvnw -q -DskipTests package && java -jar target/flo-actions.jar generate-metadata .")
        .isEqualTo(readme);
    assertThat(readme).contains(ActionMetadata.readmeStart(Steps.DEPLOY));
  }

  @Test
  void deployComesFirst() {
    assertThat(readme.indexOf("\n### deploy\n")).isLessThan(readme.indexOf("\n### lint-gate\n"));
  }

  @Test
  void everyInputAndOutputIsInItsStepsTable() {
    for (StepDefinition step : Steps.ALL) {
      String section = section(step.name());
      var rows = section.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(0, l.indexOf(" |", 2) + 1)).toList();
      for (InputDef input : step.inputs()) {
        assertThat(rows).as("README %s documents input %s in a table row", step.name(), input.name()).anyMatch(r -> r.contains("`" + input.name() + "`"));
      }
      for (OutputDef output : step.outputs()) {
        assertThat(rows).as("README %s documents output %s in a table row", step.name(), output.name()).anyMatch(r -> r.contains("`" + output.name() + "`"));
      }
    }
  }
}
