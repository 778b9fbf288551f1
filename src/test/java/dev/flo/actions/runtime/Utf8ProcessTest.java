package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.RunnerFileCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line without a UTF-8 locale: non-ASCII inputs, as a flag or an INPUT_ variable,
 * arrive intact.
 */
class Utf8ProcessTest {
  @TempDir Path ws;

  @Test
  void nonAsciiInputsSurviveAnAsciiLocale() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String run =
        "env -i PATH=/usr/bin:/bin GITHUB_ACTIONS=true GITHUB_WORKSPACE="
            + ws
            + " GITHUB_OUTPUT="
            + ws.resolve("OUT")
            + " %s "
            + java
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' dev.flo.actions.Main lint-gate %s";
    // The shell writes the bytes, so the test does not depend on its own JVM's locale either.
    String script =
        String.join(
            "\n",
            "set -e",
            "cd " + ws,
            "mkdir -p reports && printf '[]' > 'reports/résumé.json' && : > OUT",
            run.formatted("", "--reports 'reports/résumé.json'") + " > flag.log 2>&1",
            "cp OUT flag.out && : > OUT",
            run.formatted("'INPUT_REPORTS=reports/résumé.json'", "") + " > env.log 2>&1",
            "cp OUT env.out");
    Files.writeString(ws.resolve("run.sh"), script, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("/bin/sh", ws.resolve("run.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(ws.resolve("sh.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    for (String how : new String[] {"flag", "env"}) {
      String log = Files.readString(ws.resolve(how + ".log"), StandardCharsets.UTF_8);
      assertThat(log)
          .as(how)
          .contains("reports/résumé.json (ESLint JSON): 0 findings")
          .doesNotContain("r??sum")
          .doesNotContain("No report file matches");
      assertThat(
              RunnerFileCommands.parse(
                  Files.readString(ws.resolve(how + ".out"), StandardCharsets.UTF_8)))
          .as(how)
          .containsEntry("verdict", "passed");
    }
    assertThat(p.exitValue()).as(Files.readString(ws.resolve("sh.log"))).isZero();
  }
}
