package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.RunnerProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run for the image's AOT cache (JEP 483/514/515): one JVM that walks the code paths every step
 * starts with, so their classes are already parsed and linked when a container starts. Run by the Dockerfile as
 * {@code java -XX:AOTCacheOutput=... -cp flo-actions.jar dev.flo.actions.AotTraining}: the same class path as
 * {@code -jar}, so the cache applies to every step. Offline on purpose (a build has no network): HTTP and JSON
 * are exercised against a loopback socket.
 */
public final class AotTraining {
  private AotTraining() {}

  /** The shape of a provider's JSON answer, to warm Jackson's record binding. */
  record Status(String id, String status, List<String> events) {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("flo-aot-training");
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Map<String, String> env = runnerEnv(dir);
    Launcher launcher = new Launcher(Steps.ALL, sink, Clock.SYSTEM, Launcher.randomDelimiters());
    int runs = 0;
    launcher.run(new String[] {"--help"}, env);
    launcher.run(new String[] {"no-such-step"}, env);
    runs += 2;
    for (var step : Steps.ALL) {
      launcher.run(new String[] {step.name(), "--help"}, env);
      // No inputs: every required input is reported missing, the way a misconfigured workflow fails.
      launcher.run(new String[] {step.name(), "--dry-run"}, env);
      runs += 2;
    }
    Status status = httpAndJson(sink, env);
    healthCheck(launcher, env);
    runs++;
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.out.println("AOT training: " + runs + " launcher runs over " + Steps.ALL.size() + " steps, GET -> " + status.status());
  }

  /** One GET through the runtime's client to a loopback server, its JSON body bound to a record. */
  private static Status httpAndJson(PrintStream sink, Map<String, String> env) throws Exception {
    byte[] body = "{\"id\":\"dep-1\",\"status\":\"live\",\"events\":[\"build\",\"deploy\"]}".getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerOnce(server, body));
      Masker masker = new Masker(sink);
      Http http = Http.create(RunnerProxy.fromEnv(env), Clock.SYSTEM, new Log(sink, masker, false, () -> "t"), true);
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/deploys/dep-1");
      var response = http.send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build(), "get deploy dep-1");
      return Json.MAPPER.readValue(response.body(), Status.class);
    }
  }

  /**
   * A real health-verify run, the step every deploy ends with: its probe, expectations, outputs and summary code
   * are then in the cache, not only its input checks.
   */
  private static void healthCheck(Launcher launcher, Map<String, String> env) throws IOException {
    byte[] body = "{\"status\":\"ok\",\"database\":\"connected\"}".getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerOnce(server, body));
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/health";
      launcher.run(
          new String[] {"health-verify", "--url", url, "--consecutive-successes", "1", "--expect-json", "status=ok", "--timeout", "10s"}, env);
    }
  }

  private static void answerOnce(ServerSocket server, byte[] body) {
    try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] head = new byte[8192];
      int n = 0;
      // Read the request head up to the blank line; a GET has no body.
      while (n < head.length && !new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      String status = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      out.write(status.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
    } catch (IOException e) {
      // The client then reports the failure; training goes on without this path.
    }
  }

  /** The file commands and context variables the runner gives a container step, in a scratch folder. */
  private static Map<String, String> runnerEnv(Path dir) throws IOException {
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("CI", "true");
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("set_output")).toString());
    env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("step_summary")).toString());
    env.put("GITHUB_REPOSITORY", "acme/shop");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_API_URL", "https://api.github.com");
    env.put("GITHUB_RUN_ID", "1");
    env.put("GITHUB_SHA", "0000000000000000000000000000000000000000");
    return env;
  }
}
