package dev.flo.actions.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckRunsTest {
  private static final String SHA = "9a5e9a183162ed585f6a5b284fe924672b6b89f4";
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(printed, true),
          new Masker(new PrintStream(printed, true)),
          false,
          () -> "t");

  private CheckRuns checks(GitHubFake fake) throws Exception {
    return new CheckRuns(
        GitHubApi.connect(
            fake.apiUrl(),
            Secret.of(GitHubFake.TOKEN),
            clock,
            log,
            dev.flo.actions.runtime.http.Http.create(null, clock, log, true)));
  }

  private static CheckRuns.Report report(int findings, String message) {
    List<CheckRuns.Annotation> annotations =
        IntStream.rangeClosed(1, findings)
            .mapToObj(
                i ->
                    new CheckRuns.Annotation(
                        "web/a.js",
                        i,
                        i,
                        1,
                        4,
                        CheckRuns.Level.WARNING,
                        "ESLint no-var",
                        message + " " + i,
                        null))
            .toList();
    return new CheckRuns.Report(
        "lint-gate",
        SHA,
        "Passed",
        findings + " warnings",
        null,
        CheckRuns.Conclusion.SUCCESS,
        null,
        annotations);
  }

  @Test
  void aReRunWithOtherFindingsWritesANewRunAndMarksTheOldOneSuperseded() throws Exception {
    var first = checks(github).publish("acme/shop", report(60, "Unexpected var"));
    var second = checks(github).publish("acme/shop", report(3, "Use let"));

    assertThat(first.outcome()).isEqualTo(CheckRuns.Outcome.CREATED);
    assertThat(second.outcome()).isEqualTo(CheckRuns.Outcome.REPLACED);
    var runs = github.checks().checkRuns();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0))
        .extracting(ChecksAndReviewsFake.CheckRun::conclusion, ChecksAndReviewsFake.CheckRun::title)
        .containsExactly("neutral", "Superseded");
    assertThat(runs.get(0).annotations()).hasSize(60);
    assertThat(runs.get(1).annotations()).hasSize(3);
    assertThat(runs.get(1).id()).isEqualTo(second.id());
  }

  @Test
  void aThousandAnnotationsArriveInTwentyRequests() throws Exception {
    checks(github).publish("acme/shop", report(1000, "Unexpected var"));
    assertThat(github.checks().checkRuns())
        .singleElement()
        .satisfies(r -> assertThat(r.annotations()).hasSize(1000));
    assertThat(github.mutating()).hasSize(20);
  }

  @Test
  void aPersonalTokenCannotWriteChecksAndSaysSo() throws Exception {
    github.actingAs("octocat");
    assertThatThrownBy(() -> checks(github).publish("acme/shop", report(1, "x")))
        .isInstanceOfSatisfying(
            GitHubPublishException.class,
            e -> {
              assertThat(e.permission()).isTrue();
              assertThat(e.getMessage()).contains("HTTP 403");
              assertThat(e.hint()).contains("checks: write");
            });
    assertThat(github.checks().checkRuns()).isEmpty();
  }

  @Test
  void aSecondaryRateLimitIsWaitedOutWithinTheBound() throws Exception {
    github.secondaryLimit(1, 30);
    var published = checks(github).publish("acme/shop", report(2, "x"));
    assertThat(published.outcome()).isEqualTo(CheckRuns.Outcome.CREATED);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void worksOnGitHubEnterpriseServer() throws Exception {
    try (GitHubFake ghes = new GitHubFake("/api/v3")) {
      var published = checks(ghes).publish("acme/shop", report(51, "x"));
      assertThat(ghes.checks().checkRuns())
          .singleElement()
          .satisfies(r -> assertThat(r.annotations()).hasSize(51));
      assertThat(ghes.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v3/"));
      assertThat(published.id()).isEqualTo(ghes.checks().checkRuns().getFirst().id());
    }
  }
}
