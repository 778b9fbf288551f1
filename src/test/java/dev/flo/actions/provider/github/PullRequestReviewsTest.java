package dev.flo.actions.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PullRequestReviewsTest {
  private static final String MARKER = "<!-- flo-actions:lint-gate:test -->";
  private static final String HEAD = "9a5e9a183162ed585f6a5b284fe924672b6b89f4";
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(printed, true),
          new Masker(new PrintStream(printed, true)),
          false,
          () -> "t");

  @BeforeEach
  void pullRequest() {
    github.checks().pullRequest(7, HEAD, Map.of("web/a.js", Set.of(10, 11, 12, 13)));
  }

  private PullRequestReviews reviews() throws Exception {
    return new PullRequestReviews(
        GitHubApi.connect(
            github.apiUrl(),
            Secret.of(GitHubFake.TOKEN),
            clock,
            log,
            dev.flo.actions.runtime.http.Http.create(null, clock, log, true)));
  }

  @Test
  void multiLineCommentsKeepTheirStartLine() throws Exception {
    var posted =
        reviews()
            .replace(
                "acme/shop",
                7,
                HEAD,
                MARKER,
                "body",
                List.of(new PullRequestReviews.LineComment("web/a.js", 11, 13, "three lines")),
                "fallback");
    assertThat(posted.commentsPosted()).isEqualTo(1);
    assertThat(github.checks().comments())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.startLine()).isEqualTo(11);
              assertThat(c.line()).isEqualTo(13);
              assertThat(c.body()).isEqualTo("three lines\n\n" + MARKER);
            });
  }

  @Test
  void aLineOutsideTheDiffMovesTheFindingsIntoTheReviewBody() throws Exception {
    var posted =
        reviews()
            .replace(
                "acme/shop",
                7,
                HEAD,
                MARKER,
                "body",
                List.of(
                    new PullRequestReviews.LineComment("web/a.js", 10, 10, "on the diff"),
                    new PullRequestReviews.LineComment("web/a.js", 40, 40, "not on it")),
                "every finding listed");
    assertThat(posted.linesRefused()).isTrue();
    assertThat(posted.commentsPosted()).isZero();
    assertThat(github.checks().comments()).isEmpty();
    assertThat(github.checks().reviews())
        .singleElement()
        .satisfies(r -> assertThat(r.body()).isEqualTo("every finding listed\n\n" + MARKER));
  }

  @Test
  void aReadOnlyTokenIsAPermissionProblem() throws Exception {
    github.checks().readOnly();
    assertThatThrownBy(
            () -> reviews().replace("acme/shop", 7, HEAD, MARKER, "body", List.of(), "fallback"))
        .isInstanceOfSatisfying(
            GitHubPublishException.class,
            e -> {
              assertThat(e.permission()).isTrue();
              assertThat(e.hint()).contains("pull-requests: write");
            });
  }
}
