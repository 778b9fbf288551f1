package dev.flo.actions.provider.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BlockKitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDocumentedLimitHoldsForOversizedParts() {
    List<String> fields =
        IntStream.range(0, 700).mapToObj(i -> "*F" + i + "*\n" + "v".repeat(2_500)).toList();
    List<String> context = IntStream.range(0, 14).mapToObj(i -> "c" + i).toList();
    ArrayNode blocks =
        new BlockKit()
            .header("h".repeat(400))
            .section("s".repeat(9_000))
            .fields(fields)
            .context(context)
            .toJson(BlockKit.MAX_BLOCKS, BlockKit.MAX_TOTAL_JSON);

    var message = JSON.createObjectNode().put("text", "t");
    message.set("blocks", blocks);
    assertThat(SlackFake.limits(message))
        .as("the fake, which enforces Slack's limits, accepts it")
        .isNull();
    assertThat(blocks.size()).isLessThanOrEqualTo(50);
    assertThat(blocks.toString().length()).isLessThanOrEqualTo(BlockKit.MAX_TOTAL_JSON);
    assertThat(blocks.get(0).path("text").path("text").asText())
        .hasSizeLessThanOrEqualTo(150)
        .startsWith("hhh")
        .endsWith(Mrkdwn.CUT_MARKER);
    assertThat(blocks.get(1).path("text").path("text").asText()).endsWith(Mrkdwn.CUT_MARKER);
    assertThat(blocks.get(blocks.size() - 1).toString()).contains("more blocks not shown");
  }

  @Test
  void contextKeepsTenElementsJoiningTheRest() {
    ArrayNode blocks =
        new BlockKit()
            .context(IntStream.range(0, 13).mapToObj(i -> "c" + i).toList())
            .toJson(50, 12_000);

    JsonNode elements = blocks.get(0).path("elements");
    assertThat(elements).hasSize(10);
    assertThat(elements.get(9).path("text").asText()).isEqualTo("c9  c10  c11  c12");
  }

  @Test
  void smallMessagesAreLeftAlone() {
    ArrayNode blocks =
        new BlockKit()
            .header("Deployed")
            .section("all *good*")
            .fields(List.of("*A*\n1", "*B*\n2"))
            .toJson(50, 12_000);

    assertThat(blocks.toString())
        .isEqualTo(
            "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Deployed\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"all *good*\"}},"
                + "{\"type\":\"section\",\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*A*\\n1\"},{\"type\":\"mrkdwn\",\"text\":\"*B*\\n2\"}]}]");
  }

  @Test
  void escapingAndCuttingKeepTextIntact() {
    assertThat(Mrkdwn.escape("a & <b> \"c\" `d` 🚀")).isEqualTo("a &amp; &lt;b&gt; \"c\" `d` 🚀");
    assertThat(Mrkdwn.link("https://x.test/?a=1&b=|2", "a|b <c>"))
        .isEqualTo("<https://x.test/?a=1&amp;b=%7C2|a¦b &lt;c&gt;>");
    String emoji = "x".repeat(92) + "🚀".repeat(5);
    assertThat(Mrkdwn.cut(emoji, 100)).isEqualTo("x".repeat(92) + Mrkdwn.CUT_MARKER);
    assertThat(Mrkdwn.cut("x".repeat(90) + Mrkdwn.escape("&&&&"), 100))
        .isEqualTo("x".repeat(90) + Mrkdwn.CUT_MARKER);
    assertThat(Mrkdwn.cut("x".repeat(88) + Mrkdwn.escape("&&&&"), 100))
        .isEqualTo("x".repeat(88) + "&amp;" + Mrkdwn.CUT_MARKER);
    String link = "x".repeat(80) + Mrkdwn.link("https://example.com/long", "label");
    assertThat(Mrkdwn.cut(link, 100)).isEqualTo("x".repeat(80) + Mrkdwn.CUT_MARKER);
  }
}
