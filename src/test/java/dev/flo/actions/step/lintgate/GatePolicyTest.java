package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatePolicyTest {
  @Test
  void failOnSetsZeroToleranceAndBudgetsReplaceIt() {
    GatePolicy errorsOnly = new GatePolicy(FailOn.ERROR, null, null);
    assertThat(errorsOnly.breaches(0, 500, "on changed lines")).isEmpty();
    assertThat(errorsOnly.breaches(1, 0, "on changed lines"))
        .containsExactly("1 error on changed lines");
    assertThat(errorsOnly.describe()).isEqualTo("any error fails, warnings do not fail");

    GatePolicy warnings = new GatePolicy(FailOn.WARNING, 2, null);
    assertThat(warnings.breaches(2, 0, "in the diff")).isEmpty();
    assertThat(warnings.breaches(3, 1, "in the diff"))
        .containsExactly("3 errors in the diff, more than max-errors 2", "1 warning in the diff");
    assertThat(warnings.describe()).isEqualTo("more than 2 errors fail, any warning fails");

    GatePolicy none = new GatePolicy(FailOn.NONE, null, 10);
    assertThat(none.breaches(1000, 10, "in the reports")).isEmpty();
    assertThat(none.breaches(0, 11, "in the reports"))
        .containsExactly("11 warnings in the reports, more than max-warnings 10");
    assertThat(none.describe()).isEqualTo("errors do not fail, more than 10 warnings fail");
  }
}
