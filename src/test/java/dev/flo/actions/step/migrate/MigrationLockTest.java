package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lock that is not taken gives its connection back, whatever ended the wait. */
class MigrationLockTest {
  static final long KEY = 4242;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final Log log =
      new Log(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new Masker(new PrintStream(out, true, StandardCharsets.UTF_8)),
          false,
          () -> "t");

  @Test
  void aWaitThatTimesOutClosesItsConnectionAndSaysHowLongItWaited() throws Exception {
    TestDatabase db = TestDatabase.fresh();
    try (Connection holder = db.connect()) {
      holder.createStatement().execute("SELECT pg_advisory_lock(" + KEY + ")");
      Connection waiter = db.connect();
      assertThatThrownBy(
              () ->
                  MigrationLock.acquire(
                      waiter, KEY, Duration.ofSeconds(3), FakeClock.virtual(), log))
          .isInstanceOf(StepFailure.class)
          .hasMessageContaining("wait-for-lock (3s)");
      assertThat(waiter.isClosed()).isTrue();
    }
  }

  @Test
  void theWaitingMessageNamesTheHolderButNeverQuotesItsQuery() throws Exception {
    TestDatabase db = TestDatabase.fresh();
    try (Connection holder = db.connect()) {
      holder.createStatement().execute("SET application_name = 'other-deploy'");
      holder
          .createStatement()
          .execute("SELECT 'pw-literal-s3cret' AS password, pg_advisory_lock(" + KEY + ")");
      Connection waiter = db.connect();
      assertThatThrownBy(
              () ->
                  MigrationLock.acquire(
                      waiter, KEY, Duration.ofSeconds(3), FakeClock.virtual(), log))
          .isInstanceOf(StepFailure.class)
          .hasMessageContaining("application 'other-deploy', idle, holding it for at most")
          .hasMessageContaining("pid ")
          .hasMessageNotContaining("s3cret");
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("held by pid ")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void anInterruptedWaitClosesItsConnection() throws Exception {
    TestDatabase db = TestDatabase.fresh();
    try (Connection holder = db.connect()) {
      holder.createStatement().execute("SELECT pg_advisory_lock(" + KEY + ")");
      Connection waiter = db.connect();
      assertThatThrownBy(
              () ->
                  MigrationLock.acquire(
                      waiter,
                      KEY,
                      Duration.ofMinutes(5),
                      FakeClock.virtual().interruptedOnSleep(),
                      log))
          .isInstanceOf(InterruptedException.class);
      assertThat(waiter.isClosed()).as("the waiting session is given back").isTrue();
    }
  }
}
