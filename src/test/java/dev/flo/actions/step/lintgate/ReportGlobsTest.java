package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGlobsTest {
  @TempDir Path ws;

  private void touch(String... paths) throws Exception {
    for (String p : paths) {
      Files.createDirectories(ws.resolve(p).getParent());
      Files.writeString(ws.resolve(p), "");
    }
  }

  @Test
  void globsMatchAtAnyDepthButStayOutOfDependencies() throws Exception {
    touch(
        "TEST-top.xml",
        "api/target/surefire-reports/TEST-a.xml",
        "web/node_modules/x/TEST-b.xml",
        ".git/TEST-c.xml",
        "web/reports/eslint.json",
        "web/reports/tsc.txt");
    assertThat(ReportGlobs.match(ws, "**/TEST-*.xml"))
        .containsExactly(
            ws.resolve("TEST-top.xml"), ws.resolve("api/target/surefire-reports/TEST-a.xml"));
    assertThat(ReportGlobs.match(ws, "web/node_modules/**/TEST-*.xml"))
        .containsExactly(ws.resolve("web/node_modules/x/TEST-b.xml"));
    assertThat(ReportGlobs.match(ws, "web/reports/{eslint.json,tsc.txt}")).hasSize(2);
    assertThat(ReportGlobs.match(ws, "./web/reports/tsc.txt"))
        .containsExactly(ws.resolve("web/reports/tsc.txt"));
    assertThat(ReportGlobs.match(ws, ws.resolve("web/reports").toString() + "/*.json"))
        .containsExactly(ws.resolve("web/reports/eslint.json"));
    assertThat(ReportGlobs.match(ws, "missing/*.json")).isEmpty();
    assertThat(ReportGlobs.match(ws, "web/reports")).as("a folder is not a report").isEmpty();
  }

  @Test
  void commasSeparatePatternsExceptInsideBraces() {
    assertThat(LintGateInputs.splitOutsideBraces("a.json, b/{x,y}.xml ,, c.txt"))
        .containsExactly("a.json", "b/{x,y}.xml", "c.txt");
  }
}
