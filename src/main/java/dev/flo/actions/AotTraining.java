package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.Utf8Process;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.RunnerProxy;
import dev.flo.actions.runtime.http.TlsGroups;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.jspecify.annotations.Nullable;

/**
 * The training run for the image's AOT cache (JEP 483/514): one JVM that walks the code paths every
 * step starts with, so their classes are already parsed and linked when a container starts. Run by
 * the Dockerfile as {@code java -XX:AOTCacheOutput=... -XX:-AOTRecordTraining
 * --enable-native-access=ALL-UNNAMED -cp flo-actions.jar dev.flo.actions.AotTraining} (no method
 * profiles: the image runs C1 only): the class path and native access of the image's ENTRYPOINT, so
 * the cache applies to every step. Offline on purpose (a build has no network): every step runs its
 * real path against loopback servers, HTTPS included (TLS set-up and the CA store are the largest
 * start-up cost of a step that calls out), and the PostgreSQL steps up to a refused connect. Every
 * run is checked: its exit code and a sign of the work it is there for (healthy=true, a posted
 * message, the hook's deploy id, a lint-gate count, pgjdbc's refused connect). A run that misses
 * fails the training, naming the run, so the image build fails rather than ship a cache without
 * that step's code. Run with {@code -Dflo.aot.training.log=true} to see what each run printed.
 */
public final class AotTraining {
  private AotTraining() {}

  /** The shape of a provider's JSON answer, to warm Jackson's record binding. */
  record Status(String id, String status, List<String> events) {}

  public static void main(String[] args) throws Exception {
    // The TLS groups Main sets, so the cache holds the handshake a step runs.
    TlsGroups.apply();
    // -Dflo.aot.training.log=true shows what every training run printed (to check each reaches its
    // real path).
    boolean show = Boolean.getBoolean("flo.aot.training.log");
    System.out.println(
        args.length == 1 && args[0].equals("ssh-check") ? sshCheck(show) : train(show));
  }

  /**
   * The image build's check of the SSH path, run on the image's runtime after the cache is made
   * (Dockerfile): deploy-backend with Compose over SSH up to authentication ({@link #sshPath}). Not
   * part of {@link #train}: the SSH client, its key exchange and the test server would add 5.2 MB
   * to the cache (38.3 -> 43.5 MB, measured 2026-12-04) for a step that then runs docker compose on
   * its hosts for minutes. Throws, naming what the run printed instead.
   */
  static String sshCheck(boolean show) throws Exception {
    Path dir = Files.createTempDirectory("flo-ssh-check");
    try {
      Trainer t = new Trainer(runnerEnv(dir), show);
      sshPath(t);
      if (!t.failures.isEmpty()) {
        throw new IllegalStateException(
            "SSH check: " + String.join("; ", t.failures) + " (the runtime lacks a module?)");
      }
      return "SSH check: deploy-backend reached the host's refusal of the key";
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Runs the whole training and returns its one-line report. Throws, naming every run that did not
   * do its work (wrong exit code, or no sign of the real path it is there for), so a training that
   * has silently stopped reaching a step's code fails the image build instead of shipping a cache
   * without it.
   */
  static String train(boolean show) throws Exception {
    // What -jar runs before the launcher: Boot (the Java-version check), Main, the locale check and
    // the console probe.
    Class.forName("dev.flo.actions.Boot");
    Class.forName(Main.class.getName());
    Utf8Process.needed(System.getenv());
    System.console();
    Path dir = Files.createTempDirectory("flo-aot-training");
    try {
      Map<String, String> env = runnerEnv(dir);
      Trainer t = new Trainer(env, show);
      t.run("--help", 0, List.of(says("Usage: java -jar flo-actions.jar")), "--help");
      t.run("an unknown step", 1, List.of(says("Unknown step 'no-such-step'")), "no-such-step");
      for (var step : Steps.ALL) {
        t.run(step.name() + " --help", 0, List.of(says(step.name() + ": ")), step.name(), "--help");
        // No inputs: every required input is reported missing, the way a misconfigured workflow
        // fails.
        t.run(
            step.name() + " --dry-run without inputs",
            1,
            List.of(says("::error title=" + step.name() + " failed::")),
            step.name(),
            "--dry-run");
      }
      Status status = httpAndJson(t.sink, env);
      if (!"live".equals(status.status())) {
        t.failures.add("the loopback GET bound status " + status.status() + ", expected live");
      }
      healthCheck(t, env);
      realPaths(t, env, dir);
      if (!t.failures.isEmpty()) {
        throw new IllegalStateException(
            "AOT training: "
                + t.failures.size()
                + " of "
                + t.runs
                + " runs did not do their work, so the cache would miss"
                + " their code:\n- "
                + String.join("\n- ", t.failures)
                + "\nRun with -Dflo.aot.training.log=true to see what each printed.");
      }
      return "AOT training: "
          + t.runs
          + " launcher runs over "
          + Steps.ALL.size()
          + " steps, each checked (exit code and its real work), GET -> "
          + status.status();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * What a run must leave behind to show it reached its real path: a line it printed, or an
   * output's value.
   */
  record Marker(String what, String text, @Nullable String output) {
    boolean seenIn(String printed, Map<String, String> outputs) {
      return output == null ? printed.contains(text) : text.equals(outputs.get(output));
    }
  }

  /**
   * deploy-backend with Compose over SSH, up to authentication: a MINA SSH server on loopback whose
   * host key the run's known-hosts lists, and which refuses every key. The client's connect, key
   * exchange and host-key check run, so a runtime without what the SSH client links (java.rmi: its
   * ClientSession's default methods throw RemoteException) fails in the image build instead of on a
   * team's first deploy.
   */
  private static void sshPath(Trainer t) throws Exception {
    // Ed25519, the key type teams use, through MINA's own provider (net.i2p), as the step reads it.
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    KeyPair userKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    ByteArrayOutputStream pem = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "training", null, pem);
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, key, session) -> false);
    server.start();
    try {
      String host = "127.0.0.1:" + server.getPort();
      t.run(
          "deploy-backend with Compose over SSH",
          1,
          List.of(says("refused the SSH key for user 'deploy'")),
          "deploy-backend",
          "--provider",
          "compose",
          "--image-tag",
          "v1",
          "--hosts",
          host,
          "--user",
          "deploy",
          "--ssh-key",
          pem.toString(StandardCharsets.UTF_8),
          "--known-hosts",
          "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()),
          "--compose-dir",
          "/srv/training",
          "--timeout",
          "10s");
    } finally {
      server.stop(true);
    }
  }

  static Marker says(String text) {
    return new Marker("printed '" + text + "'", text, null);
  }

  static Marker output(String name, String value) {
    return new Marker("output " + name + "=" + value, value, name);
  }

  /**
   * Runs the launcher as the training does and checks each run: its exit code and its markers. What
   * a run printed is kept (and shown with {@code show}) so a miss can be named; its outputs are
   * what it appended to {@code GITHUB_OUTPUT}.
   */
  static final class Trainer {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final PrintStream sink;
    private final Launcher launcher;
    private final Map<String, String> env;
    private final Path outputFile;
    final List<String> failures = new ArrayList<>();
    int runs;

    Trainer(Map<String, String> env, boolean show) {
      OutputStream echo =
          show ? new FileOutputStream(FileDescriptor.out) : OutputStream.nullOutputStream();
      this.sink =
          new PrintStream(
              new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                  printed.write(b);
                  echo.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  printed.write(b, off, len);
                  echo.write(b, off, len);
                }
              },
              true,
              StandardCharsets.UTF_8);
      this.env = env;
      this.outputFile = Path.of(env.get("GITHUB_OUTPUT"));
      this.launcher = new Launcher(Steps.ALL, sink, Clock.SYSTEM, Launcher.randomDelimiters());
    }

    /**
     * One launcher run of {@code args}, named {@code label} in a failure; it must exit {@code exit}
     * and show every marker.
     */
    void run(String label, int exit, List<Marker> markers, String... args) throws IOException {
      printed.reset();
      long before = Files.size(outputFile);
      int rc = launcher.run(args, env);
      runs++;
      sink.flush();
      String said = printed.toString(StandardCharsets.UTF_8);
      Map<String, String> outputs = outputsSince(before);
      List<String> missing = new ArrayList<>();
      if (rc != exit) {
        missing.add("exited " + rc + ", expected " + exit);
      }
      for (Marker m : markers) {
        if (!m.seenIn(said, outputs)) {
          missing.add("no " + m.what() + (m.output() == null ? "" : " (outputs: " + outputs + ")"));
        }
      }
      if (!missing.isEmpty()) {
        String[] lines = said.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1];
        failures.add(
            label
                + ": "
                + String.join("; ", missing)
                + (last.isEmpty() ? "" : "; its last line: " + last));
      }
    }

    /**
     * The outputs the last run appended to GITHUB_OUTPUT, in the runner's {@code name<<delimiter}
     * form.
     */
    private Map<String, String> outputsSince(long offset) throws IOException {
      byte[] all = Files.readAllBytes(outputFile);
      String text =
          new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
      Map<String, String> outputs = new HashMap<>();
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int at = lines[i].indexOf("<<");
        if (at > 0) {
          String delimiter = lines[i].substring(at + 2);
          StringBuilder value = new StringBuilder();
          int j = i + 1;
          for (; j < lines.length && !lines[j].equals(delimiter); j++) {
            value.append(value.isEmpty() ? "" : "\n").append(lines[j]);
          }
          outputs.put(lines[i].substring(0, at), value.toString());
          i = j;
        } else if (lines[i].indexOf('=') > 0) {
          outputs.put(
              lines[i].substring(0, lines[i].indexOf('=')),
              lines[i].substring(lines[i].indexOf('=') + 1));
        }
      }
      return outputs;
    }
  }

  /** One GET through the runtime's client to a loopback server, its JSON body bound to a record. */
  private static Status httpAndJson(PrintStream sink, Map<String, String> env) throws Exception {
    byte[] body =
        "{\"id\":\"dep-1\",\"status\":\"live\",\"events\":[\"build\",\"deploy\"]}"
            .getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerOnce(server, body));
      Masker masker = new Masker(sink);
      Http http =
          Http.create(
              RunnerProxy.fromEnv(env),
              Clock.SYSTEM,
              new Log(sink, masker, false, () -> "t"),
              true);
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/deploys/dep-1");
      var response =
          http.send(
              HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build(),
              "get deploy dep-1");
      return Json.MAPPER.readValue(response.body(), Status.class);
    }
  }

  /**
   * A real health-verify run, the step every deploy ends with: its probe, expectations, outputs and
   * summary code are then in the cache, not only its input checks.
   */
  private static void healthCheck(Trainer t, Map<String, String> env) throws IOException {
    byte[] body = "{\"status\":\"ok\",\"database\":\"connected\"}".getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerOnce(server, body));
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/health";
      t.run(
          "health-verify over HTTP",
          0,
          List.of(output("healthy", "true"), says("All 1 URL(s) healthy.")),
          "health-verify",
          "--url",
          url,
          "--consecutive-successes",
          "1",
          "--expect-json",
          "status=ok",
          "--timeout",
          "10s");
    }
  }

  /**
   * Every step's real path, as far as an offline build can take it: the HTTPS steps against a local
   * TLS server (so TLS set-up, the CA store and certificate checks are in the cache), lint-gate
   * over real report formats, and the PostgreSQL steps up to pgjdbc's connect, which is refused (no
   * server in a build). The server's self-signed certificate is trusted by this training JVM only,
   * on top of the JDK's CA store, and the default TLS context is put back afterwards.
   */
  private static void realPaths(Trainer t, Map<String, String> env, Path dir) throws Exception {
    Path ws = Path.of(env.get("GITHUB_WORKSPACE"));
    SSLContext previous =
        SSLContext
            .getDefault(); // the JDK's own default: reads the CA store, as a step's first HTTPS
    // call does
    KeyStore identity = trainingIdentity(dir);
    SSLContext server = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(identity, TRAINING_PASSWORD);
    server.init(kmf.getKeyManagers(), null, null);
    SSLContext.setDefault(clientTrusting(identity.getCertificate("training")));
    Files.createDirectories(ws.resolve("site/assets"));
    Files.writeString(
        ws.resolve("site/index.html"),
        "<!doctype html><title>shop</title><script src=\"assets/app.js\"></script>\n");
    Files.writeString(ws.resolve("site/assets/app.js"), "console.log('shop');\n");
    try (SSLServerSocket tls =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> serve(tls));
      String base = "https://127.0.0.1:" + tls.getLocalPort();
      String render =
          "Render answered HTTP 404"; // the fake knows no Render service: the step got that far
      // over TLS
      String vercel = "not a Vercel API answer";
      t.run(
          "health-verify over HTTPS",
          0,
          List.of(output("healthy", "true")),
          "health-verify",
          "--url",
          base + "/health",
          "--consecutive-successes",
          "1",
          "--expect-json",
          "status=ok",
          "--timeout",
          "10s");
      t.run(
          "slack-notify with a bot token",
          0,
          List.of(
              says("Posted message 1700000000.000100 in C0TRAINING."),
              output("ts", "1700000000.000100")),
          "slack-notify",
          "--token",
          "xoxb-training-token",
          "--channel",
          "C0TRAINING",
          "--status",
          "success",
          "--api-url",
          base + "/api",
          "--timeout",
          "10s");
      t.run(
          "slack-notify through a webhook",
          0,
          List.of(says("Posted through the incoming webhook.")),
          "slack-notify",
          "--webhook-url",
          base + "/services/T0/B0/training",
          "--status",
          "failure",
          "--timeout",
          "10s");
      t.run(
          "deploy-backend on Render",
          1,
          List.of(says("get Render service srv-training: " + render)),
          "deploy-backend",
          "--provider",
          "render",
          "--token",
          "rnd_training",
          "--service-id",
          "srv-training",
          "--api-url",
          base + "/v1",
          "--timeout",
          "10s");
      t.run(
          "deploy-backend on Railway",
          1,
          List.of(says("Railway answered HTTP 404")),
          "deploy-backend",
          "--provider",
          "railway",
          "--token",
          "training",
          "--service-id",
          "svc",
          "--environment-id",
          "env",
          "--api-url",
          base + "/graphql/v2",
          "--timeout",
          "10s");
      // The fake answers a deploy hook as Render does, so this run reaches the deploy and its
      // outputs.
      t.run(
          "deploy-backend through a deploy hook",
          0,
          List.of(output("status", "triggered"), output("deploy-id", HOOK_DEPLOY_ID)),
          "deploy-backend",
          "--provider",
          "hook",
          "--hook-url",
          base + "/deploy/srv-training?key=training",
          "--timeout",
          "10s");
      t.run(
          "deploy-frontend on Vercel",
          1,
          List.of(
              says("Hashed: 93 B"),
              says("create Vercel deployment for prj_training failed: HTTP 404: " + vercel)),
          "deploy-frontend",
          "--token",
          "vercel-training",
          "--project-id",
          "prj_training",
          "--dir",
          "site",
          "--api-url",
          base,
          "--timeout",
          "10s");
      t.run(
          "rollback on Render",
          1,
          List.of(says(render)),
          "rollback",
          "--provider",
          "render",
          "--token",
          "rnd_training",
          "--service-id",
          "srv-training",
          "--api-url",
          base + "/v1",
          "--timeout",
          "10s");
      t.run(
          "rollback on Vercel",
          1,
          List.of(says("get Vercel project prj_training failed: HTTP 404: " + vercel)),
          "rollback",
          "--provider",
          "vercel",
          "--token",
          "vercel-training",
          "--project-id",
          "prj_training",
          "--api-url",
          base,
          "--timeout",
          "10s");
      t.run(
          "deploy (Render backend, Slack message)",
          1,
          List.of(
              says("Updated message 1700000000.000100 in C0TRAINING."),
              says("backend deploy failed: get Render service srv-training: " + render)),
          "deploy",
          "--backend-provider",
          "render",
          "--backend-token",
          "rnd_training",
          "--backend-service-id",
          "srv-training",
          "--backend-api-url",
          base + "/v1",
          "--slack-token",
          "xoxb-training-token",
          "--slack-channel",
          "C0TRAINING",
          "--slack-api-url",
          base + "/api",
          "--backend-timeout",
          "10s");
    } finally {
      SSLContext.setDefault(previous);
    }
    // lint-gate over each report format it reads, with findings to annotate.
    Files.writeString(
        ws.resolve("eslint.json"),
        "[{\"filePath\":\""
            + ws.resolve("src/app.js")
            + "\",\"messages\":[{\"ruleId\":\"no-unused-vars\",\"severity\":2,"
            + "\"message\":\"'x' is assigned a value but never used.\",\"line\":3,\"column\":7,\"endLine\":3,\"endColumn\":8}],\"errorCount\":1,\"warningCount\":0}]");
    Files.writeString(
        ws.resolve("TEST-training.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><testsuite name=\"t\" tests=\"2\" failures=\"1\">"
            + "<testcase classname=\"a.B\" name=\"ok\"/><testcase classname=\"a.B\" name=\"bad\"><failure message=\"expected 1\">at a.B.bad(B.java:7)</failure></testcase></testsuite>");
    Files.writeString(
        ws.resolve("checkstyle.xml"),
        "<?xml version=\"1.0\"?><checkstyle version=\"10\"><file name=\""
            + ws.resolve("A.java")
            + "\"><error line=\"1\" severity=\"warning\" message=\"Missing javadoc\" source=\"x.JavadocCheck\"/></file></checkstyle>");
    Files.writeString(
        ws.resolve("results.sarif"),
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"ruff\",\"rules\":[]}},\"results\":[{\"ruleId\":\"F401\",\"level\":\"error\","
            + "\"message\":{\"text\":\"unused import\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"app.py\"},\"region\":{\"startLine\":1}}}]}]}]}");
    Files.writeString(
        ws.resolve("tsc.txt"),
        "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n");
    // One finding each: an error fails the gate (exit 1), checkstyle's warning does not.
    for (String report : List.of("eslint.json", "TEST-training.xml", "results.sarif", "tsc.txt")) {
      t.run(
          "lint-gate over " + report,
          1,
          List.of(output("errors", "1"), output("verdict", "failed")),
          "lint-gate",
          "--reports",
          report);
    }
    t.run(
        "lint-gate over checkstyle.xml",
        0,
        List.of(output("warnings", "1"), output("verdict", "passed")),
        "lint-gate",
        "--reports",
        "checkstyle.xml");
    // The PostgreSQL steps up to the connect (refused: port 1), through input checks, migration
    // discovery and pgjdbc.
    String db = "postgres://training:training@127.0.0.1:1/shop";
    Path migrations = Files.createDirectories(ws.resolve("migrations"));
    Files.writeString(
        migrations.resolve("V1__init.sql"),
        "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX item_name ON item (name);\n");
    String refused =
        "Connection to 127.0.0.1:1 refused"; // pgjdbc's own words: the step got as far as the
    // connect
    t.run(
        "migrate",
        1,
        List.of(says("migrate: 1 flyway migrations in migrations"), says(refused)),
        "migrate",
        "--database-url",
        db,
        "--dir",
        "migrations",
        "--tool",
        "flyway",
        "--wait-for-lock",
        "1s");
    t.run(
        "db-backup",
        1,
        List.of(says(refused)),
        "db-backup",
        "--database-url",
        db,
        "--destination",
        ws.resolve("backups").toUri().toString(),
        "--compression",
        "zstd");
    // db-restore looks for the backup before it connects: with none there, it stops at that check.
    t.run(
        "db-restore",
        1,
        List.of(says("There is no complete backup under")),
        "db-restore",
        "--database-url",
        db,
        "--source",
        ws.resolve("backups").toUri() + "/latest",
        "--confirm",
        "shop");
  }

  /** The deploy id the fake's deploy hook answers with (Render's form). */
  static final String HOOK_DEPLOY_ID = "dep-d4c0ffee";

  private static final char[] TRAINING_PASSWORD = "training".toCharArray();

  /**
   * A fresh self-signed EC P-256 key and certificate for 127.0.0.1, made by the runtime's own
   * keytool.
   */
  private static KeyStore trainingIdentity(Path dir) throws Exception {
    Path store = dir.resolve("training.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "training",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(TRAINING_PASSWORD))
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

  /**
   * A client context trusting the JDK's CA store plus {@code extra}: the steps' HTTPS path, CA
   * store included.
   */
  private static SSLContext clientTrusting(Certificate extra) throws Exception {
    KeyStore trust =
        KeyStore.getInstance(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(),
            (char[]) null);
    trust.setCertificateEntry("flo-aot-training", extra);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * Answers every TLS connection with one JSON document: Slack's answer on its API paths, a health
   * body on {@code /health}, 404 elsewhere (the provider steps then fail the way a wrong service id
   * does).
   */
  private static void serve(SSLServerSocket server) {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try (s;
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
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
                    body =
                        "{\"ok\":true,\"channel\":\"C0TRAINING\",\"ts\":\"1700000000.000100\",\"message\":{\"ts\":\"1700000000.000100\"}}";
                  } else if (path.startsWith("/health")) {
                    body = "{\"status\":\"ok\"}";
                  } else if (path.startsWith("/services/")) {
                    body = "ok";
                  } else if (path.startsWith("/deploy/")) {
                    body = "{\"deploy\":{\"id\":\"" + HOOK_DEPLOY_ID + "\"}}";
                  } else {
                    status = 404;
                    body = "{\"message\":\"not found\"}";
                  }
                  byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                  out.write(
                      ("HTTP/1.1 "
                              + status
                              + (status == 200 ? " OK" : " Not Found")
                              + "\r\nContent-Type: application/json\r\nContent-Length: "
                              + bytes.length
                              + "\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
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
    try (Socket s = server.accept();
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] head = new byte[8192];
      int n = 0;
      // Read the request head up to the blank line; a GET has no body.
      while (n < head.length
          && !new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      String status =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      out.write(status.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
    } catch (IOException e) {
      // The client then reports the failure; training goes on without this path.
    }
  }

  /**
   * The file commands and context variables the runner gives a container step, in a scratch folder.
   */
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
