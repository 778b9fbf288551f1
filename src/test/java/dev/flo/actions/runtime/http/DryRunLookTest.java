package dev.flo.actions.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunLookTest {
  @Test
  void noAnswerWithinTheShortDeadlineIsAWarningAndAnUnknown() throws Exception {
    // A port that accepts connections and never answers: the dry run's client gives up after 3 s,
    // not 30.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Annotations annotations = new Annotations();
      java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
      Log log = new Log(quiet, new Masker(quiet), false, () -> "t");
      Http http =
          DryRunLook.client(
              Http.create(RunnerProxy.fromEnv(java.util.Map.of()), Clock.SYSTEM, log, false));
      var request =
          java.net.http.HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/x"))
              .GET()
              .build();
      long start = System.nanoTime();
      var seen =
          DryRunLook.look(
              "the live deploy",
              annotations,
              () -> http.sendIdempotent(request, "the fake provider"));
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
      assertThat(seen).isInstanceOf(DryRunLook.Seen.Unknown.class);
      List<Annotation> all = annotations.all();
      assertThat(all)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.level()).isEqualTo(Annotation.Level.WARNING);
                assertThat(a.message())
                    .contains("could not read the live deploy within 5s")
                    .contains("unknown");
              });
    }
  }

  @Test
  void aRefusalIsTheStepsErrorAsInARealRun() {
    Annotations annotations = new Annotations();
    assertThatThrownBy(
            () ->
                DryRunLook.look(
                    "the live deploy",
                    annotations,
                    () -> {
                      throw new StepFailure("Render refused the API key (401).", "Check the key.");
                    }))
        .isInstanceOf(StepFailure.class);
    assertThat(annotations.all()).isEmpty();
  }

  @Test
  void aClientOtherThanHttpSaysWhichOfItsExceptionsMeanNoAnswer() throws Exception {
    Annotations annotations = new Annotations();
    java.util.function.Predicate<Exception> noAnswer =
        e -> e instanceof java.sql.SQLException s && "08001".equals(s.getSQLState());
    var seen =
        DryRunLook.look(
            "the ledger",
            annotations,
            noAnswer,
            () -> {
              throw new java.sql.SQLException("Connection refused.", "08001");
            });
    assertThat(seen).isEqualTo(new DryRunLook.Seen.Unknown<>("Connection refused."));
    assertThat(annotations.all())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .contains("could not read the ledger within 5s (Connection refused.)"));
    assertThatThrownBy(
            () ->
                DryRunLook.look(
                    "the ledger",
                    annotations,
                    noAnswer,
                    () -> {
                      throw new java.sql.SQLException("password authentication failed", "28P01");
                    }))
        .hasMessageContaining("password authentication failed");
    assertThat(annotations.all()).hasSize(1);
  }

  @Test
  void whatWasReadIsKept() throws Exception {
    assertThat(DryRunLook.look("x", new Annotations(), () -> "live: dep-1"))
        .isEqualTo(new DryRunLook.Seen.Known<>("live: dep-1"));
  }
}
