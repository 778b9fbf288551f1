package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.RunnerWorkflowCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The forms a secret is registered in, byte for byte, and redaction before every cut. */
class MaskerFormsTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Masker masker =
      new Masker(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

  private List<String> registered() {
    return bytes
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(RunnerWorkflowCommands::parse)
        .flatMap(Optional::stream)
        .filter(c -> c.name().equals("add-mask"))
        .map(RunnerWorkflowCommands.Command::data)
        .toList();
  }

  @Test
  void theBareTokenOfAnAuthorizationSchemeIsMasked() {
    masker.mask("Bearer rk_live_9f8e7d6c5b4a");
    masker.mask("token ghp_0123456789abcdefABCDEF");
    masker.mask("Bot xoxb-1-2-abcdef");
    assertThat(registered())
        .contains(
            "Bearer rk_live_9f8e7d6c5b4a",
            "rk_live_9f8e7d6c5b4a",
            "ghp_0123456789abcdefABCDEF",
            "xoxb-1-2-abcdef");
    assertThat(
            masker.redact("Location: /login?t=rk_live_9f8e7d6c5b4a&u=ghp_0123456789abcdefABCDEF"))
        .isEqualTo("Location: /login?t=***&u=***");
  }

  @Test
  void basicCredentialsAreMaskedDecodedAndThePasswordAlone() {
    String b64 =
        Base64.getEncoder().encodeToString("deploy:s3cr3t-pw".getBytes(StandardCharsets.UTF_8));
    masker.mask("Basic " + b64);
    assertThat(registered()).contains("Basic " + b64, b64, "deploy:s3cr3t-pw", "s3cr3t-pw");
    assertThat(
            masker.redact(
                "{\"user\":\"deploy\",\"password\":\"s3cr3t-pw\",\"raw\":\"" + b64 + "\"}"))
        .isEqualTo("{\"user\":\"deploy\",\"password\":\"***\",\"raw\":\"***\"}");
  }

  @Test
  void aHeaderLineMasksItsValueAndTheCredentialInIt() {
    masker.mask(
        "X-Api-Key: k-7c1d2e3f4a\nAuthorization: Bearer tok-88aa99bb\nProject-Access-Token: 5f0c3a1e-railway");
    assertThat(registered())
        .contains("k-7c1d2e3f4a", "Bearer tok-88aa99bb", "tok-88aa99bb", "5f0c3a1e-railway");
    assertThat(masker.redact("keys k-7c1d2e3f4a tok-88aa99bb 5f0c3a1e-railway"))
        .isEqualTo("keys *** *** ***");
  }

  @Test
  void aSecretUrlMasksItsLongQueryValuesAlone() {
    masker.mask("https://api.render.com/deploy/srv-abc?key=Zx9Yw8Vu7Ts6&v=2");
    assertThat(registered()).contains("Zx9Yw8Vu7Ts6").doesNotContain("2", "srv-abc");
    assertThat(masker.redact("no deploy hook with key Zx9Yw8Vu7Ts6 for srv-abc v=2"))
        .isEqualTo("no deploy hook with key *** for srv-abc v=2");
  }

  @Test
  void urlEncodedFormsInEveryStyle() {
    masker.mask("a+b/c=d e~f");
    assertThat(registered())
        .contains(
            "a%2Bb%2Fc%3Dd+e%7Ef",
            "a%2Bb%2Fc%3Dd%20e~f", "a%2bb%2fc%3dd+e%7ef", "a%2bb%2fc%3dd%20e~f");
    assertThat(masker.redact("?q=a%2Bb%2Fc%3Dd+e%7Ef&r=a%2bb%2fc%3dd%20e~f"))
        .isEqualTo("?q=***&r=***");
  }

  @Test
  void jsonAndHtmlEscapedForms() {
    masker.mask("p\"w/\\x<&>'é");
    assertThat(registered())
        .contains(
            "p\\\"w/\\\\x<&>'é",
            "p\\\"w\\/\\\\x<&>'é",
            "p\\\"w/\\\\x<&>'\\u00e9",
            "p&quot;w/\\x&lt;&amp;&gt;&#39;é");
    assertThat(
            masker.redact(
                "{\"m\":\"p\\\"w\\/\\\\x<&>'\\u00e9\"} <b>p&quot;w/\\x&lt;&amp;&gt;&#39;é</b>"))
        .isEqualTo("{\"m\":\"***\"} <b>***</b>");
  }

  /**
   * Base64 of {@code prefix + secret + suffix}: the bytes before shift it, the byte after changes
   * its last digit.
   */
  @ParameterizedTest
  @CsvSource({
    "'', '', czNjcjN0LXRva2VuLTQy, ***",
    "'', '!', czNjcjN0LXRva2VuLTQyIQ==, ***IQ==",
    "u:, '', dTpzM2NyM3QtdG9rZW4tNDI=, dTpz***=",
    "u:, '!', dTpzM2NyM3QtdG9rZW4tNDIh, dTpz***h",
    "us:, '', dXM6czNjcjN0LXRva2VuLTQy, dXM6***",
    "us:, '!', dXM6czNjcjN0LXRva2VuLTQyIQ==, dXM6***IQ==",
    "use:, '', dXNlOnMzY3IzdC10b2tlbi00Mg==, dXNlOnMz***==",
    "use:, '!', dXNlOnMzY3IzdC10b2tlbi00MiE=, dXNlOnMz***iE=",
  })
  void base64InTheThreeAlignments(String prefix, String suffix, String encoded, String redacted) {
    masker.mask("s3cr3t-token-42");
    String actual =
        Base64.getEncoder()
            .encodeToString((prefix + "s3cr3t-token-42" + suffix).getBytes(StandardCharsets.UTF_8));
    assertThat(actual).isEqualTo(encoded);
    assertThat(masker.redact(actual)).isEqualTo(redacted);
    String urlSafe =
        Base64.getUrlEncoder()
            .encodeToString((prefix + "s3cr3t-token-42" + suffix).getBytes(StandardCharsets.UTF_8));
    assertThat(masker.redact(urlSafe))
        .doesNotContain(
            urlSafe.substring(Math.min(8, urlSafe.length() - 8), Math.min(16, urlSafe.length())));
  }

  @Test
  void base64FormsAreTheRunnersPlusTheOnesWithoutTheMixedLastDigit() {
    assertThat(SecretForms.base64("abcd")).containsExactly("YWJjZA", "YWJjZ", "YmNk", "Y2Q", "Y2");
  }

  @Test
  void shortEncodingsAreNotRegistered() {
    masker.mask("abc");
    assertThat(registered()).containsExactly("abc");
    assertThat(masker.redact("YWJj abc")).isEqualTo("YWJj ***");
  }

  /**
   * A secret that straddles a cut at every offset: nothing of it survives, not even its first
   * character.
   */
  @Test
  void shortenRedactsBeforeItCutsAtEveryOffset() {
    String secret = "CANARY-0123456789";
    masker.mask(secret);
    for (int before = 0; before <= 40; before++) {
      String text = "x".repeat(before) + secret + "y".repeat(10);
      String cut = masker.shorten(text, 30);
      String redacted = "x".repeat(before) + "***" + "y".repeat(10);
      assertThat(cut)
          .isEqualTo(redacted.length() <= 30 ? redacted : redacted.substring(0, 29) + "…")
          .doesNotContain("C");
    }
  }

  @Test
  void excerptsAndAnnotationsAndSummariesCutAfterRedacting() {
    String secret = "tok_" + "Z".repeat(20);
    masker.mask("Bearer " + secret);
    for (int shift = 1; shift < secret.length(); shift += 3) {
      String page = "<html>" + "a".repeat(Masker.EXCERPT - 6 - shift) + "***</html>";
      assertThat(
              masker.excerpt(
                  "<html>" + "a".repeat(Masker.EXCERPT - 6 - shift) + secret + "</html>"))
          .isEqualTo(cut(page, Masker.EXCERPT));
      Annotation a = Annotation.error("e".repeat(Annotation.MAX_MESSAGE - shift) + secret);
      String data = RunnerWorkflowCommands.parse(a.toCommand(masker)).orElseThrow().data();
      assertThat(data)
          .isEqualTo(
              cut("e".repeat(Annotation.MAX_MESSAGE - shift) + "***", Annotation.MAX_MESSAGE));
      StepSummary summary =
          new StepSummary()
              .raw("s".repeat(StepSummary.LIMIT_BYTES - 200 - shift) + secret.repeat(20));
      assertThat(summary.render(masker)).doesNotContain("tok_").doesNotContain("ZZZZ");
    }
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  @Test
  void annotationTitleAndFileAreRedactedToo() {
    masker.mask("hunter2-secret");
    String line =
        Annotation.error("m")
            .withTitle("t hunter2-secret")
            .at("dir/hunter2-secret.txt", 1)
            .toCommand(masker);
    assertThat(line).isEqualTo("::error file=dir/***.txt,line=1,title=t ***::m");
  }
}
