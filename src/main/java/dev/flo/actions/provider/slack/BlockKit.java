package dev.flo.actions.provider.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.runtime.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocks that always fit Slack's limits (api.slack.com/reference/block-kit/blocks): long text is
 * cut with a marker, extra blocks are dropped with a note, never a message Slack would refuse with
 * {@code msg_too_long}.
 */
public final class BlockKit {
  /**
   * A message's (and a text object's) {@code text} field: what notifications and screen readers
   * show.
   */
  public static final String TEXT_FIELD = "text";

  public static final int MAX_BLOCKS = 50;
  public static final int MAX_SECTION_TEXT = 3000;
  public static final int MAX_FIELD_TEXT = 2000;
  public static final int MAX_FIELDS = 10;
  public static final int MAX_HEADER = 150;
  public static final int MAX_CONTEXT_ELEMENTS = 10;

  /**
   * Slack answers {@code msg_blocks_too_long} at about 13,000 characters of blocks even when every
   * documented limit is met (slackapi/bolt-js#2509), so the serialized blocks are kept under this.
   */
  public static final int MAX_TOTAL_JSON = 12_000;

  /** A piece of text that may be shortened later to fit the total. */
  private static final class Text {
    private final boolean plain;
    private String value;

    private Text(boolean plain, String value) {
      this.plain = plain;
      this.value = value;
    }

    private void cutTo(int max) {
      value = plain ? Mrkdwn.cutPlain(value, max) : Mrkdwn.cut(value, max);
    }
  }

  /** One block: its type and its texts (a section with {@code fields} has several). */
  private record Block(String type, List<Text> texts) {}

  private static final int SHORTEST_CUT = 120;

  private final List<Block> blocks = new ArrayList<>();

  /** A header in plain text (emoji shortcodes allowed). */
  public BlockKit header(String plainText) {
    blocks.add(
        new Block("header", List.of(new Text(true, Mrkdwn.cutPlain(plainText, MAX_HEADER)))));
    return this;
  }

  /** A section of mrkdwn the caller has escaped. */
  public BlockKit section(String mrkdwn) {
    blocks.add(new Block("section", List.of(mrkdwn(mrkdwn, MAX_SECTION_TEXT))));
    return this;
  }

  /** Two-column mrkdwn fields, ten to a section. */
  public BlockKit fields(List<String> mrkdwn) {
    for (int i = 0; i < mrkdwn.size(); i += MAX_FIELDS) {
      blocks.add(
          new Block(
              "fields",
              mrkdwn.subList(i, Math.min(mrkdwn.size(), i + MAX_FIELDS)).stream()
                  .map(f -> mrkdwn(f, MAX_FIELD_TEXT))
                  .toList()));
    }
    return this;
  }

  /** A line of small mrkdwn elements; more than ten are joined into the last. */
  public BlockKit context(List<String> mrkdwn) {
    List<String> elements =
        new ArrayList<>(mrkdwn.subList(0, Math.min(mrkdwn.size(), MAX_CONTEXT_ELEMENTS - 1)));
    if (mrkdwn.size() >= MAX_CONTEXT_ELEMENTS) {
      elements.add(String.join("  ", mrkdwn.subList(MAX_CONTEXT_ELEMENTS - 1, mrkdwn.size())));
    }
    blocks.add(
        new Block("context", elements.stream().map(e -> mrkdwn(e, MAX_SECTION_TEXT)).toList()));
    return this;
  }

  public BlockKit divider() {
    blocks.add(new Block("divider", List.of()));
    return this;
  }

  public int size() {
    return blocks.size();
  }

  /**
   * The blocks as JSON within the limits: at most {@code maxBlocks} blocks and {@code budget}
   * characters of JSON (what the rest of the message leaves). Long texts are cut first, the last
   * blocks dropped only if that is not enough; either way a marker says so.
   */
  public ArrayNode toJson(int maxBlocks, int budget) {
    List<Block> kept = new ArrayList<>(blocks);
    int dropped = 0;
    while (kept.size() > Math.max(1, maxBlocks - 1)
        && kept.size() + (dropped > 0 ? 1 : 0) > maxBlocks) {
      kept.removeLast();
      dropped++;
    }
    ArrayNode json = render(kept, dropped);
    for (int length = json.toString().length();
        length > budget;
        length = json.toString().length()) {
      int excess = length - budget;
      List<Text> texts = kept.stream().flatMap(b -> b.texts().stream()).toList();
      int longest = texts.stream().mapToInt(t -> t.value.length()).max().orElse(0);
      if (longest > SHORTEST_CUT) {
        // Cut every text down to one cap, so the longest parts give way first and equally.
        int cap = Math.max(SHORTEST_CUT, longest - excess - 16);
        texts.stream().filter(t -> t.value.length() > cap).forEach(t -> t.cutTo(cap));
      } else if (kept.size() > 1) {
        kept.removeLast();
        dropped++;
      } else {
        break;
      }
      json = render(kept, dropped);
    }
    return json;
  }

  private static Text mrkdwn(String value, int max) {
    return new Text(false, Mrkdwn.cut(value, max));
  }

  private static ArrayNode render(List<Block> blocks, int dropped) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Block b : blocks) {
      ObjectNode node = array.addObject();
      switch (b.type()) {
        case "header" -> {
          node.put("type", "header");
          node.set("text", text("plain_text", b.texts().getFirst().value).put("emoji", true));
        }
        case "section" -> {
          node.put("type", "section");
          node.set("text", text("mrkdwn", b.texts().getFirst().value));
        }
        case "fields" -> {
          node.put("type", "section");
          ArrayNode fields = node.putArray("fields");
          b.texts().forEach(t -> fields.add(text("mrkdwn", t.value)));
        }
        case "context" -> {
          node.put("type", "context");
          ArrayNode elements = node.putArray("elements");
          b.texts().forEach(t -> elements.add(text("mrkdwn", t.value)));
        }
        default -> node.put("type", "divider");
      }
    }
    if (dropped > 0) {
      ObjectNode note = array.addObject().put("type", "context");
      note.putArray("elements")
          .add(
              text(
                  "mrkdwn",
                  "_"
                      + dropped
                      + " more block"
                      + (dropped == 1 ? "" : "s")
                      + " not shown: the message would exceed Slack's limits._"));
    }
    return array;
  }

  private static ObjectNode text(String type, String text) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("type", type);
    node.put("text", text.isEmpty() ? " " : text);
    return node;
  }
}
