package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * JUnit XML in its de facto Ant/Surefire shape ({@code <testsuites>}/{@code <testsuite>}/{@code
 * <testcase>} with {@code <failure>} or {@code <error>}); no schema was ever published, so unknown
 * elements are ignored. A failing test counts whatever the diff filter says: it fails the change as
 * a whole, not a line of it.
 */
final class JunitReport implements ReportReader {
  /** Text kept per failure: the message and the top of the stack trace are what a reader needs. */
  private static final int MAX_TEXT = 1500;

  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    var state =
        new Object() {
          boolean root;
          @Nullable String classname;
          @Nullable String name;
          @Nullable String file;
          int line;
          @Nullable String kind;
          @Nullable String message;
          final StringBuilder text = new StringBuilder();
        };
    SafeXml.read(
        file,
        new SafeXml.Handler() {
          @Override
          public void start(XMLStreamReader x) throws ReportException {
            String el = x.getLocalName();
            if (!state.root) {
              if (!el.equals("testsuites") && !el.equals("testsuite")) {
                throw new ReportException(
                    "the root element is <" + el + ">, not <testsuites> or <testsuite>");
              }
              state.root = true;
            }
            switch (el) {
              case "testcase" -> {
                state.classname = SafeXml.attr(x, "classname");
                state.name = SafeXml.attr(x, "name");
                state.file = SafeXml.attr(x, "file");
                state.line = SafeXml.intAttr(x, "line");
              }
              case "failure", "error" -> {
                if (state.name != null && state.kind == null) {
                  state.kind = el;
                  state.message = SafeXml.attr(x, "message");
                  state.text.setLength(0);
                }
              }
              default -> {}
            }
          }

          @Override
          public void text(XMLStreamReader x) {
            if (state.kind != null && state.text.length() < MAX_TEXT) {
              state.text.append(
                  x.getText(), 0, Math.min(x.getTextLength(), MAX_TEXT - state.text.length()));
            }
          }

          @Override
          public void end(XMLStreamReader x) {
            String el = x.getLocalName();
            if (el.equals(state.kind)) {
              sink.accept(
                  finding(
                      state.classname,
                      state.name,
                      state.file,
                      state.line,
                      el,
                      state.message,
                      state.text.toString()));
              state.kind = null;
            } else if (el.equals("testcase")) {
              state.name = null;
              state.kind = null;
            }
          }
        });
  }

  private static Finding finding(
      @Nullable String classname,
      @Nullable String name,
      @Nullable String file,
      int line,
      String kind,
      @Nullable String message,
      String text) {
    String test = classname == null || classname.isBlank() ? name : classname + "." + name;
    String detail =
        message == null || message.isBlank() ? text.lines().findFirst().orElse("") : message;
    String body = test + (kind.equals("error") ? " errored: " : " failed: ") + detail.strip();
    // A Java trace starts with "Exception: message": the message is already said, keep the frames.
    String trace = text.strip();
    String firstLine = trace.lines().findFirst().orElse("");
    if (!detail.isBlank() && firstLine.endsWith(detail.strip())) {
      trace = trace.substring(firstLine.length()).strip();
    }
    if (!trace.isEmpty() && !trace.equals(detail.strip())) {
      body += "\n" + trace;
    }
    if (file == null && line == 0) {
      Matcher frame = ownFrame(classname, text);
      if (frame != null && classname != null) {
        file =
            ReportPaths.SOURCE
                + classname.substring(0, classname.lastIndexOf('.') + 1).replace('.', '/')
                + frame.group(1);
        line = Finding.number(frame.group(2));
      }
    }
    return new Finding(
        "tests",
        Severity.ERROR,
        file,
        line,
        line,
        0,
        0,
        kind.equals("error") ? "test error" : "test failure",
        body,
        true);
  }

  /**
   * The test's own frame in a JVM stack trace ({@code at shop.CartTest.addsTax(CartTest.java:20)}):
   * Surefire gives no file attribute, but this names the source file and line the failure happened
   * on.
   */
  private static @Nullable Matcher ownFrame(@Nullable String classname, String text) {
    if (classname == null || classname.isBlank()) {
      return null;
    }
    Matcher m =
        Pattern.compile(
                "at "
                    + Pattern.quote(classname)
                    + "\\.[\\w$<>]+\\(([\\w$]+\\.(?:java|kt|groovy|scala)):(\\d+)\\)")
            .matcher(text);
    return m.find() ? m : null;
  }
}
