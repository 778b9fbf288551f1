package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.testing.RunnerWorkflowCommands;
import dev.flo.actions.testing.StepHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskerLogTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final Masker masker = new Masker(out, true);

  private List<String> printed() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** What the runner will mask, as it reads our add-mask commands. */
  private List<String> registered() {
    return printed().stream()
        .map(RunnerWorkflowCommands::parse)
        .flatMap(java.util.Optional::stream)
        .filter(c -> c.name().equals("add-mask"))
        .map(RunnerWorkflowCommands.Command::data)
        .toList();
  }

  @Test
  void offTheRunnerNothingIsPrintedButSecretsAreStillRedacted() {
    ByteArrayOutputStream elsewhere = new ByteArrayOutputStream();
    Masker offRunner = new Masker(new PrintStream(elsewhere, true, StandardCharsets.UTF_8), false);
    offRunner.mask("postgres://app:hunter2pw@db/shop");
    assertThat(elsewhere.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(offRunner.redact("password hunter2pw rejected")).isEqualTo("password *** rejected");
  }

  @Test
  void multiLineSecretsAreMaskedWholeAndPerLine() {
    masker.mask("-----BEGIN KEY-----\nMIIEabc123\r\n-----END KEY-----");
    assertThat(registered())
        .contains(
            "-----BEGIN KEY-----\nMIIEabc123\r\n-----END KEY-----",
            "-----BEGIN KEY-----",
            "MIIEabc123",
            "-----END KEY-----");
    assertThat(masker.redact("key is MIIEabc123 here")).isEqualTo("key is *** here");
  }

  @Test
  void urlPasswordsAreMaskedAlsoPercentDecoded() {
    masker.mask("postgres://app:s3cr%40t%2Fpw@db.internal:5432/shop");
    assertThat(registered()).contains("s3cr%40t%2Fpw", "s3cr@t/pw");
    assertThat(masker.redact("auth failed for password s3cr@t/pw")).doesNotContain("s3cr@t/pw");
  }

  @Test
  void urlPasswordsWithARawAtSignAreMaskedWhole() {
    masker.mask("postgres://app:p@ss-word@db.internal/shop");
    assertThat(registered()).contains("p@ss-word");
    assertThat(masker.redact("password p@ss-word rejected")).isEqualTo("password *** rejected");
  }

  @Test
  void urlsWithoutCredentialsRegisterOnlyThemselves() {
    String url = "https://hooks.slack.com/services/T0/B0/XyZ@abc";
    masker.mask(url);
    assertThat(registered()).first().isEqualTo(url);
    assertThat(registered())
        .hasSizeGreaterThan(1)
        .allMatch(r -> r.equals(url) || SecretForms.encodings(url).contains(r));
  }

  @Test
  void addMaskComesBeforeAnythingElseTheStepPrints() throws Exception {
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(InputDef.required("db", "A URL.").asSecret()),
            List.of(),
            kit -> in -> kit.log().info("connecting to " + in.secret("db").reveal()));
    var result = new StepHarness(def, tmp).input("db", "postgres://u:hunter2pw@h/db").run();
    List<String> lines = result.lines();
    int lastMask = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("::add-mask::")) {
        lastMask = i;
      }
    }
    assertThat(lines.subList(0, lastMask + 1)).allMatch(l -> l.startsWith("::add-mask::"));
    assertThat(result.stdout())
        .contains("connecting to ***")
        .doesNotContain("connecting to postgres");
  }

  @Test
  void untrustedTextIsFencedWithAFreshRandomToken() {
    AtomicInteger n = new AtomicInteger();
    Log log = new Log(out, masker, false, () -> "tok" + n.incrementAndGet() + "f3a9c2e1");
    masker.mask("secret-value");
    log.untrusted("::error::fake failure\n::add-mask::x\n::stop-commands::other\nsecret-value");
    log.untrusted("second");
    List<String> lines = printed().stream().dropWhile(l -> l.startsWith("::add-mask::")).toList();
    assertThat(lines)
        .containsExactly(
            "::stop-commands::tok1f3a9c2e1",
            "::error::fake failure",
            "::add-mask::x",
            "::stop-commands::other",
            "***",
            "::tok1f3a9c2e1::",
            "::stop-commands::tok2f3a9c2e1",
            "second",
            "::tok2f3a9c2e1::");
  }

  @Test
  void launcherTokensAreRandomAndLongEnoughToBeMasked() throws Exception {
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(),
            List.of(),
            kit ->
                in -> {
                  kit.log().untrusted("a");
                  kit.log().untrusted("b");
                });
    var lines =
        new StepHarness(def, tmp)
            .run().lines().stream().filter(l -> l.startsWith("::stop-commands::")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isNotEqualTo(lines.get(1));
    // The runner masks tokens longer than 6 characters and refuses command names as tokens.
    assertThat(lines)
        .allMatch(l -> l.substring("::stop-commands::".length()).matches("[0-9a-f]{32}"));
  }

  @Test
  void ourOwnMessagesCannotSmuggleCommands() {
    Log log = new Log(out, masker, false, () -> "t");
    log.info(
        "deploying branch\n  ::add-mask::nothing\nsee ##[error]here\n\u00A0\u2003::error::no-break spaces");
    assertThat(printed())
        .noneMatch(l -> RunnerWorkflowCommands.parse(l).isPresent())
        .noneMatch(l -> l.contains("##["))
        .contains("deploying branch", ">   ::add-mask::nothing");
  }

  @Test
  void aSecretThatLooksLikeACommandIsRedactedBeforeItIsNeutralised() {
    masker.mask("pw##[x]::add-mask::y");
    new Log(out, masker, false, () -> "t").info("login with pw##[x]::add-mask::y failed");
    assertThat(printed()).last().isEqualTo("login with *** failed");
  }

  /**
   * A library's java.util.logging warning would go to stderr, past the masker; it reaches our log
   * redacted.
   */
  @Test
  void libraryLoggingGoesThroughTheMaskerNotToStderr() throws Exception {
    StepDefinition def =
        new StepDefinition(
            "s",
            "S.",
            List.of(InputDef.required("token", "T.").asSecret()),
            List.of(),
            kit ->
                in ->
                    java.util.logging.Logger.getLogger("org.kohsuke.github.GitHubClient")
                        .warning("::error::HTTP 401 for token " + in.secret("token").reveal()));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream realErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    StepHarness.Result result;
    try {
      result = new StepHarness(def, tmp).input("token", "ghp_leaky0123456789").run();
    } finally {
      System.setErr(realErr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(result.lines())
        .contains("org.kohsuke.github.GitHubClient: ::error::HTTP 401 for token ***");
    assertThat(result.annotations("error")).isEmpty();
  }

  @Test
  void debugOnlyWithRunnerDebug() {
    new Log(out, masker, false, () -> "t").debug("hidden");
    new Log(out, masker, true, () -> "t").debug("shown");
    assertThat(printed()).containsExactly("::debug::shown");
  }
}
