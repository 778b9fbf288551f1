package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.StepDefinition;
import org.junit.jupiter.api.Test;

/** The by-name index that lets a run build only its own step's definition. */
class StepsTest {
  @Test
  void everyStepIsFoundByItsOwnNameAndNothingElseIs() {
    for (StepDefinition step : Steps.ALL) {
      assertThat(Steps.ByName.find(step.name())).containsSame(step);
    }
    assertThat(Steps.ByName.find("--help")).isEmpty();
    assertThat(Steps.ByName.find("")).isEmpty();
    assertThat(Steps.ByName.find("slack")).isEmpty();
  }
}
