package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.metadata.ActionMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every step has a page next to its action.yml whose input and output tables are exactly what the
 * code declares.
 */
class StepPagesTest {
  private static final String FIX =
      "regenerate with: ./mvnw -q -DskipTests package && java -jar target/flo-actions.jar generate-metadata .";

  private static String page(StepDefinition step) {
    Path file = Path.of(ActionMetadata.page(step, Steps.TOP_LEVEL));
    assertThat(file).as("%s has no page; %s", step.name(), FIX).exists();
    return ReadmeTest.read(file);
  }

  @Test
  void everyPageHasItsTitleAndAUsageExample() {
    for (StepDefinition step : Steps.ALL) {
      String page = page(step);
      assertThat(page).as("%s's page title", step.name()).startsWith("# " + step.name() + "\n");
      assertThat(page)
          .as("usage example for %s", step.name())
          .contains(
              "uses: flo-actions/flo-actions/"
                  + ActionMetadata.folder(step, Steps.TOP_LEVEL)
                  + "@v1");
    }
  }

  @Test
  void generatedTablesMatchTheDefinitions() {
    for (StepDefinition step : Steps.ALL) {
      String page = page(step);
      assertThat(page)
          .as("%s's page keeps the generated block", step.name())
          .contains(ActionMetadata.readmeStart(step), ActionMetadata.readmeEnd(step));
      assertThat(ActionMetadata.withReadmeTables(page, List.of(step)))
          .as("%s's tables drifted; %s", ActionMetadata.page(step, Steps.TOP_LEVEL), FIX)
          .isEqualTo(page);
    }
  }

  @Test
  void everyInputAndOutputIsInATableRowOfItsPage() {
    for (StepDefinition step : Steps.ALL) {
      List<String> rows =
          page(step)
              .lines()
              .filter(l -> l.startsWith("| `"))
              .map(l -> l.substring(0, l.indexOf(" |", 2) + 1))
              .toList();
      for (InputDef input : step.inputs()) {
        assertThat(rows)
            .as("%s's page documents input %s", step.name(), input.name())
            .anyMatch(r -> r.contains("`" + input.name() + "`"));
      }
      for (OutputDef output : step.outputs()) {
        assertThat(rows)
            .as("%s's page documents output %s", step.name(), output.name())
            .anyMatch(r -> r.contains("`" + output.name() + "`"));
      }
    }
  }

  @Test
  void aDriftedTableIsCaughtAndRegenerated() {
    StepDefinition step = Steps.ALL.getLast();
    String page = page(step);
    String drifted = page.replace("| `dry-run` |", "| `dry-runs` |");
    assertThat(drifted).isNotEqualTo(page);
    assertThat(ActionMetadata.withReadmeTables(drifted, List.of(step))).isEqualTo(page);
  }

  @Test
  void aRequiredInputSaysSoAndANewStepGetsAPageWithTheBlock() {
    InputDef url = InputDef.required("url", "Where to look.");
    StepDefinition step =
        new StepDefinition("look", "Looks.", List.of(url), List.of(), toolkit -> null);
    assertThat(ActionMetadata.readmeTables(step))
        .contains("| `url` | required | Where to look. |")
        .doesNotContain("| Output |");
    assertThat(ActionMetadata.withReadmeTables(ActionMetadata.newPage(step), List.of(step)))
        .startsWith("# look\n")
        .contains("| `url` | required |");
  }
}
