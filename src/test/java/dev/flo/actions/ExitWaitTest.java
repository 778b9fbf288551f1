package dev.flo.actions;

import static dev.flo.actions.testing.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A step that talked HTTP ends without leaving the JDK client's selector thread behind: that thread
 * sits in native code, and HotSpot waits up to 30 x 10 ms for such threads at exit ({@code
 * -XX:UserThreadWaitAttemptsAtExit}), ~300 ms of every HTTP-using step. The image also sets that
 * flag to 0; these runs are without it.
 */
class ExitWaitTest {

  @Test
  void theStepsHttpClientThreadsAreGoneWhenTheLauncherReturns() throws Exception {
    Set<Thread> before = selectorThreads();
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      var out = new ByteArrayOutputStream();
      int code =
          new Launcher(
                  Steps.ALL,
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  Clock.SYSTEM,
                  Launcher.randomDelimiters())
              .run(
                  new String[] {
                    "health-verify",
                    "--url",
                    server.baseUrl() + "/health",
                    "--consecutive-successes",
                    "1",
                    "--timeout",
                    "10s"
                  },
                  Map.of());

      assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(server.requests()).isNotEmpty();
    }
    Set<Thread> left = selectorThreads();
    left.removeAll(before);
    assertThat(left).as("HTTP client threads still alive after the step").isEmpty();
  }

  /**
   * The whole process, as {@code java -jar} runs it: from the step's last line to the end of its
   * output (the process's exit) is well under the 300 ms the exit wait took. Best of three, so a
   * busy machine's one slow exit does not decide; with the wait every run takes 300 ms or more.
   */
  @Test
  void aChildJvmWithoutTheExitFlagExitsRightAfterItsLastLine() throws Exception {
    try (var server = new LocalHttpServer((req, ex) -> respond(ex, 200, "text/plain", "ok"))) {
      List<Long> gaps = new ArrayList<>();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      for (int run = 0; run < 3; run++) {
        Process p =
            new ProcessBuilder(
                    java,
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "health-verify",
                    "--url",
                    server.baseUrl() + "/health",
                    "--consecutive-successes",
                    "1",
                    "--timeout",
                    "10s")
                .redirectErrorStream(true)
                .start();
        long last = 0;
        StringBuilder text = new StringBuilder();
        try (var lines =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            last = System.nanoTime();
            text.append(line).append('\n');
          }
        }
        long end = System.nanoTime();
        assertThat(p.waitFor()).as(text.toString()).isZero();
        gaps.add((end - last) / 1_000_000);
      }
      System.out.println("exit gaps (ms, last line to exit): " + gaps);
      assertThat(gaps.stream().mapToLong(Long::longValue).min().orElseThrow())
          .as("ms from the last line to exit, runs " + gaps)
          .isLessThan(150);
    }
  }

  private static Set<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HttpClient-") && t.isAlive())
        .collect(Collectors.toSet());
  }
}
