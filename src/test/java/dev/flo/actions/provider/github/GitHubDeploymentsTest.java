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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubDeploymentsTest {
  final FakeClock clock = new FakeClock();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final Log log =
      new Log(new PrintStream(out, true), new Masker(new PrintStream(out, true)), false, () -> "t");
  @RegisterExtension final GitHubFake github = GitHubFake.start();

  GitHubDeployments client(String token) throws Exception {
    Http http = Http.create(ProxySelector.getDefault(), clock, log, true);
    return GitHubDeployments.connect(
        github.apiUrl(), Secret.of(token), "acme/shop", clock, log, http);
  }

  @Test
  void createsADeploymentWithoutAutoMergeOrRequiredContextsAndAddsStatuses() throws Exception {
    var gh = client(GitHubFake.TOKEN);
    long id = gh.create("abc1234", "staging", "Deploy abc1234");
    gh.status(
        id,
        DeploymentState.IN_PROGRESS,
        "Deploying",
        null,
        "https://github.com/acme/shop/actions/runs/1");
    gh.status(id, DeploymentState.SUCCESS, "Live", "https://staging.example.com", null);

    var d = github.deployment(id);
    assertThat(d.request().path("auto_merge").asBoolean(true)).isFalse();
    assertThat(d.request().path("required_contexts").isArray()).isTrue();
    assertThat(d.request().path("required_contexts")).isEmpty();
    assertThat(d.environment()).isEqualTo("staging");
    // GitHub's state is in_progress; github-api 1.330's own builder would send in-progress.
    assertThat(d.states()).containsExactly("in_progress", "success");
    assertThat(d.last().environmentUrl()).isEqualTo("https://staging.example.com");
  }

  @Test
  void findsTheNewestDeploymentOfACommitInAnEnvironment() throws Exception {
    github.seedDeployment("aaa1111", "production");
    var newer = github.seedDeployment("aaa1111", "production");
    github.seedDeployment("aaa1111", "staging");
    github.seedDeployment("bbb2222", "production");
    assertThat(client(GitHubFake.TOKEN).latest("aaa1111", "production")).hasValue(newer.id());
    assertThat(client(GitHubFake.TOKEN).latest("ccc3333", "production")).isEmpty();
  }

  @Test
  void aShortSecondaryRateLimitIsWaitedOutAndRetried() throws Exception {
    github.secondaryLimit(1, 7);
    long id = client(GitHubFake.TOKEN).create("abc1234", "production", "Deploy");
    assertThat(github.deployment(id)).isNotNull();
    assertThat(clock.sleeps()).contains(Duration.ofSeconds(7));
  }

  @Test
  void aLimitLiftingLaterThanAMinuteFailsAtOnceInsteadOfSleeping() throws Exception {
    github.rateLimitedUntil(clock.now().plus(Duration.ofMinutes(40)).getEpochSecond());
    assertThatThrownBy(() -> client(GitHubFake.TOKEN).create("abc1234", "production", "Deploy"))
        .isInstanceOf(GitHubDeploymentException.class)
        .hasMessageContaining("rate limit");
    assertThat(clock.sleeps())
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(GitHubApi.MAX_WAIT));
  }

  @Test
  void aMissingPermissionSaysWhichOneToAdd() throws Exception {
    github.forbidDeployments();
    assertThatThrownBy(() -> client(GitHubFake.TOKEN).create("abc1234", "production", "Deploy"))
        .isInstanceOfSatisfying(
            GitHubDeploymentException.class,
            e -> assertThat(e.hint()).contains("deployments: write"));
  }

  @Test
  void aBadTokenNamesTheInput() throws Exception {
    assertThatThrownBy(() -> client("ghs_wrong").create("abc1234", "production", "Deploy"))
        .isInstanceOfSatisfying(
            GitHubDeploymentException.class, e -> assertThat(e.hint()).contains("`github-token`"));
  }
}
