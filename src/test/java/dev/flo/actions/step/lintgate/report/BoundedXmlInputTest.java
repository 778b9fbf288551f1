package dev.flo.actions.step.lintgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class BoundedXmlInputTest {
  private static final int MAX = BoundedXmlInput.MAX_VALUE;

  private static XMLStreamReader parse(String xml) throws Exception {
    return XMLInputFactory.newDefaultFactory()
        .createXMLStreamReader(
            new BoundedXmlInput(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void longValuesAreCutWhereTheDocumentStaysWellFormed() throws Exception {
    // Two-byte characters and an entity straddle the cut (kept whole: the cut waits for its ;); the
    // comment's dashes sit right before its terminator.
    String attr = "é".repeat(MAX / 2 - 1) + "x&amp;&#233;" + "é".repeat(1000);
    String xml =
        "<r a=\""
            + attr
            + "\" b='short'><![CDATA["
            + "]".repeat(10)
            + "y".repeat(3 * MAX)
            + "]]]>"
            + "<!--"
            + "a-".repeat(MAX)
            + "--><?pi "
            + "z".repeat(2 * MAX)
            + "?><e>text</e></r>";

    XMLStreamReader x = parse(xml);
    StringBuilder cdata = new StringBuilder();
    String a = null;
    String b = null;
    boolean sawE = false;
    while (x.hasNext()) {
      int event = x.next();
      if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("r")) {
        a = x.getAttributeValue(null, "a");
        b = x.getAttributeValue(null, "b");
      } else if (event == XMLStreamConstants.CDATA || event == XMLStreamConstants.CHARACTERS) {
        cdata.append(x.getText());
      } else if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("e")) {
        sawE = true;
      }
    }
    assertThat(a).startsWith("éé").hasSize(MAX / 2 + 1).endsWith("éx&");
    assertThat(b).isEqualTo("short");
    assertThat(cdata.toString())
        .startsWith("]]]]]]]]]]yyy")
        .hasSizeBetween(MAX - 10, MAX + 80)
        .endsWith("text");
    assertThat(sawE).isTrue();
  }

  @Test
  void aTagWhoseMarkupPassesTheLimitIsRefused() {
    String xml = "<r" + " ".repeat(MAX + 1) + "a='1'/>";
    assertThatThrownBy(
            () -> {
              XMLStreamReader x = parse(xml);
              while (x.hasNext()) {
                x.next();
              }
            })
        .hasStackTraceContaining("a tag at line 1 is longer than 1024 KiB");
  }
}
