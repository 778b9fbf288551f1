package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSummaryTest {
  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The step thread writes while the cancel hook may render: a write must wait for a render in
   * progress.
   */
  @Test
  void aWriteWaitsWhileTheSummaryIsBeingRendered() throws Exception {
    StepSummary summary = new StepSummary();
    Thread writer;
    synchronized (summary) {
      writer = Thread.ofPlatform().start(() -> summary.heading(2, "late"));
      while (writer.isAlive() && writer.getState() != Thread.State.BLOCKED) {
        Thread.onSpinWait();
      }
      assertThat(writer.getState()).isEqualTo(Thread.State.BLOCKED);
      assertThat(summary.isEmpty()).isTrue();
    }
    writer.join();
    assertThat(summary.render()).isEqualTo("## late\n\n");
  }

  @Test
  void aSummaryOverOneMebibyteIsCutAtALineWithAVisibleMarker() {
    StepSummary summary = new StepSummary().heading(2, "Findings");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      rows.add(List.of("row " + i, "a finding with some text"));
    }
    summary.table(List.of("Row", "Finding"), rows);
    String md = summary.render();
    assertThat(bytes(md)).isLessThanOrEqualTo(StepSummary.LIMIT_BYTES);
    assertThat(md)
        .startsWith("## Findings")
        .endsWith(StepSummary.TRUNCATED)
        .contains("exceeded GitHub's 1 MiB limit");
    String beforeMarker = md.substring(0, md.length() - StepSummary.TRUNCATED.length());
    assertThat(beforeMarker).endsWith(" |");
  }

  @Test
  void multiByteCharactersAreNeverSplit() {
    for (int shift = 0; shift < 4; shift++) {
      // One long line of 3- and 4-byte characters: the cut cannot fall on a line end, only between
      // characters.
      String text = "x".repeat(shift) + "日本🚀".repeat(200);
      String md = new StepSummary().raw(text).render(500);
      assertThat(bytes(md)).isLessThanOrEqualTo(500);
      String kept = md.substring(0, md.length() - StepSummary.TRUNCATED.length());
      assertThat(kept).doesNotContain("\uFFFD");
      assertThat(text).startsWith(kept);
      assertThat(
              kept.codePoints()
                  .allMatch(
                      cp ->
                          !Character.isSurrogate((char) cp)
                              || Character.isSupplementaryCodePoint(cp)))
          .isTrue();
    }
  }

  @Test
  void aSummaryUnderTheLimitIsUntouched() {
    String md = new StepSummary().heading(1, "Deploy").paragraph("Done.").render();
    assertThat(md).isEqualTo("# Deploy\n\nDone.\n\n");
  }

  @Test
  void cellsCannotBreakTheTable() {
    String md = new StepSummary().table(List.of("a"), List.of(List.of("x | y\nz <b>"))).render();
    assertThat(md).contains("| x \\| y<br>z &lt;b&gt; |");
  }
}
