package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX reading with DTDs and external entities off (OWASP XXE cheat sheet, "XMLInputFactory"): a
 * report with a DOCTYPE is refused, its entities never expanded, and no file or URL it names is
 * opened.
 */
final class SafeXml {
  private static final XMLInputFactory FACTORY = factory();

  private SafeXml() {}

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setXMLResolver(
        (publicId, systemId, base, ns) -> {
          throw new XMLStreamException("refused to load external resource " + systemId);
        });
    return f;
  }

  /**
   * Reads the file element by element, each value capped by {@link BoundedXmlInput}; {@code
   * handler} sees every start and end element and all text.
   */
  static void read(Path file, Handler handler) throws IOException, ReportException {
    try (InputStream in =
        new BoundedXmlInput(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      XMLStreamReader x = FACTORY.createXMLStreamReader(in);
      try {
        while (x.hasNext()) {
          int event = x.next();
          switch (event) {
            // No report tool writes a DOCTYPE; one here can only be an entity trick, so it is
            // refused outright.
            case XMLStreamConstants.DTD ->
                throw new ReportException(
                    "the XML has a DOCTYPE at line "
                        + x.getLocation().getLineNumber()
                        + "; lint-gate refuses DTDs and entities in reports (XML external entity protection)");
            case XMLStreamConstants.ENTITY_REFERENCE ->
                throw new ReportException(
                    "the XML uses the undeclared entity &"
                        + x.getLocalName()
                        + "; at line "
                        + x.getLocation().getLineNumber());
            case XMLStreamConstants.START_ELEMENT -> handler.start(x);
            case XMLStreamConstants.END_ELEMENT -> handler.end(x);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> handler.text(x);
            default -> {}
          }
        }
      } finally {
        x.close();
      }
    } catch (BoundedXmlInput.TagTooLong e) {
      throw new ReportException("too large to read: " + e.getMessage(), e);
    } catch (XMLStreamException e) {
      if (e.getNestedException() instanceof BoundedXmlInput.TagTooLong
          || e.getCause() instanceof BoundedXmlInput.TagTooLong) {
        throw new ReportException(
            "too large to read: "
                + (e.getCause() != null ? e.getCause() : e.getNestedException()).getMessage(),
            e);
      }
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNumber()
                  + ", column "
                  + e.getLocation().getColumnNumber();
      String reason =
          e.getMessage() == null
              ? ""
              : e.getMessage()
                  .replaceFirst(
                      "(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message: ", "");
      throw new ReportException("not well-formed XML" + at + ": " + reason.strip(), e);
    }
  }

  /** Callbacks of a streaming XML report reader. */
  interface Handler {
    void start(XMLStreamReader x) throws ReportException;

    default void end(XMLStreamReader x) {}

    default void text(XMLStreamReader x) {}
  }

  static int intAttr(XMLStreamReader x, String name) {
    return Finding.number(x.getAttributeValue(null, name));
  }

  static String attr(XMLStreamReader x, String name) {
    return x.getAttributeValue(null, name);
  }
}
