package dev.flo.actions.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PullRequestCommentsTest {
  private static final String MARKER = "<!-- flo-actions:test -->";
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(printed, true),
          new Masker(new PrintStream(printed, true)),
          false,
          () -> "t");

  private PullRequestComments comments(String token) throws Exception {
    return new PullRequestComments(
        GitHubApi.connect(
            github.apiUrl(), Secret.of(token), clock, log, Http.create(null, clock, log, true)));
  }

  /** As deploy-frontend builds it: the author learnt from GraphQL's viewer. */
  private PullRequestComments commentsAskingTheViewer(String graphqlUrl) throws Exception {
    Http http = Http.create(ProxySelector.getDefault(), clock, log, true);
    return new PullRequestComments(
        GitHubApi.connect(github.apiUrl(), Secret.of(GitHubFake.TOKEN), clock, log, http),
        graphqlUrl,
        Secret.of(GitHubFake.TOKEN),
        http);
  }

  @Test
  void anotherAppsInstallationTokenEditsItsOwnCommentInPlace() throws Exception {
    github.asAppInstallation("acme-deployer");
    github.seedComment(7, "github-actions[bot]", "From the workflow's own token " + MARKER);
    github.seedComment(7, "mallory", "Pasted " + MARKER);

    var first =
        commentsAskingTheViewer(github.graphqlUrl())
            .upsert("acme/shop", 7, MARKER, "Preview: https://a.vercel.app");
    var second =
        commentsAskingTheViewer(github.graphqlUrl())
            .upsert("acme/shop", 7, MARKER, "Preview: https://b.vercel.app");

    assertThat(first.outcome()).isEqualTo(PullRequestComments.Outcome.CREATED);
    assertThat(second.outcome()).isEqualTo(PullRequestComments.Outcome.UPDATED);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(github.comments())
        .extracting(GitHubFake.Comment::author)
        .containsExactly("github-actions[bot]", "mallory", "acme-deployer[bot]");
    assertThat(github.comments().getLast().body())
        .contains("https://b.vercel.app")
        .doesNotContain("https://a.vercel.app");
    assertThat(github.comments().get(0).body())
        .isEqualTo("From the workflow's own token " + MARKER);
  }

  @Test
  void withoutTheViewerAnotherAppsTokenCannotTellItsCommentAndWritesANewOne() throws Exception {
    github.asAppInstallation("acme-deployer");
    comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "one");
    comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "two");
    assertThat(github.comments()).hasSize(2);
  }

  @Test
  void theViewerAnswersForUserTokensAndGitHubTokenToo() throws Exception {
    commentsAskingTheViewer(github.graphqlUrl()).upsert("acme/shop", 7, MARKER, "one");
    commentsAskingTheViewer(github.graphqlUrl()).upsert("acme/shop", 7, MARKER, "two");
    github.actingAs("release-bot-user");
    commentsAskingTheViewer(github.graphqlUrl()).upsert("acme/shop", 7, MARKER, "three");
    commentsAskingTheViewer(github.graphqlUrl()).upsert("acme/shop", 7, MARKER, "four");
    assertThat(github.comments())
        .extracting(c -> c.author() + ": " + c.body().lines().findFirst().orElseThrow())
        .containsExactly("github-actions[bot]: two", "release-bot-user: four");
  }

  @Test
  void whenGraphQlDoesNotAnswerTheRestIdentityIsUsed() throws Exception {
    github.actingAs("release-bot-user");
    commentsAskingTheViewer(github.apiUrl() + "/no-graphql-here")
        .upsert("acme/shop", 7, MARKER, "one");
    var again =
        commentsAskingTheViewer(github.apiUrl() + "/no-graphql-here")
            .upsert("acme/shop", 7, MARKER, "two");
    assertThat(again.outcome()).isEqualTo(PullRequestComments.Outcome.UPDATED);
    assertThat(github.comments()).hasSize(1);
  }

  @Test
  void createsOnceThenUpdatesItsOwnCommentLeavingOthersAlone() throws Exception {
    github.seedComment(7, "alice", "Looks good, but see " + "<!-- another bot -->");
    var first =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://a.vercel.app");
    var second =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://b.vercel.app");

    assertThat(first.outcome()).isEqualTo(PullRequestComments.Outcome.CREATED);
    assertThat(second.outcome()).isEqualTo(PullRequestComments.Outcome.UPDATED);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(github.comments()).hasSize(2);
    assertThat(github.comments().get(0).body()).startsWith("Looks good");
    assertThat(github.comments().get(1).body())
        .contains("https://b.vercel.app")
        .contains(MARKER)
        .doesNotContain("https://a.vercel.app");
    assertThat(second.htmlUrl()).contains("/pull/7#issuecomment-" + first.id());
  }

  @Test
  void aForeignCommentCarryingTheMarkerIsNeverEdited() throws Exception {
    github.seedComment(7, "mallory", "Copied from the bot: Preview https://evil.example " + MARKER);

    var written =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://a.vercel.app");
    var again =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://b.vercel.app");

    assertThat(written.outcome()).isEqualTo(PullRequestComments.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(PullRequestComments.Outcome.UPDATED);
    assertThat(again.id()).isEqualTo(written.id());
    assertThat(github.comments().get(0).body())
        .isEqualTo("Copied from the bot: Preview https://evil.example " + MARKER);
    assertThat(github.comments()).hasSize(2);
  }

  @Test
  void withAPersonalTokenOnlyThatUsersCommentIsEdited() throws Exception {
    github.actingAs("release-bot-user");
    github.seedComment(7, "github-actions[bot]", "An older comment " + MARKER);

    var first =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://a.vercel.app");
    var second =
        comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "Preview: https://b.vercel.app");

    assertThat(first.outcome()).isEqualTo(PullRequestComments.Outcome.CREATED);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(github.comments())
        .extracting(GitHubFake.Comment::author)
        .containsExactly("github-actions[bot]", "release-bot-user");
    assertThat(github.comments().get(0).body()).isEqualTo("An older comment " + MARKER);
  }

  @Test
  void forbiddenCommentSaysWhichPermissionToAdd() throws Exception {
    github.forbidComments();
    assertThatThrownBy(() -> comments(GitHubFake.TOKEN).upsert("acme/shop", 7, MARKER, "x"))
        .isInstanceOf(PullRequestComments.GitHubCommentException.class)
        .hasMessageContaining("HTTP 403")
        .extracting(e -> ((PullRequestComments.GitHubCommentException) e).hint())
        .asString()
        .contains("pull-requests: write");
  }

  @Test
  void badTokenIsReportedWithoutTheToken() throws Exception {
    assertThatThrownBy(() -> comments("wrong-token-value").upsert("acme/shop", 7, MARKER, "x"))
        .isInstanceOf(PullRequestComments.GitHubCommentException.class)
        .hasMessageNotContaining("wrong-token-value");
  }
}
