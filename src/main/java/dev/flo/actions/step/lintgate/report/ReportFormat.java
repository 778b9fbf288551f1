package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The report formats lint-gate reads, and how {@code format: auto} tells them apart from a file's
 * first bytes.
 */
public enum ReportFormat {
  ESLINT("ESLint JSON", new EslintReport()),
  SARIF("SARIF 2.1.0", new SarifReport()),
  CHECKSTYLE("Checkstyle XML", new CheckstyleReport()),
  JUNIT("JUnit XML", new JunitReport()),
  TSC("tsc output", new TscReport()),
  DIFF("unified diff", new DiffReport());

  private static final int SNIFF_BYTES = 8192;
  private static final Pattern XML_ROOT = Pattern.compile("<(?!\\?|!)([A-Za-z_][\\w.:-]*)");

  private final String title;
  private final ReportReader reader;

  ReportFormat(String title, ReportReader reader) {
    this.title = title;
    this.reader = reader;
  }

  public String title() {
    return title;
  }

  public ReportReader reader() {
    return reader;
  }

  /** The input's spelling ({@code eslint}, {@code sarif}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Guesses the format from the file's start: XML root element, JSON shape, or tsc's line format.
   */
  public static ReportFormat detect(Path file) throws IOException, ReportException {
    String head;
    try (InputStream in = Files.newInputStream(file)) {
      head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8).replace("\uFEFF", "");
    }
    String start = head.stripLeading();
    if (start.isEmpty()) {
      // tsc prints nothing when the project compiles; the other tools always write a document.
      return TSC;
    }
    if (start.startsWith("<")) {
      var m = XML_ROOT.matcher(start.replaceAll("(?s)<!--.*?-->", ""));
      String root = m.find() ? m.group(1) : "";
      return switch (root.substring(root.indexOf(':') + 1)) {
        case "checkstyle" -> CHECKSTYLE;
        case "testsuites", "testsuite" -> JUNIT;
        default ->
            throw new ReportException(
                "an XML document with root <"
                    + root
                    + ">, neither Checkstyle (<checkstyle>) nor JUnit (<testsuites>/<testsuite>)");
      };
    }
    if (start.startsWith("[")) {
      return ESLINT;
    }
    if (start.startsWith("{")) {
      int runs = start.indexOf("\"runs\"");
      int results = start.indexOf("\"results\"");
      if (runs >= 0 && (results < 0 || runs < results) || start.contains("sarif")) {
        return SARIF;
      }
      if (results >= 0) {
        return ESLINT;
      }
      throw new ReportException(
          "a JSON object that is neither SARIF (\"runs\") nor ESLint json-with-metadata (\"results\")");
    }
    if (start.startsWith("diff ") || start.startsWith("--- ")) {
      return DIFF;
    }
    if (TscReport.looksLikeTsc(start)) {
      return TSC;
    }
    throw new ReportException(
        "not a format lint-gate knows (ESLint JSON, SARIF, Checkstyle XML, JUnit XML, tsc output, unified diff)");
  }
}
