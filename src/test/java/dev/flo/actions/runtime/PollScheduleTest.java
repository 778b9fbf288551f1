package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  @Test
  void waitsGrowByHalfUpToTheMaximumAndTheLastOneEndsOnTheDeadline() throws Exception {
    FakeClock clock = FakeClock.virtual();
    PollSchedule schedule = new PollSchedule(clock, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(20));
    int polls = 0;
    while (schedule.awaitNext()) {
      polls++;
    }
    assertThat(clock.sleeps()).containsExactly(
        Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofMillis(11250), Duration.ofMillis(16875), Duration.ofMillis(19375));
    assertThat(polls).isEqualTo(5);
  }

  @Test
  void aZeroTimeoutNeverWaits() throws Exception {
    FakeClock clock = FakeClock.virtual();
    assertThat(new PollSchedule(clock, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(20)).awaitNext()).isFalse();
    assertThat(clock.sleeps()).isEmpty();
  }
}
