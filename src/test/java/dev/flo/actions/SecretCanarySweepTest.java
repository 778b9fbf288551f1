package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.deployfrontend.DeployFrontendStep;
import dev.flo.actions.step.healthverify.HealthVerifyStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.step.slacknotify.SlackNotifyStep;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A secret never reaches a log", tried as a hostile server would: every step that sends a
 * credential runs through the real launcher against a local server that echoes the credential it
 * received (bare, base64, URL-encoded, JSON- and HTML-escaped, in a JSON field, an HTML page and a
 * {@code Location} header, and at offsets that straddle every place where we cut text: 80, 120, 200
 * and 4,096 characters). Neither the canary nor any 8-character piece of it, nor of its base64
 * forms, may appear in stdout (bar the {@code ::add-mask::} lines the runner hides), stderr, the
 * summary, or any file the step wrote: outputs, env, state, workspace files; nor in any request
 * body we send (a GitHub deployment status or PR comment, a Slack message).
 */
class SecretCanarySweepTest {
  /** A token with the characters that URL, JSON and base64 encodings change. */
  static final String CANARY = "cnry+7Q2x/W9vK=4mB8pL3zR6tY1nH5";

  /** For credentials that travel in a URL (a hook key, a webhook path, a password in userinfo). */
  static final String URL_CANARY = "cnry-7Q2x_W9vK.4mB8pL3zR6tY1nH5";

  static final String MARKER = "MARKER-ECHO";

  /**
   * Where text is cut: JSON value excerpts, Vercel's excerpt, Masker.EXCERPT,
   * Annotation.MAX_MESSAGE.
   */
  static final int[] CUTS = {80, 120, 200, 4096};

  @TempDir Path tmp;

  /** How the server answers; {@code shift} places the echo that many characters before each cut. */
  enum Mode {
    JSON_ERROR,
    JSON_OK_FALSE,
    HTML_PAGE,
    LOCATION,
    ENCODED
  }

  /**
   * @param onRunner false runs the step as on the command line, where no runner masks and we print
   *     no add-mask
   */
  record Probe(Mode mode, int shift, boolean onRunner) {}

  static final List<Probe> PROBES =
      List.of(
          new Probe(Mode.JSON_ERROR, 1, true),
          new Probe(Mode.JSON_OK_FALSE, 14, false),
          new Probe(Mode.HTML_PAGE, 27, true),
          new Probe(Mode.JSON_ERROR, 20, false),
          new Probe(Mode.LOCATION, 5, true),
          new Probe(Mode.ENCODED, 9, false),
          new Probe(Mode.JSON_OK_FALSE, 3, true),
          new Probe(Mode.ENCODED, 0, true));

  /**
   * One way a step sends a secret: the step, the canary it carries, and its inputs given the
   * server's base URL.
   */
  record Target(String name, StepDefinition step, String canary, Setup setup) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The inputs of one target, given the hostile server's base URL and the workspace. */
  @FunctionalInterface
  interface Setup {
    StepHarness apply(StepHarness h, String base, Path workspace);
  }

  static Stream<Target> targets() {
    return Stream.of(
        new Target(
            "health-verify X-Api-Key",
            HealthVerifyStep.DEFINITION,
            CANARY,
            (h, base, ws) -> health(h, base).input("headers", "X-Api-Key: " + CANARY)),
        new Target(
            "health-verify Bearer",
            HealthVerifyStep.DEFINITION,
            CANARY,
            (h, base, ws) -> health(h, base).input("headers", "Authorization: Bearer " + CANARY)),
        new Target(
            "health-verify Basic from the URL",
            HealthVerifyStep.DEFINITION,
            URL_CANARY,
            (h, base, ws) ->
                health(h, base)
                    .input(
                        "url",
                        base.replace("http://", "http://deploy:" + URL_CANARY + "@") + "/health")),
        new Target(
            "health-verify key in the query",
            HealthVerifyStep.DEFINITION,
            URL_CANARY,
            (h, base, ws) -> health(h, base).input("url", base + "/health?v=2&key=" + URL_CANARY)),
        new Target(
            "deploy-backend render + GitHub",
            DeployBackendStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                github(h, base)
                    .input("provider", "render")
                    .input("token", CANARY)
                    .input("service-id", "srv-canary")
                    .input("api-url", base)),
        new Target(
            "deploy-backend railway",
            DeployBackendStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                h.input("provider", "railway")
                    .input("token", CANARY)
                    .input("service-id", "svc")
                    .input("environment-id", "env")
                    .input("api-url", base)),
        new Target(
            "deploy-backend hook",
            DeployBackendStep.DEFINITION,
            URL_CANARY,
            (h, base, ws) ->
                h.input("provider", "hook")
                    .input("hook-url", base + "/deploy/srv-x?key=" + URL_CANARY)),
        new Target(
            "deploy-frontend + GitHub",
            DeployFrontendStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                github(site(h, ws), base)
                    .input("token", CANARY)
                    .input("project-id", "prj_canary")
                    .input("api-url", base)),
        new Target(
            "rollback render + GitHub",
            RollbackStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                github(h, base)
                    .input("provider", "render")
                    .input("token", CANARY)
                    .input("service-id", "srv-canary")
                    .input("api-url", base)
                    .input("github-deployment-id", "7")),
        new Target(
            "rollback vercel",
            RollbackStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                h.input("provider", "vercel")
                    .input("token", CANARY)
                    .input("project-id", "prj_canary")
                    .input("api-url", base)),
        new Target(
            "rollback railway",
            RollbackStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                h.input("provider", "railway")
                    .input("token", CANARY)
                    .input("service-id", "svc")
                    .input("environment-id", "env")
                    .input("api-url", base)),
        new Target(
            "slack-notify bot token",
            SlackNotifyStep.DEFINITION,
            CANARY,
            (h, base, ws) ->
                h.input("token", CANARY)
                    .input("channel", "#deploys")
                    .input("status", "failure")
                    .input("api-url", base)),
        new Target(
            "slack-notify webhook",
            SlackNotifyStep.DEFINITION,
            URL_CANARY,
            (h, base, ws) ->
                h.input("webhook-url", base + "/services/T0/B0/" + URL_CANARY)
                    .input("status", "failure")));
  }

  private static StepHarness health(StepHarness h, String base) {
    return h.input("url", base + "/health")
        .input("expect-json", "status=ok")
        .input("timeout", "3s")
        .input("interval", "1s");
  }

  private static StepHarness github(StepHarness h, String base) {
    return h.input("github-token", CANARY).env("GITHUB_API_URL", base);
  }

  private static StepHarness site(StepHarness h, Path workspace) {
    try {
      Path site = workspace.resolve("site");
      Files.createDirectories(site);
      Files.writeString(site.resolve("index.html"), "<h1>shop</h1>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return h.input("dir", "site");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void noPieceOfTheCanaryGetsOut(Target target) throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    // What we sent: a GitHub status description, a PR comment or a Slack message is as public as a
    // log.
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean markerShown = false;
    for (Probe probe : PROBES) {
      Path dir =
          Files.createDirectories(
              tmp.resolve(probe.mode() + "-" + probe.shift() + "-" + probe.onRunner()));
      try (LocalHttpServer server =
          new LocalHttpServer((r, ex) -> answer(r, ex, probe, received, bodies))) {
        StepHarness h = new StepHarness(target.step(), dir).clock(new FakeClock());
        Path env = Files.createFile(dir.resolve("set_env_canary"));
        Path state = Files.createFile(dir.resolve("save_state_canary"));
        h.env("GITHUB_ENV", env.toString())
            .env("GITHUB_STATE", state.toString())
            .env("GITHUB_ACTIONS", String.valueOf(probe.onRunner()));
        target.setup().apply(h, server.baseUrl(), dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        StepHarness.Result result;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
          result = h.run();
        } finally {
          System.setErr(realErr);
        }
        String shown =
            String.join(
                "\n", result.lines().stream().filter(l -> !l.startsWith("::add-mask::")).toList());
        Map<String, String> places = new LinkedHashMap<>();
        places.put("stdout", shown);
        places.put("stderr", err.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            places.put(
                dir.relativize(f).toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
          }
        }
        assertThat(places).as("%s with %s", target, probe).containsKey("stdout");
        for (var place : places.entrySet()) {
          for (String piece : pieces(target.canary())) {
            assertThat(place.getValue())
                .as("%s with %s: %s holds '%s'", target, probe, place.getKey(), piece)
                .doesNotContain(piece);
          }
        }
        assertThat(result.outputs()).as("%s with %s: outputs written", target, probe).isNotEmpty();
        markerShown |= shown.contains(MARKER) || result.summary().contains(MARKER);
      }
    }
    assertThat(received).as("%s: the server received the canary", target).contains(target.canary());
    for (String piece : pieces(target.canary())) {
      assertThat(bodies)
          .as("%s: a request body we sent holds '%s'", target, piece)
          .noneMatch(b -> b.contains(piece));
    }
    // Without this the sweep could pass because no step ever printed what the server said.
    assertThat(markerShown)
        .as("%s: some answer of the server reached the log or the summary", target)
        .isTrue();
  }

  /**
   * The same through {@code Main} in a JVM of its own, as {@code java -jar flo-actions.jar <step>
   * --input v} runs: the process's real stderr (where library logging would go) and stdout, with no
   * runner to mask anything.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void theCommandLineLeaksNothingEither(String name, Mode mode, List<String> args)
      throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LocalHttpServer server =
        new LocalHttpServer(
            (r, ex) -> answer(r, ex, new Probe(mode, 7, false), received, bodies))) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName()));
      args.forEach(a -> command.add(a.replace("BASE", server.baseUrl())));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(tmp.toFile())
              .redirectOutput(tmp.resolve("stdout").toFile())
              .redirectError(tmp.resolve("stderr").toFile());
      pb.environment()
          .keySet()
          .removeIf(
              k -> k.startsWith("GITHUB_") || k.startsWith("INPUT_") || k.startsWith("RUNNER_"));
      // GitHub's API is the hostile server too: hub4j logs through java.util.logging, which writes
      // to stderr.
      pb.environment()
          .putAll(
              Map.of(
                  "GITHUB_API_URL",
                  server.baseUrl(),
                  "GITHUB_REPOSITORY",
                  "acme/shop",
                  "GITHUB_SHA",
                  "0123456789abcdef0123456789abcdef01234567"));
      Process p = pb.start();
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("%s ends", name).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      String stdout = Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8);
      String stderr = Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
      assertThat(received).as(stdout).contains(CANARY);
      assertThat(stdout)
          .as("%s: the server's answer was printed", name)
          .contains(MARKER)
          .doesNotContain("::add-mask::");
      for (String piece : pieces(CANARY)) {
        assertThat(stdout).as("%s: stdout holds '%s'", name, piece).doesNotContain(piece);
        assertThat(stderr).as("%s: stderr holds '%s'", name, piece).doesNotContain(piece);
      }
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> commandLines() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "health-verify Bearer",
            Mode.JSON_OK_FALSE,
            List.of(
                "health-verify",
                "--url",
                "BASE/health",
                "--headers",
                "Authorization: Bearer " + CANARY,
                "--expect-json",
                "status=ok",
                "--timeout",
                "8s",
                "--interval",
                "2s",
                "--request-timeout",
                "6s")),
        org.junit.jupiter.params.provider.Arguments.of(
            "deploy-backend render",
            Mode.ENCODED,
            List.of(
                "deploy-backend",
                "--provider",
                "render",
                "--token",
                CANARY,
                "--service-id",
                "srv-canary",
                "--github-token",
                CANARY,
                "--api-url",
                "BASE")));
  }

  /** Every 8-character piece of the canary and of its base64 forms in the three alignments. */
  static List<String> pieces(String canary) {
    List<String> forms = new ArrayList<>(List.of(canary));
    byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset <= 2; offset++) {
      String b64 =
          Base64.getEncoder()
              .withoutPadding()
              .encodeToString(java.util.Arrays.copyOfRange(bytes, offset, bytes.length));
      // The last two digits mix in whatever follows the secret in the encoded text.
      forms.add(b64.substring(0, b64.length() - 2));
      forms.add(b64.substring(0, b64.length() - 2).replace('+', '-').replace('/', '_'));
    }
    List<String> pieces = new ArrayList<>();
    for (String f : forms) {
      for (int i = 0; i + 8 <= f.length(); i++) {
        pieces.add(f.substring(i, i + 8));
      }
    }
    return pieces;
  }

  /**
   * The credential as the server received it: the parameter of Authorization, a token header, a key
   * in the query or path.
   */
  static String credential(LocalHttpServer.Request r) {
    String auth = r.header("Authorization");
    if (auth != null) {
      String param = auth.substring(auth.indexOf(' ') + 1);
      if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
        String userPass = new String(Base64.getDecoder().decode(param), StandardCharsets.UTF_8);
        return userPass.substring(userPass.indexOf(':') + 1);
      }
      return param;
    }
    for (String header : List.of("Project-Access-Token", "X-Api-Key")) {
      if (r.header(header) != null) {
        return r.header(header);
      }
    }
    if (r.query() != null && r.query().contains("key=")) {
      return r.query().substring(r.query().indexOf("key=") + 4).split("&")[0];
    }
    return r.path().substring(r.path().lastIndexOf('/') + 1);
  }

  /**
   * {@code credential} at the start and then {@code shift} characters before each cut, with filler
   * between.
   */
  static String laced(String credential, int shift) {
    StringBuilder sb = new StringBuilder(MARKER).append(' ').append(credential).append(' ');
    for (int cut : CUTS) {
      int at = cut - shift;
      if (sb.length() <= at) {
        sb.append("x".repeat(at - sb.length())).append(credential);
      }
    }
    return sb.append(" end").toString();
  }

  private static void answer(
      LocalHttpServer.Request r,
      HttpExchange ex,
      Probe probe,
      Set<String> received,
      List<String> bodies)
      throws IOException {
    bodies.add(r.bodyText());
    if (r.path().startsWith("/moved/")) {
      LocalHttpServer.respond(
          ex, 500, "text/plain", MARKER + " no page at " + r.path() + "?" + r.query());
      return;
    }
    String credential = credential(r);
    received.add(credential);
    String text = laced(credential, probe.shift());
    String json = com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    switch (probe.mode()) {
      case JSON_ERROR ->
          LocalHttpServer.json(
              ex,
              400,
              "{\"message\":"
                  + json
                  + ",\"error\":{\"code\":\"forbidden\",\"message\":"
                  + json
                  + "},\"errors\":[{\"message\":"
                  + json
                  + "}],\"status\":"
                  + json
                  + "}");
      case JSON_OK_FALSE ->
          LocalHttpServer.json(
              ex,
              200,
              "{\"ok\":false,\"error\":"
                  + json
                  + ",\"status\":"
                  + json
                  + ",\"message\":"
                  + json
                  + ",\"data\":null,\"deploy\":{\"id\":"
                  + json
                  + "}}");
      case HTML_PAGE ->
          LocalHttpServer.respond(
              ex,
              502,
              "text/html",
              "<html><head><title>502</title></head><body><h1>Bad Gateway</h1><p>"
                  + text.replace("&", "&amp;")
                  + "</p><p>js="
                  + credential.replace("/", "\\/")
                  + "</p></body></html>");
      case LOCATION -> {
        ex.getResponseHeaders()
            .set(
                "Location",
                "/moved/"
                    + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                    + "?token="
                    + credential);
        LocalHttpServer.respond(ex, 302, "text/plain", text);
      }
      case ENCODED -> {
        String encoded =
            MARKER
                + " basic="
                + b64("deploy:" + credential)
                + " b64="
                + b64(credential)
                + " b64url="
                + Base64.getUrlEncoder()
                    .encodeToString(("xy" + credential + "!").getBytes(StandardCharsets.UTF_8))
                + " url="
                + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                + " url20="
                + URLEncoder.encode(credential, StandardCharsets.UTF_8).replace("+", "%20");
        String e = com.fasterxml.jackson.databind.node.TextNode.valueOf(encoded).toString();
        LocalHttpServer.json(
            ex,
            400,
            "{\"message\":"
                + e
                + ",\"error\":{\"code\":\"bad\",\"message\":"
                + e
                + "},\"errors\":[{\"message\":"
                + e
                + "}]}");
      }
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
