package dev.flo.actions.step.lintgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.RunnerFileCommands;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reports written to hurt: one huge value at a small heap, paths out of the workspace, links out of
 * it.
 */
class HostileReportTest {
  private static final long HUGE = 200L * 1024 * 1024;

  @TempDir Path ws;
  @TempDir Path elsewhere;

  /**
   * {@code head}, then {@code HUGE} bytes of {@code fill}, then {@code tail}, written without
   * holding them.
   */
  private static void write(Path file, String head, char fill, String tail) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) fill);
      for (long n = 0; n < HUGE; n += chunk.length) {
        ch.write(ByteBuffer.wrap(chunk));
      }
      ch.write(ByteBuffer.wrap(tail.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The launcher in a child JVM with a 64 MiB heap, as the runner would start it. */
  private record Run(
      int exitCode, String stdout, String summary, java.util.Map<String, String> outputs) {}

  private Run lintGateAt64MiB(String reports) throws Exception {
    Path output = Files.createFile(elsewhere.resolve("output"));
    Path summary = Files.createFile(elsewhere.resolve("summary"));
    Path log = elsewhere.resolve("stdout");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.flo.actions.Main",
            "lint-gate",
            "--reports",
            reports));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment()
        .putAll(
            java.util.Map.of(
                "PATH",
                "/usr/bin:/bin",
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_WORKSPACE",
                ws.toString(),
                "GITHUB_OUTPUT",
                output.toString(),
                "GITHUB_STEP_SUMMARY",
                summary.toString()));
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("lint-gate ended within 2 minutes").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(log),
        Files.readString(summary),
        RunnerFileCommands.parse(Files.readString(output)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          eslint message   | eslint.json     | [{"filePath":"a.js","messages":[{"ruleId":"r","severity":2,"line":1,"message":" | " }]}]                                                   | too large to read
          sarif message    | sarif.json      | {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":" | " }}]}]}                  | too large to read
          junit CDATA      | TEST-a.xml      | <testsuite><testcase classname="a.B" name="c"><failure message="boom"><![CDATA[ | ]]></failure></testcase></testsuite> | 1 error in the reports
          checkstyle value | checkstyle.xml  | <checkstyle><file name="a.java"><error line="1" severity="error" message=" | "/></file></checkstyle>                     | 1 error in the reports
          tsc line         | tsc.txt         | src/a.ts(1,1): error TS2322: | NL                                                                                         | 1 error in the reports
          """)
  void oneHugeValueAtA64MiBHeapEndsInAClearResultWithASummary(
      String what, String name, String head, String tail, String expected) throws Exception {
    Files.createDirectories(ws.resolve("reports"));
    write(ws.resolve("reports").resolve(name), head, 'x', tail.replace("NL", "\n"));

    Run run = lintGateAt64MiB("reports/" + name);

    assertThat(run.stdout())
        .doesNotContain("OutOfMemoryError")
        .doesNotContain("Unexpected error")
        .doesNotContain("\tat ");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).contains(expected);
    assertThat(run.summary()).startsWith("## lint-gate");
    assertThat(run.outputs()).containsKey("verdict");
    assertThat(run.stdout().length()).as("nothing huge is printed").isLessThan(200_000);
  }

  @Test
  void findingsOutsideTheWorkspaceAreAnnotatedWithoutAFile() throws Exception {
    Files.createDirectories(ws.resolve("reports"));
    Files.writeString(ws.resolve("src.js"), "x\n");
    Files.writeString(
        ws.resolve("reports/eslint.json"),
        """
        [{"filePath":"../../etc/passwd","messages":[{"ruleId":"r1","severity":2,"line":1,"message":"one"}]},
         {"filePath":"/etc/shadow","messages":[{"ruleId":"r2","severity":2,"line":3,"message":"two"}]},
         {"filePath":"https://evil.example/a.js","messages":[{"ruleId":"r3","severity":2,"line":1,"message":"three"}]},
         {"filePath":"src.js","messages":[{"ruleId":"r4","severity":2,"line":1,"message":"four"}]}]
        """);

    var result =
        new StepHarness(LintGateStep.DEFINITION, ws).input("reports", "reports/eslint.json").run();

    List<String> errors = result.annotations("error");
    assertThat(errors)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error title=ESLint r1::(reported in ../../etc/passwd:1, outside the workspace) one"));
    assertThat(errors)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error title=ESLint r2::(reported in /etc/shadow:3, outside the workspace) two"));
    assertThat(errors)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith(
                        "::error title=ESLint r3::(reported in https://evil.example/a.js:1, outside the workspace) three"));
    assertThat(errors).anySatisfy(a -> assertThat(a).startsWith("::error file=src.js,line=1"));
    assertThat(errors)
        .noneSatisfy(a -> assertThat(a).containsAnyOf("file=..", "file=/", "file=https"));
  }

  @Test
  void aReportThatLinksOutOfTheWorkspaceIsRefused() throws Exception {
    Path secret =
        Files.writeString(
            elsewhere.resolve("eslint.json"),
            "[{\"filePath\":\"a.js\",\"messages\":[{\"ruleId\":\"r\",\"severity\":2,\"line\":1,\"message\":\"s3cr3t-file-content\"}]}]");
    Files.createDirectories(ws.resolve("reports"));
    Files.createSymbolicLink(ws.resolve("reports/eslint.json"), secret);
    Files.createSymbolicLink(ws.resolve("linked"), elsewhere);

    for (String reports : List.of("reports/eslint.json", "linked/eslint.json")) {
      var result = new StepHarness(LintGateStep.DEFINITION, ws).input("reports", reports).run();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains("is a symbolic link to a file outside the workspace")
          .doesNotContain("Unexpected");
      assertThat(result.stdout()).doesNotContain("s3cr3t-file-content");
      assertThat(result.output("verdict")).isEqualTo("error");
    }
  }
}
