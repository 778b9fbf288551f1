package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void exactUsesTheLargestWholeUnitAndReadsBackAsAnInput() {
    for (String input : new String[] {"200ms", "1500ms", "90s", "5m", "90m", "2h", "5d", "0s"}) {
      Duration d = Inputs.parseDuration(input);
      assertThat(DurationText.exact(d)).isEqualTo(input);
    }
  }

  @Test
  void roughRoundsToTheSecondAndShowsMinutesPastTwo() {
    assertThat(DurationText.rough(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(DurationText.rough(Duration.ofMillis(54_600))).isEqualTo("55s");
    assertThat(DurationText.rough(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(DurationText.rough(Duration.ofSeconds(302))).isEqualTo("5m02s");
  }
}
