package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reporter's cadence and lines, on a clock that moves only when the test says. */
class ProgressTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final FakeClock clock = FakeClock.virtual();
  private static final Duration TEN = Duration.ofSeconds(10);

  private Log log(boolean terminal) {
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Masker masker = new Masker(out);
    masker.mask("s3cr3t-token");
    return new Log(out, masker, false, () -> "t", false, terminal);
  }

  private List<String> lines() {
    return printed.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsEachQuarterOnceWithRateAndTimeLeft() {
    Progress p = Progress.ofBytes(log(false), clock, "Dumping", 400L << 20, false, TEN);
    for (int mib = 1; mib <= 400; mib++) {
      clock.advance(Duration.ofMillis(20));
      p.update((long) mib << 20);
    }
    String last = p.finish();
    // What comes after (the manifest, the summary) does not dilute the rate the summary repeats.
    clock.advance(Duration.ofSeconds(8));

    // 400 MiB in 8 s: 50 MiB/s, and the quarters at 100, 200 and 300 MiB, nothing between them
    // (under 10 s).
    assertThat(lines())
        .containsExactly(
            "Dumping: 100.0 MiB of 400.0 MiB (25%), 50.0 MiB/s, about 6s left",
            "Dumping: 200.0 MiB of 400.0 MiB (50%), 50.0 MiB/s, about 4s left",
            "Dumping: 300.0 MiB of 400.0 MiB (75%), 50.0 MiB/s, about 2s left",
            "Dumping: 400.0 MiB in 8s, average 50.0 MiB/s");
    assertThat(last).isEqualTo(lines().getLast());
    assertThat(p.averageRate()).isEqualTo("50.0 MiB/s");
    assertThat(p.elapsed()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aSlowTransferPrintsAtLeastEveryTenSecondsBetweenQuarters() {
    Progress p =
        Progress.ofBytes(log(false), clock, "Restoring", 1000, true, TEN)
            .withDetail(() -> "ratio 3.0");
    for (int s = 1; s <= 35; s++) {
      clock.advance(Duration.ofSeconds(1));
      p.update(s);
    }

    assertThat(lines())
        .containsExactly(
            "Restoring: 10 B of about 1000 B (1%), 1 B/s, roughly 16m30s left; ratio 3.0",
            "Restoring: 20 B of about 1000 B (2%), 1 B/s, roughly 16m20s left; ratio 3.0",
            "Restoring: 30 B of about 1000 B (3%), 1 B/s, roughly 16m10s left; ratio 3.0");
  }

  @Test
  void aStalledTransferStillPrintsEveryIntervalAndSaysHowLongNothingMoved() {
    Progress p = Progress.ofBytes(log(false), clock, "Dumping", 1000, false, TEN);
    clock.advance(Duration.ofSeconds(2));
    p.update(100);
    clock.advance(Duration.ofSeconds(7));
    p.heartbeat();
    clock.advance(Duration.ofSeconds(1));
    p.heartbeat();
    clock.advance(Duration.ofSeconds(5));
    p.heartbeat();
    clock.advance(Duration.ofSeconds(10));
    p.heartbeat();
    p.finish();
    clock.advance(Duration.ofSeconds(10));
    p.heartbeat();

    assertThat(lines())
        .containsExactly(
            "Dumping: 100 B of 1000 B (10%), 10 B/s, about 90s left",
            "Dumping: 100 B of 1000 B (10%), 4 B/s, about 3m45s left (nothing new for 23s)",
            "Dumping: 100 B in 25s, average 4 B/s");
  }

  @Test
  void anEstimateThatIsExceededStopsShowingAPercentage() {
    Progress p = Progress.ofBytes(log(false), clock, "Dumping", 100, true, TEN);
    clock.advance(Duration.ofSeconds(1));
    p.update(80);
    clock.advance(Duration.ofSeconds(10));
    p.update(150);

    assertThat(lines())
        .containsExactly(
            "Dumping: 80 B of about 100 B (80%), 80 B/s, roughly 250ms left",
            "Dumping: 150 B of about 100 B, 14 B/s");
  }

  @Test
  void withoutATotalOnlyTheIntervalPrints() {
    Progress p = Progress.ofCount(log(false), clock, "Hashing", 0, "files", TEN);
    for (int i = 1; i <= 25; i++) {
      clock.advance(Duration.ofSeconds(1));
      p.add(4);
    }
    p.finish();

    assertThat(lines())
        .containsExactly(
            "Hashing: 40 files, 4.0 files/s",
            "Hashing: 80 files, 4.0 files/s",
            "Hashing: 100 files in 25s, average 4.0 files/s");
  }

  @Test
  void anUnchangedStateIsCountedNotRepeatedAndStillPrintedEveryInterval() {
    Progress p =
        Progress.ofWait(
            log(false), clock, "Waiting for Render deploy dep-1", Duration.ofSeconds(30));
    Duration left = Duration.ofMinutes(10);
    for (String state :
        List.of(
            "build_in_progress",
            "build_in_progress",
            "build_in_progress",
            "build_in_progress",
            "update_in_progress",
            "update_in_progress")) {
      p.state(state, left);
      clock.advance(Duration.ofSeconds(10));
      left = left.minusSeconds(10);
    }

    assertThat(lines())
        .containsExactly(
            "Waiting for Render deploy dep-1: build_in_progress, 10m00s left",
            "Waiting for Render deploy dep-1: build_in_progress (unchanged, 3 checks), 9m30s left",
            "Waiting for Render deploy dep-1: update_in_progress, 9m20s left");
  }

  @Test
  void anUnchangedStateAtTheDeadlineIsNotRepeatedWithNothingLeft() {
    Progress p =
        Progress.ofWait(log(false), clock, "Looking for deploy dep-1", Duration.ofSeconds(30));
    Duration left = Duration.ofSeconds(60);
    for (int i = 0; i <= 12; i++) {
      p.state("not listed yet", left);
      clock.advance(Duration.ofSeconds(5));
      left = left.minusSeconds(5);
    }

    assertThat(lines())
        .containsExactly(
            "Looking for deploy dep-1: not listed yet, 60s left",
            "Looking for deploy dep-1: not listed yet (unchanged, 6 checks), 30s left");
  }

  @Test
  void aSilentCommandIsSaidToBeStillRunningEveryIntervalWithTheTimeLeft() {
    Progress p = Progress.ofWait(log(false), clock, "host-1: pulling the images of v2", TEN);
    Duration left = Duration.ofMinutes(5);
    // Beaten every second, as Progress.watch does: a line only each 10 s, none in the first 10 s.
    for (int s = 1; s <= 25; s++) {
      clock.advance(Duration.ofSeconds(1));
      left = left.minusSeconds(1);
      p.stillRunning(left);
    }
    p.stillRunning(Duration.ofSeconds(-3));
    clock.advance(TEN);
    p.stillRunning(null);

    assertThat(lines())
        .containsExactly(
            "host-1: pulling the images of v2: still running after 10s, 4m50s left",
            "host-1: pulling the images of v2: still running after 20s, 4m40s left",
            "host-1: pulling the images of v2: still running after 35s");
  }

  @Test
  void aLongRetryWaitSaysEveryTenSecondsHowLongItWaitedAndHowLongIsLeft() {
    Progress p =
        Progress.ofWait(log(false), clock, "chat.postMessage: waiting to retry (HTTP 429)", TEN);
    Duration wait = Duration.ofSeconds(45);
    for (int s = 1; s <= 45; s++) {
      clock.advance(Duration.ofSeconds(1));
      p.beat("waited ", wait.minusSeconds(s));
    }

    assertThat(lines())
        .containsExactly(
            "chat.postMessage: waiting to retry (HTTP 429): waited 10s, 35s left",
            "chat.postMessage: waiting to retry (HTTP 429): waited 20s, 25s left",
            "chat.postMessage: waiting to retry (HTTP 429): waited 30s, 15s left",
            "chat.postMessage: waiting to retry (HTTP 429): waited 40s, 5s left");
  }

  @Test
  void aRetryWaitSleepsTheClockInOnePieceWhateverItsLength() throws Exception {
    Log log = log(false);
    Progress.sleep(log, clock, "short", Duration.ofSeconds(7));
    Progress.sleep(log, clock, "long", Duration.ofSeconds(45));

    // The tests' clock sleeps at once, so no beat came due; the waits are what callers asked for,
    // uncut.
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(45));
    assertThat(lines()).isEmpty();
  }

  @Test
  void onATerminalOneLineUpdatesInPlaceAndTheNextMessageStartsBelowIt() {
    Log log = log(true);
    Progress p = Progress.ofBytes(log, clock, "Uploading s3cr3t-token", 4, false, TEN);
    for (int i = 1; i <= 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      p.update(i);
    }
    p.finish();
    log.info("done");

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\rUploading ***: 1 B of 4 B (25%), 1 B/s, about 3s left\u001b[K"
                + "\rUploading ***: 2 B of 4 B (50%), 1 B/s, about 2s left\u001b[K"
                + "\rUploading ***: 3 B of 4 B (75%), 1 B/s, about 1s left\u001b[K"
                + "\rUploading ***: 4 B in 4s, average 1 B/s\u001b[K\n"
                + "done\n");
  }

  @Test
  void bytesReadLikeAPersonWritesThem() {
    assertThat(Progress.bytes(0)).isEqualTo("0 B");
    assertThat(Progress.bytes(1023)).isEqualTo("1023 B");
    assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Progress.bytes(5L << 30)).isEqualTo("5.0 GiB");
  }
}
