package dev.flo.actions.step.lintgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each reader against reports the real tools wrote (src/test/resources/lintgate/regenerate.sh),
 * plus edge cases.
 */
class ReportReadersTest {
  static final Path REPORTS = Path.of("src/test/resources/lintgate/reports");

  @TempDir Path dir;

  static List<Finding> read(ReportFormat format, Path file) throws Exception {
    List<Finding> out = new ArrayList<>();
    format.reader().read(file, out::add);
    return out;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void eslintJsonGivesEveryMessageWithSeverityRuleAndRange() throws Exception {
    List<Finding> all = read(ReportFormat.ESLINT, REPORTS.resolve("eslint.json"));
    assertThat(all).hasSize(396);
    assertThat(all).filteredOn(f -> f.severity() == Severity.ERROR).hasSize(1);
    Finding first = all.getFirst();
    assertThat(first)
        .usingRecursiveComparison()
        .ignoringFields("docs", "fix")
        .isEqualTo(
            new Finding(
                "ESLint",
                Severity.WARNING,
                "/tmp/runner/work/shop/shop/src/legacy.js",
                3,
                3,
                37,
                44,
                "no-unused-vars",
                "'unused0' is assigned a value but never used.",
                false));
    // Its one suggestion becomes the fix; ESLint's own rules link their docs.
    assertThat(first.fix())
        .isEqualTo(
            new Fix("Remove unused variable 'unused0'.", List.of(Fix.Edit.offsets(121, 137, ""))));
    assertThat(first.docs()).isEqualTo("https://eslint.org/docs/latest/rules/no-unused-vars");
    Finding error =
        all.stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElseThrow();
    assertThat(error.line()).isEqualTo(12);
    assertThat(error.rule()).isEqualTo("no-undef");
    assertThat(error.message()).isEqualTo("'taxRate' is not defined.");
  }

  @Test
  void eslintSarifAgreesWithEslintJsonOncePathsAreNormalised() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/legacy.js"), "");
    ReportPaths paths = new ReportPaths(dir);
    List<String> fromJson =
        read(ReportFormat.ESLINT, REPORTS.resolve("eslint.json")).stream()
            .map(f -> key(f.withPath(paths.relative(f.path(), dir))))
            .toList();
    List<String> fromSarif =
        read(ReportFormat.SARIF, REPORTS.resolve("eslint.sarif")).stream()
            .map(f -> key(f.withPath(paths.relative(f.path(), dir))))
            .toList();
    assertThat(fromSarif).containsExactlyElementsOf(fromJson);
    assertThat(fromJson.getFirst()).isEqualTo("WARNING src/legacy.js:3:37 no-unused-vars");
  }

  private static String key(Finding f) {
    return f.severity() + " " + f.path() + ":" + f.line() + ":" + f.column() + " " + f.rule();
  }

  @Test
  void tscPlainAndPrettyOutputGiveTheSameFindings() throws Exception {
    List<Finding> plain = read(ReportFormat.TSC, REPORTS.resolve("tsc.txt"));
    List<Finding> pretty = read(ReportFormat.TSC, REPORTS.resolve("tsc-pretty.txt"));
    assertThat(plain).hasSize(2).containsExactlyElementsOf(pretty);
    assertThat(plain.get(1))
        .isEqualTo(
            new Finding(
                "tsc",
                Severity.ERROR,
                "src/checkout.ts",
                15,
                15,
                3,
                0,
                "TS2322",
                "Type 'string' is not assignable to type 'number'.",
                false));
  }

  @Test
  void tscContinuationLinesAndGlobalErrorsAreKept() throws Exception {
    Path out =
        write(
            "tsc.txt",
            """
        src/a.ts(4,7): error TS2322: Type '{ a: string; }' is not assignable to type 'Row'.
          Types of property 'a' are incompatible.
            Type 'string' is not assignable to type 'number'.
        error TS5023: Unknown compiler option 'strictest'.
        src/b.ts:1:1 - warning TS6133: 'x' is declared but its value is never read.
        """);
    List<Finding> all = read(ReportFormat.TSC, out);
    assertThat(all).hasSize(3);
    assertThat(all.get(0).message())
        .isEqualTo(
            "Type '{ a: string; }' is not assignable to type 'Row'.\nTypes of property 'a' are incompatible.\nType 'string' is not assignable to type 'number'.");
    assertThat(all.get(1).path()).isNull();
    assertThat(all.get(1).wholeBuild()).isTrue();
    assertThat(all.get(2).severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void checkstyleXmlFromMavenCheckstylePlugin() throws Exception {
    List<Finding> all = read(ReportFormat.CHECKSTYLE, REPORTS.resolve("checkstyle-result.xml"));
    assertThat(all)
        .hasSize(13)
        .allMatch(
            f ->
                f.severity() == Severity.ERROR
                    && f.path().equals("/tmp/runner/work/shop/shop/src/main/java/shop/Cart.java"));
    assertThat(all.get(1))
        .isEqualTo(
            new Finding(
                "Checkstyle",
                Severity.ERROR,
                "/tmp/runner/work/shop/shop/src/main/java/shop/Cart.java",
                3,
                3,
                17,
                0,
                "com.puppycrawl.tools.checkstyle.checks.imports.AvoidStarImportCheck",
                "Using the '.*' form of import should be avoided - java.util.*.",
                false));
  }

  @Test
  void surefireXmlGivesFailuresAndErrorsOfTheWholeBuild() throws Exception {
    List<Finding> all = read(ReportFormat.JUNIT, REPORTS.resolve("TEST-shop.CartTest.xml"));
    assertThat(all)
        .hasSize(2)
        .allMatch(
            f ->
                f.wholeBuild()
                    && f.severity() == Severity.ERROR
                    && f.path().equals("jvm-source:shop/CartTest.java"));
    assertThat(all).extracting(Finding::line).containsExactly(27, 20);
    assertThat(all.get(0).rule()).isEqualTo("test error");
    assertThat(all.get(0).message())
        .isEqualTo(
            "shop.CartTest.rejectsNegativePrices errored: negative prices must be rejected\nat shop.CartTest.rejectsNegativePrices(CartTest.java:27)");
    assertThat(all.get(1).rule()).isEqualTo("test failure");
    assertThat(all.get(1).message())
        .startsWith("shop.CartTest.addsTax failed: expected: <1190> but was: <1200>");
  }

  @Test
  void junitWithFileAndLineAttributesAndSkippedTests() throws Exception {
    Path xml =
        write(
            "junit.xml",
            """
        <?xml version="1.0" encoding="utf-8"?>
        <testsuites><testsuite name="pytest" tests="3" failures="1">
          <testcase classname="tests.test_cart" name="test_total" file="tests/test_cart.py" line="12"><failure message="assert 3 == 4">assert 3 == 4</failure></testcase>
          <testcase classname="tests.test_cart" name="test_skip"><skipped message="later"/></testcase>
          <testcase classname="tests.test_cart" name="test_ok"/>
        </testsuite></testsuites>
        """);
    assertThat(read(ReportFormat.JUNIT, xml))
        .containsExactly(
            new Finding(
                "tests",
                Severity.ERROR,
                "tests/test_cart.py",
                12,
                12,
                0,
                0,
                "test failure",
                "tests.test_cart.test_total failed: assert 3 == 4",
                true));
  }

  @Test
  void sarifResolvesBaseIdsDeclaredAfterResultsAndSkipsWhatIsNotAProblem() throws Exception {
    Path sarif =
        write(
            "codeql.sarif",
            """
        {"version": "2.1.0", "runs": [{
          "tool": {"driver": {"name": "CodeQL", "rules": [
            {"id": "js/sql-injection", "defaultConfiguration": {"level": "error"}},
            {"id": "js/unused-local", "defaultConfiguration": {"level": "note"}}]}},
          "results": [
            {"ruleIndex": 0, "message": {"text": "Query built from {0}.", "arguments": ["user input"]},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "api/db%20x.ts", "uriBaseId": "SRC"}, "region": {"startLine": 7, "endLine": 9}}}]},
            {"ruleId": "js/unused-local", "message": {"text": "unused"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "web/a.ts", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 2, "startColumn": 5}}}]},
            {"ruleId": "js/unused-local", "level": "none", "message": {"text": "not a problem"}},
            {"ruleId": "js/unused-local", "kind": "pass", "message": {"text": "passed"}},
            {"ruleId": "js/sql-injection", "message": {"text": "suppressed"}, "suppressions": [{"kind": "inSource"}]},
            {"ruleId": "js/sql-injection", "message": {"text": "rejected suppression"}, "suppressions": [{"kind": "external", "status": "rejected"}]}
          ],
          "originalUriBaseIds": {"ROOT": {"uri": "file:///home/runner/work/shop/shop/"}, "SRC": {"uri": "src/", "uriBaseId": "ROOT"}}
        }]}
        """);
    List<Finding> all = read(ReportFormat.SARIF, sarif);
    assertThat(all)
        .extracting(Finding::message)
        .containsExactly("Query built from user input.", "unused", "rejected suppression");
    Finding first = all.getFirst();
    assertThat(first.tool()).isEqualTo("CodeQL");
    assertThat(first.severity()).isEqualTo(Severity.ERROR);
    assertThat(first.rule()).isEqualTo("js/sql-injection");
    assertThat(first.path()).isEqualTo("file:/home/runner/work/shop/shop/src/api/db%20x.ts");
    assertThat(first.endLine()).isEqualTo(9);
    assertThat(all.get(1).severity()).isEqualTo(Severity.NOTICE);
    assertThat(all.get(1).path()).isEqualTo("web/a.ts");
    Files.createDirectories(dir.resolve("src/api"));
    Files.writeString(dir.resolve("src/api/db x.ts"), "");
    assertThat(new ReportPaths(dir).relative(first.path(), dir)).isEqualTo("src/api/db x.ts");
  }

  @Test
  void xmlWithEntitiesIsRefusedNotExpanded() throws Exception {
    Path secret = write("secret.txt", "TOP-SECRET");
    Path xxe =
        write(
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE checkstyle [<!ENTITY xxe SYSTEM \"file://"
                + secret
                + "\">]>\n"
                + "<checkstyle><file name=\"a.java\"><error line=\"1\" severity=\"error\" message=\"&xxe;\" source=\"x\"/></file></checkstyle>\n");
    assertThatThrownBy(() -> read(ReportFormat.CHECKSTYLE, xxe))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("refuses DTDs and entities")
        .hasMessageNotContaining("TOP-SECRET");
    Path dtd = write("evil.dtd", "<!ENTITY ext SYSTEM \"file://" + secret + "\">");
    Path external =
        write(
            "external.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite SYSTEM \"file://"
                + dtd
                + "\">\n"
                + "<testsuite><testcase name=\"t\"><failure message=\"&ext;\"/></testcase></testsuite>\n");
    assertThatThrownBy(() -> read(ReportFormat.JUNIT, external))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("DOCTYPE at line 2");
  }

  @Test
  void malformedReportsSayWhereAndWhy() throws Exception {
    String json = Files.readString(REPORTS.resolve("eslint.json"));
    Path cut = write("cut.json", json.substring(0, 5000));
    assertThatThrownBy(() -> read(ReportFormat.ESLINT, cut))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("not valid JSON at line 1, column");
    Path xml = write("cut.xml", "<checkstyle><file name=\"a\"><error line=\"1\"");
    assertThatThrownBy(() -> read(ReportFormat.CHECKSTYLE, xml))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("not well-formed XML at line 1");
    Path notArray = write("obj.json", "{\"messages\": []}");
    assertThatThrownBy(() -> read(ReportFormat.ESLINT, notArray))
        .hasMessageContaining("\"results\"");
    Path wrongRoot = write("root.xml", "<report/>");
    assertThatThrownBy(() -> read(ReportFormat.CHECKSTYLE, wrongRoot))
        .hasMessage("the root element is <report>, not <checkstyle>");
    Path oldSarif = write("old.sarif", "{\"version\": \"1.0.0\", \"runs\": []}");
    assertThatThrownBy(() -> read(ReportFormat.SARIF, oldSarif))
        .hasMessageContaining("SARIF version 1.0.0");
  }

  @Test
  void formatsAreDetectedFromContent() throws Exception {
    assertThat(ReportFormat.detect(REPORTS.resolve("eslint.json"))).isEqualTo(ReportFormat.ESLINT);
    assertThat(ReportFormat.detect(REPORTS.resolve("eslint.sarif"))).isEqualTo(ReportFormat.SARIF);
    assertThat(ReportFormat.detect(REPORTS.resolve("tsc.txt"))).isEqualTo(ReportFormat.TSC);
    assertThat(ReportFormat.detect(REPORTS.resolve("tsc-pretty.txt"))).isEqualTo(ReportFormat.TSC);
    assertThat(ReportFormat.detect(REPORTS.resolve("checkstyle-result.xml")))
        .isEqualTo(ReportFormat.CHECKSTYLE);
    assertThat(ReportFormat.detect(REPORTS.resolve("TEST-shop.CartTest.xml")))
        .isEqualTo(ReportFormat.JUNIT);
    assertThat(ReportFormat.detect(write("meta.json", "{\"results\": [], \"metadata\": {}}")))
        .isEqualTo(ReportFormat.ESLINT);
    assertThat(ReportFormat.detect(write("empty.txt", ""))).isEqualTo(ReportFormat.TSC);
    assertThatThrownBy(() -> ReportFormat.detect(write("readme.md", "# hello")))
        .isInstanceOf(ReportException.class);
    assertThatThrownBy(() -> ReportFormat.detect(write("pom.xml", "<project/>")))
        .hasMessageContaining("root <project>");
  }

  @Test
  void pathsBecomeWorkspaceRelative() throws Exception {
    Files.createDirectories(dir.resolve("apps/web/src"));
    Files.writeString(dir.resolve("apps/web/src/a.ts"), "");
    ReportPaths paths = new ReportPaths(dir);
    assertThat(paths.relative(dir.resolve("apps/web/src/a.ts").toString(), dir))
        .isEqualTo("apps/web/src/a.ts");
    assertThat(paths.relative("/home/runner/work/shop/shop/apps/web/src/a.ts", dir))
        .isEqualTo("apps/web/src/a.ts");
    assertThat(paths.relative("file:///home/runner/work/shop/shop/apps/web/src/a.ts", dir))
        .isEqualTo("apps/web/src/a.ts");
    assertThat(paths.relative("src/a.ts", dir.resolve("apps/web"))).isEqualTo("apps/web/src/a.ts");
    assertThat(paths.relative("./apps/web/src/a.ts", dir)).isEqualTo("apps/web/src/a.ts");
    assertThat(paths.relative("C:\\work\\apps\\web\\src\\a.ts", dir))
        .isEqualTo("C:/work/apps/web/src/a.ts");
    assertThat(paths.relative("/elsewhere/unknown.ts", dir)).isEqualTo("/elsewhere/unknown.ts");
    assertThat(paths.relative(null, dir)).isNull();
    Files.createDirectories(dir.resolve("apps/api/src/test/java/shop"));
    Files.writeString(dir.resolve("apps/api/src/test/java/shop/CartTest.java"), "");
    Path surefire = dir.resolve("apps/api/target/surefire-reports");
    assertThat(paths.relative("jvm-source:shop/CartTest.java", surefire))
        .isEqualTo("apps/api/src/test/java/shop/CartTest.java");
    assertThat(paths.relative("jvm-source:shop/Gone.java", surefire)).isNull();
  }
}
