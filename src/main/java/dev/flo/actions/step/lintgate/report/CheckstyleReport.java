package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Checkstyle XML ({@code <checkstyle><file name><error line column severity message source/>}), as
 * Checkstyle, ESLint's checkstyle formatter and many others write it (reviewdog {@code
 * parser/checkstyle.go}).
 */
final class CheckstyleReport implements ReportReader {
  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    String[] current = {null};
    boolean[] root = {false};
    SafeXml.read(
        file,
        x -> {
          String name = x.getLocalName();
          if (!root[0]) {
            if (!name.equals("checkstyle")) {
              throw new ReportException("the root element is <" + name + ">, not <checkstyle>");
            }
            root[0] = true;
          } else if (name.equals("file")) {
            current[0] = SafeXml.attr(x, "name");
          } else if (name.equals("error")) {
            Severity severity =
                switch (String.valueOf(SafeXml.attr(x, "severity"))) {
                  case "error" -> Severity.ERROR;
                  case "info" -> Severity.NOTICE;
                  case "ignore" -> null;
                  default -> Severity.WARNING;
                };
            if (severity != null) {
              int line = SafeXml.intAttr(x, "line");
              sink.accept(
                  new Finding(
                      "Checkstyle",
                      severity,
                      current[0],
                      line,
                      line,
                      SafeXml.intAttr(x, "column"),
                      0,
                      SafeXml.attr(x, "source"),
                      SafeXml.attr(x, "message"),
                      false));
            }
          }
        });
  }
}
