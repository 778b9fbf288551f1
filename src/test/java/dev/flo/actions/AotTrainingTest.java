package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {

  @Test
  void trainingRunCompletesOfflineWithEveryRunCheckedAndLeavesNoScratchFolder() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingFolders(tmp);

    // Throws, naming the run, if any run's exit code or marker of real work is off: the image build
    // fails the same way.
    String report = AotTraining.train(false);

    assertThat(report)
        .startsWith("AOT training: 41 launcher runs over 10 steps, each checked")
        .endsWith("GET -> live");
    assertThat(trainingFolders(tmp)).isEqualTo(before);
  }

  @Test
  void theSshCheckReachesTheHostsRefusalOfTheKey() throws Exception {
    // On this JDK every module is there; on the image's runtime the same check failed with
    // "java.rmi.ServerException" until java.rmi was linked in (Dockerfile).
    assertThat(AotTraining.sshCheck(false))
        .isEqualTo("SSH check: deploy-backend reached the host's refusal of the key");
  }

  @Test
  void aRunThatDoesNotReachItsRealPathIsNamedWithWhatItMissed(@TempDir Path dir) throws Exception {
    AotTraining.Trainer t = new AotTraining.Trainer(runnerEnv(dir), false);
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    String url =
        "http://127.0.0.1:"
            + port
            + "/health"; // nothing listens: the check is refused until the timeout

    t.run(
        "health-verify over HTTP",
        0,
        List.of(AotTraining.output("healthy", "true")),
        "health-verify",
        "--url",
        url,
        "--consecutive-successes",
        "1",
        "--interval",
        "1s",
        "--timeout",
        "2s");
    // Exit code right, marker missing: a dry run without inputs never prints the usage.
    t.run(
        "lint-gate --dry-run without inputs",
        1,
        List.of(AotTraining.says("Usage: java -jar flo-actions.jar")),
        "lint-gate",
        "--dry-run");
    t.run("--help", 0, List.of(AotTraining.says("Usage: java -jar flo-actions.jar")), "--help");

    assertThat(t.runs).isEqualTo(3);
    assertThat(t.failures).hasSize(2);
    assertThat(t.failures.get(0))
        .startsWith(
            "health-verify over HTTP: exited 1, expected 0; no output healthy=true (outputs: ")
        .contains("healthy=false")
        .contains("its last line: ::error title=health-verify failed::");
    assertThat(t.failures.get(1))
        .startsWith(
            "lint-gate --dry-run without inputs: no printed 'Usage: java -jar flo-actions.jar'; its last line: ::error");
  }

  private static Map<String, String> runnerEnv(Path dir) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", Files.createDirectories(dir.resolve("workspace")).toString());
    env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("set_output")).toString());
    env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("step_summary")).toString());
    env.put("GITHUB_REPOSITORY", "acme/shop");
    return env;
  }

  private static long trainingFolders(Path tmp) throws IOException {
    try (var list = Files.list(tmp)) {
      return list.filter(p -> p.getFileName().toString().startsWith("flo-aot-training")).count();
    }
  }
}
