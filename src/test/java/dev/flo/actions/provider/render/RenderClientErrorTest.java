package dev.flo.actions.provider.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.RetryPolicy;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An error body that is neither Render's JSON nor an HTML page reaches the message redacted, then
 * cut.
 */
class RenderClientErrorTest {
  @Test
  void aPlainTextErrorEchoingTheKeyAcrossTheCutIsRedactedBeforeItIsCut() throws Exception {
    // A proxy that echoes the request headers, with the key straddling the 200th character.
    String body = "x".repeat(170) + " Authorization: Bearer " + RenderFake.TOKEN + " rejected";
    try (LocalHttpServer server =
        new LocalHttpServer((r, ex) -> LocalHttpServer.respond(ex, 400, "text/plain", body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      Masker masker = new Masker(print);
      Http http =
          new Http(
              HttpClient.newHttpClient(),
              FakeClock.virtual(),
              new Log(print, masker, false, () -> "t"),
              () -> 0.5,
              RetryPolicy.DEFAULT,
              Duration.ofSeconds(5));
      RenderClient render = new RenderClient(server.baseUrl(), Secret.of(RenderFake.TOKEN), http);

      assertThatThrownBy(() -> render.service(RenderFake.SERVICE))
          .isInstanceOf(RenderException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains("HTTP 400", "Bearer ***")
                      .doesNotContain("rnd_"));
    }
  }
}
