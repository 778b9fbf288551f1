package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Http;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.Log;
import dev.flo.actions.runtime.Masker;
import dev.flo.actions.runtime.RunnerProxy;
import dev.flo.actions.runtime.Utf8Process;
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
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The training run for the image's AOT cache (JEP 483/514/515): one JVM that walks the code paths every step
 * starts with, so their classes are already parsed and linked when a container starts. Run by the Dockerfile as
 * {@code java -XX:AOTCacheOutput=... -cp flo-actions.jar dev.flo.actions.AotTraining}: the same class path as
 * {@code -jar}, so the cache applies to every step. Offline on purpose (a build has no network): every step runs
 * its real path against loopback servers, HTTPS included (TLS set-up and the CA store are the largest start-up
 * cost of a step that calls out), and the PostgreSQL steps up to a refused connect. Run with
 * {@code -Dflo.aot.training.log=true} to see what each run printed.
 */
public final class AotTraining {
  private AotTraining() {}

  /** The shape of a provider's JSON answer, to warm Jackson's record binding. */
  record Status(String id, String status, List<String> events) {}

  public static void main(String[] args) throws Exception {
    // What -jar runs before the launcher: Boot (the Java-version check), Main, the locale check and the console probe.
    Class.forName("dev.flo.actions.Boot");
    Class.forName(Main.class.getName());
    Utf8Process.needed(System.getenv());
    System.console();
    Path dir = Files.createTempDirectory("flo-aot-training");
    // -Dflo.aot.training.log=true shows what every training run printed (to check each reaches its real path).
    boolean show = Boolean.getBoolean("flo.aot.training.log");
    PrintStream sink = new PrintStream(show ? new java.io.FileOutputStream(java.io.FileDescriptor.out) : OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
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
    runs += realPaths(launcher, env, dir);
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

  /**
   * Every step's real path, as far as an offline build can take it: the HTTPS steps against a local TLS server
   * (so TLS set-up, the CA store and certificate checks are in the cache), lint-gate over real report formats, and
   * the PostgreSQL steps up to pgjdbc's connect, which is refused (no server in a build). The server's self-signed
   * certificate is trusted by this training JVM only, on top of the JDK's CA store, and the default TLS context is
   * put back afterwards.
   */
  private static int realPaths(Launcher launcher, Map<String, String> env, Path dir) throws Exception {
    int runs = 0;
    Path ws = Path.of(env.get("GITHUB_WORKSPACE"));
    SSLContext previous = SSLContext.getDefault(); // the JDK's own default: reads the CA store, as a step's first HTTPS call does
    KeyStore identity = trainingIdentity(dir);
    SSLContext server = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(identity, TRAINING_PASSWORD);
    server.init(kmf.getKeyManagers(), null, null);
    SSLContext.setDefault(clientTrusting(identity.getCertificate("training")));
    Files.createDirectories(ws.resolve("site/assets"));
    Files.writeString(ws.resolve("site/index.html"), "<!doctype html><title>shop</title><script src=\"assets/app.js\"></script>\n");
    Files.writeString(ws.resolve("site/assets/app.js"), "console.log('shop');\n");
    try (SSLServerSocket tls = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> serve(tls));
      String base = "https://127.0.0.1:" + tls.getLocalPort();
      String[][] runsOverHttps = {
        {"health-verify", "--url", base + "/health", "--consecutive-successes", "1", "--expect-json", "status=ok", "--timeout", "10s"},
        {"slack-notify", "--token", "xoxb-training-token", "--channel", "C0TRAINING", "--status", "success", "--api-url", base + "/api", "--timeout", "10s"},
        {"slack-notify", "--webhook-url", base + "/services/T0/B0/training", "--status", "failure", "--timeout", "10s"},
        {"deploy-backend", "--provider", "render", "--token", "rnd_training", "--service-id", "srv-training", "--api-url", base + "/v1", "--timeout", "10s"},
        {"deploy-backend", "--provider", "railway", "--token", "training", "--service-id", "svc", "--environment-id", "env", "--api-url", base + "/graphql/v2", "--timeout", "10s"},
        {"deploy-backend", "--provider", "hook", "--hook-url", base + "/deploy/srv-training?key=training", "--timeout", "10s"},
        {"deploy-frontend", "--token", "vercel-training", "--project-id", "prj_training", "--dir", "site", "--api-url", base, "--timeout", "10s"},
        {"rollback", "--provider", "render", "--token", "rnd_training", "--service-id", "srv-training", "--api-url", base + "/v1", "--timeout", "10s"},
        {"rollback", "--provider", "vercel", "--token", "vercel-training", "--project-id", "prj_training", "--api-url", base, "--timeout", "10s"},
        {"deploy", "--backend-provider", "render", "--backend-token", "rnd_training", "--backend-service-id", "srv-training", "--backend-api-url", base + "/v1",
          "--slack-token", "xoxb-training-token", "--slack-channel", "C0TRAINING", "--slack-api-url", base + "/api", "--backend-timeout", "10s"},
      };
      for (String[] args : runsOverHttps) {
        launcher.run(args, env);
        runs++;
      }
    } finally {
      SSLContext.setDefault(previous);
    }
    // lint-gate over each report format it reads, with findings to annotate.
    Files.writeString(ws.resolve("eslint.json"), "[{\"filePath\":\"" + ws.resolve("src/app.js") + "\",\"messages\":[{\"ruleId\":\"no-unused-vars\",\"severity\":2,"
        + "\"message\":\"'x' is assigned a value but never used.\",\"line\":3,\"column\":7,\"endLine\":3,\"endColumn\":8}],\"errorCount\":1,\"warningCount\":0}]");
    Files.writeString(ws.resolve("TEST-training.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><testsuite name=\"t\" tests=\"2\" failures=\"1\">"
        + "<testcase classname=\"a.B\" name=\"ok\"/><testcase classname=\"a.B\" name=\"bad\"><failure message=\"expected 1\">at a.B.bad(B.java:7)</failure></testcase></testsuite>");
    Files.writeString(ws.resolve("checkstyle.xml"), "<?xml version=\"1.0\"?><checkstyle version=\"10\"><file name=\"" + ws.resolve("A.java")
        + "\"><error line=\"1\" severity=\"warning\" message=\"Missing javadoc\" source=\"x.JavadocCheck\"/></file></checkstyle>");
    Files.writeString(ws.resolve("results.sarif"), "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"ruff\",\"rules\":[]}},\"results\":[{\"ruleId\":\"F401\",\"level\":\"error\","
        + "\"message\":{\"text\":\"unused import\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"app.py\"},\"region\":{\"startLine\":1}}}]}]}]}");
    Files.writeString(ws.resolve("tsc.txt"), "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n");
    for (String report : List.of("eslint.json", "TEST-training.xml", "checkstyle.xml", "results.sarif", "tsc.txt")) {
      launcher.run(new String[] {"lint-gate", "--reports", report}, env);
      runs++;
    }
    // The PostgreSQL steps up to the connect (refused: port 1), through input checks, migration discovery and pgjdbc.
    String db = "postgres://training:training@127.0.0.1:1/shop";
    Path migrations = Files.createDirectories(ws.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX item_name ON item (name);\n");
    String[][] runsOverPostgres = {
      {"migrate", "--database-url", db, "--dir", "migrations", "--tool", "flyway", "--wait-for-lock", "1s"},
      {"db-backup", "--database-url", db, "--destination", ws.resolve("backups").toUri().toString(), "--compression", "zstd"},
      {"db-restore", "--database-url", db, "--source", ws.resolve("backups").toUri() + "/latest", "--confirm", "shop"},
    };
    for (String[] args : runsOverPostgres) {
      launcher.run(args, env);
      runs++;
    }
    return runs;
  }

  private static final char[] TRAINING_PASSWORD = "training".toCharArray();

  /** A fresh self-signed EC P-256 key and certificate for 127.0.0.1, made by the runtime's own keytool. */
  private static KeyStore trainingIdentity(Path dir) throws Exception {
    Path store = dir.resolve("training.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(
            keytool.toString(), "-genkeypair", "-alias", "training", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", new String(TRAINING_PASSWORD))
        .redirectErrorStream(true)
        .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool could not make the training certificate: " + said);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, TRAINING_PASSWORD);
    }
    return ks;
  }

  /** A client context trusting the JDK's CA store plus {@code extra}: the steps' HTTPS path, CA store included. */
  private static SSLContext clientTrusting(Certificate extra) throws Exception {
    KeyStore trust = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(), (char[]) null);
    trust.setCertificateEntry("flo-aot-training", extra);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * Answers every TLS connection with one JSON document: Slack's answer on its API paths, a health body on
   * {@code /health}, 404 elsewhere (the provider steps then fail the way a wrong service id does).
   */
  private static void serve(SSLServerSocket server) {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().start(() -> {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
          String head = readHead(in);
          String path = head.isEmpty() ? "" : head.split(" ", 3)[1];
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
              length = Integer.parseInt(line.substring(15).strip());
            }
          }
          in.readNBytes(length);
          int status = 200;
          String body;
          if (path.startsWith("/api/")) {
            body = "{\"ok\":true,\"channel\":\"C0TRAINING\",\"ts\":\"1700000000.000100\",\"message\":{\"ts\":\"1700000000.000100\"}}";
          } else if (path.startsWith("/health")) {
            body = "{\"status\":\"ok\"}";
          } else if (path.startsWith("/services/")) {
            body = "ok";
          } else {
            status = 404;
            body = "{\"message\":\"not found\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                  + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(bytes);
        } catch (IOException | RuntimeException e) {
          // The client reports it; training goes on.
        }
      });
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int c; head.length() < 16384 && (c = in.read()) >= 0; ) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        return head.substring(0, head.length() - 4);
      }
    }
    return head.toString();
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
