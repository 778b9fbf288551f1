package dev.flo.actions.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubContextTest {
  @TempDir Path tmp;

  @Test
  void pullRequestFromTheEventPayload() throws Exception {
    Path event = tmp.resolve("event.json");
    Files.writeString(
        event,
        """
        {"action":"synchronize","number":17,"pull_request":{"number":17,
          "head":{"sha":"aaaa1111","ref":"feature/login"},"base":{"sha":"bbbb2222","ref":"main"}}}
        """);
    GitHubContext gh =
        GitHubContext.fromEnv(
            Map.of("GITHUB_EVENT_PATH", event.toString(), "GITHUB_EVENT_NAME", "pull_request"));
    assertThat(gh.pr())
        .hasValue(
            new GitHubContext.PullRequest(17, "aaaa1111", "feature/login", "bbbb2222", "main"));
    assertThat(gh.event().path("action").asText()).isEqualTo("synchronize");
  }

  @Test
  void noPullRequestOnPushOrWithoutPayload() throws Exception {
    Path event = tmp.resolve("push.json");
    Files.writeString(event, "{\"ref\":\"refs/heads/main\",\"head_commit\":{\"id\":\"abc\"}}");
    assertThat(GitHubContext.fromEnv(Map.of("GITHUB_EVENT_PATH", event.toString())).pr()).isEmpty();
    assertThat(
            GitHubContext.fromEnv(
                    Map.of("GITHUB_EVENT_PATH", tmp.resolve("missing.json").toString()))
                .pr())
        .isEmpty();
    Files.writeString(tmp.resolve("bad.json"), "{not json");
    assertThat(
            GitHubContext.fromEnv(Map.of("GITHUB_EVENT_PATH", tmp.resolve("bad.json").toString()))
                .event()
                .isEmpty())
        .isTrue();
  }

  @Test
  void runUrlNamesTheAttemptAfterTheFirst() {
    Map<String, String> env =
        Map.of(
            "GITHUB_REPOSITORY",
            "acme/shop",
            "GITHUB_RUN_ID",
            "987",
            "GITHUB_SERVER_URL",
            "https://github.com/");
    assertThat(GitHubContext.fromEnv(env).runUrl())
        .isEqualTo("https://github.com/acme/shop/actions/runs/987");
    var second = new java.util.HashMap<>(env);
    second.put("GITHUB_RUN_ATTEMPT", "2");
    assertThat(GitHubContext.fromEnv(second).runUrl())
        .isEqualTo("https://github.com/acme/shop/actions/runs/987/attempts/2");
    assertThat(GitHubContext.fromEnv(Map.of()).runUrl()).isNull();
  }

  @Test
  void enterpriseServerHostsComeFromTheEnvironment() {
    GitHubContext ghes =
        GitHubContext.fromEnv(
            Map.of(
                "GITHUB_SERVER_URL",
                "https://git.acme.corp",
                "GITHUB_API_URL",
                "https://git.acme.corp/api/v3/",
                "GITHUB_ACTIONS",
                "true"));
    assertThat(ghes.apiUrl()).isEqualTo("https://git.acme.corp/api/v3");
    assertThat(ghes.graphqlUrl()).isEqualTo("https://git.acme.corp/api/v3/graphql");
    assertThat(ghes.actions()).isTrue();
    GitHubContext dotcom = GitHubContext.fromEnv(Map.of());
    assertThat(dotcom.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(dotcom.serverUrl()).isEqualTo("https://github.com");
    assertThat(dotcom.actions()).isFalse();
  }
}
