package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldCommitTest {
  private static String pass(String script, int chunk, boolean[] ended) throws Exception {
    var out = new ByteArrayOutputStream();
    var held = new HeldCommit(out);
    byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      held.write(bytes, i, Math.min(chunk, bytes.length - i));
    }
    ended[0] = held.endWithoutCommit();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onlyTheFinalCommitIsHeldBackWhateverTheChunks() throws Exception {
    String longRow = "7\t" + "x".repeat(5000) + "\n";
    String body =
        "BEGIN;\n\nCOPY public.notes (id, body) FROM stdin;\n1\tCOMMIT;\nCOMMIT;\n"
            + longRow
            + "\\.\n\n"
            + "CREATE PROCEDURE p() LANGUAGE plpgsql AS $$\nBEGIN\nCOMMIT;\nEND\n$$;\n\n";
    String script =
        body + "COMMIT;\n\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n";
    for (int chunk : new int[] {1, 3, 4096, 1 << 16}) {
      boolean[] ended = {false};
      assertThat(pass(script, chunk, ended))
          .isEqualTo(
              body + "\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n");
      assertThat(ended[0]).isTrue();
    }
  }

  @Test
  void aScriptCutOffBeforeItsCommitSaysSo() throws Exception {
    boolean[] ended = {true};
    String cut = "BEGIN;\n\nCOPY public.notes (id, body) FROM stdin;\n1\tCOMMIT;\n";
    assertThat(pass(cut + "2\tmore", 5, ended)).isEqualTo(cut + "2\tmore\n");
    assertThat(ended[0]).isFalse();
  }
}
