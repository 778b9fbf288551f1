package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  @Test
  void waitsGrowByHalfUpToTheMaximumAndTheLastOneEndsOnTheDeadline() throws Exception {
    FakeClock clock = FakeClock.virtual();
    PollSchedule schedule =
        new PollSchedule(
            clock, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(20));
    int polls = 0;
    while (schedule.awaitNext()) {
      polls++;
    }
    assertThat(clock.sleeps())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMillis(7500),
            Duration.ofMillis(11250),
            Duration.ofMillis(16875),
            Duration.ofMillis(19375));
    assertThat(polls).isEqualTo(5);
  }

  @Test
  void aZeroTimeoutNeverWaits() throws Exception {
    FakeClock clock = FakeClock.virtual();
    assertThat(
            new PollSchedule(clock, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(20))
                .awaitNext())
        .isFalse();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void aReportingScheduleSaysEachNewStateAndAnUnchangedOneEveryThirtySeconds() throws Exception {
    FakeClock clock = FakeClock.virtual();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Log log = new Log(out, new Masker(out), false, () -> "t");
    PollSchedule schedule =
        new PollSchedule(clock, Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
            .reporting(log, "Render deploy dep-1");
    int polls = 0;
    while (schedule.awaitNext()) {
      schedule.saw(++polls < 15 ? "build_in_progress" : "update_in_progress");
    }

    // Polls at 5, 10, ... 120 s: build_in_progress until 70 s, printed at 5 s and again at 35 and
    // 65 s with a count.
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "Render deploy dep-1: build_in_progress, 115s left",
            "Render deploy dep-1: build_in_progress (unchanged, 6 checks), 85s left",
            "Render deploy dep-1: build_in_progress (unchanged, 6 checks), 55s left",
            "Render deploy dep-1: update_in_progress, 45s left",
            "Render deploy dep-1: update_in_progress (unchanged, 6 checks), 15s left");
  }
}
