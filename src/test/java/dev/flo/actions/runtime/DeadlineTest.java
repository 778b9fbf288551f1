package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final FakeClock clock = FakeClock.virtual();

  @Test
  void countsDownOnTheInjectedClockAndNeverBelowZero() {
    Deadline d = Deadline.after(clock, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(4));
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(6));
    assertThat(d.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(6));
    assertThat(d.cap(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.expired()).isFalse();
    clock.advance(Duration.ofSeconds(7));
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
    assertThat(d.expired()).isTrue();
  }

  @Test
  void theEarlierWinsAndPlusKeepsTheBudgetForMessages() {
    Deadline step = Deadline.after(clock, Duration.ofSeconds(20));
    Deadline call = Deadline.after(clock, Duration.ofSeconds(5));
    assertThat(step.earlier(call)).isSameAs(call);
    assertThat(call.earlier(step)).isSameAs(call);
    assertThat(step.earlier(null)).isSameAs(step);
    Deadline graced = step.plus(Deadline.LAST_CALL);
    assertThat(graced.remaining()).isEqualTo(Duration.ofSeconds(25));
    assertThat(graced.budget()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void anAbsurdBudgetIsCappedNotOverflowed() {
    Deadline d = Deadline.after(clock, Duration.ofDays(365L * 1_000_000_000L));
    assertThat(d.expired()).isFalse();
    assertThat(d.remaining()).isGreaterThan(Duration.ofDays(365L * 50));
    assertThat(Deadline.after(clock, Duration.ofSeconds(-5)).expired()).isTrue();
  }
}
