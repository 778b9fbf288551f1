package dev.flo.actions.step.slacknotify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.testing.FakeClock;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackNotifyStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT =
      "Fix checkout: handle \"quoted\" `code` & <!channel> 🚀 ünïcödé\n\nSecond line";

  @TempDir Path tmp;
  private SlackFake slack;
  private FakeClock clock;

  @BeforeEach
  void start() throws IOException {
    clock = new FakeClock();
    slack = new SlackFake(clock);
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  /**
   * A push run of acme/shop with {@code message} as the head commit's message, posting with the bot
   * token.
   */
  private StepHarness step(String message) throws IOException {
    Path event = tmp.resolve("event.json");
    Files.writeString(
        event,
        JSON.createObjectNode()
            .set("head_commit", JSON.createObjectNode().put("message", message))
            .toString());
    return new StepHarness(SlackNotifyStep.DEFINITION, tmp)
        .clock(clock)
        .env("GITHUB_EVENT_PATH", event.toString())
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_REF_NAME", "main")
        .env("GITHUB_ACTOR", "alice")
        .env("GITHUB_WORKFLOW", "Deploy")
        .input("api-url", slack.apiUrl())
        .input("token", SlackFake.TOKEN);
  }

  private StepHarness step() throws IOException {
    return step(COMMIT);
  }

  /** A success post to #deploys with {@code json} as the workspace's payload-file. */
  private StepHarness template(String json) throws IOException {
    Files.writeString(tmp.resolve("slack.json"), json);
    return step()
        .input("channel", "#deploys")
        .input("status", "success")
        .input("payload-file", "slack.json");
  }

  /** What the job log shows, without the add-mask commands the runner never displays. */
  private static String visibleLog(StepHarness.Result result) {
    return String.join(
        "\n", result.lines().stream().filter(l -> !l.startsWith("::add-mask::")).toList());
  }

  private static JsonNode attachmentBlocks(JsonNode message) {
    return message.path("attachments").get(0).path("blocks");
  }

  @Test
  void postsTheStatusWithTheRunsFactsAndSetsOutputs() throws Exception {
    var result =
        step()
            .input("channel", "#deploys")
            .input("status", "started")
            .input("environment", "production")
            .input("deploy-url", "https://shop.example.com")
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(slack.messages()).hasSize(1);
    SlackFake.Message posted = slack.messages().getFirst();
    assertThat(result.output("ts")).isEqualTo(posted.ts());
    assertThat(result.output("channel-id")).isEqualTo(SlackFake.DEPLOYS);
    JsonNode blocks = attachmentBlocks(posted.body());
    assertThat(blocks.get(0).path("text").path("text").asText())
        .isEqualTo(":rocket: Deploy of shop to production started");
    assertThat(posted.body().path("attachments").get(0).path("color").asText())
        .isEqualTo("#1d9bd1");
    String all = posted.body().toString();
    assertThat(all)
        .contains("<https://github.com/acme/shop|acme/shop>")
        .contains(
            "<https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567|0123456>")
        .contains("alice")
        .contains("<https://shop.example.com|https://shop.example.com>")
        .contains("<https://github.com/acme/shop/actions/runs/42|View the run>");
    assertThat(slack.requests().getFirst().header("Authorization"))
        .isEqualTo("Bearer " + SlackFake.TOKEN);
    assertThat(visibleLog(result)).doesNotContain(SlackFake.TOKEN.substring(5));
    assertThat(result.summary())
        .contains("Posted message " + posted.ts())
        .doesNotContain(SlackFake.TOKEN.substring(5));
  }

  @Test
  void updatesTheSameMessageInPlaceAndPingsInItsThreadOnFailure() throws Exception {
    var started =
        step()
            .input("channel", "#deploys")
            .input("status", "started")
            .input("environment", "production")
            .run();
    var ended =
        step()
            .input("message-ts", started.output("ts"))
            .input("channel-id", started.output("channel-id"))
            .input("status", "failure")
            .input("environment", "production")
            .input("text", "Health check failed, rolled back to the previous deploy.")
            .input("mention-on-failure", "U0ONCALL1, S0BACKEND, here")
            .run();

    assertThat(ended.exitCode()).isZero();
    assertThat(ended.output("ts")).isEqualTo(started.output("ts"));
    var messages = slack.messages();
    assertThat(messages).hasSize(2);
    SlackFake.Message updated = messages.getFirst();
    assertThat(updated.ts()).isEqualTo(started.output("ts"));
    assertThat(updated.edits()).isEqualTo(1);
    assertThat(attachmentBlocks(updated.body()).get(0).path("text").path("text").asText())
        .isEqualTo(":x: Deploy of shop to production failed");
    assertThat(updated.body().path("attachments").get(0).path("color").asText())
        .isEqualTo("#d40e0d");
    assertThat(updated.body().path("blocks").toString())
        .contains("<@U0ONCALL1> <!subteam^S0BACKEND> <!here>");
    SlackFake.Message ping = messages.get(1);
    assertThat(ping.threadTs()).isEqualTo(started.output("ts"));
    assertThat(ping.body().path("text").asText())
        .startsWith("<@U0ONCALL1> <!subteam^S0BACKEND> <!here>");
    assertThat(ping.body().path("reply_broadcast").asBoolean()).isTrue();
    // One message a second: the reply waited for the update.
    var arrivals = slack.arrivals();
    assertThat(arrivals.getLast() - arrivals.get(arrivals.size() - 2))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void successUpdateRemovesNothingAndPingsNobody() throws Exception {
    var started = step().input("channel", "#deploys").input("status", "started").run();
    var ended =
        step()
            .input("message-ts", started.output("ts"))
            .input("channel-id", SlackFake.DEPLOYS)
            .input("status", "success")
            .input("mention-on-failure", "U0ONCALL1")
            .run();

    assertThat(ended.exitCode()).isZero();
    assertThat(slack.messages()).hasSize(1);
    assertThat(slack.messages().getFirst().body().toString())
        .doesNotContain("U0ONCALL1")
        .contains(":white_check_mark:");
    JsonNode update = JSON.readTree(slack.requests().getLast().bodyText());
    assertThat(update.path("blocks").isArray()).as("blocks sent empty so the old ones go").isTrue();
  }

  @Test
  void cancelledIsGreyAndPingsNobody() throws Exception {
    var result =
        step()
            .input("channel", "#deploys")
            .input("status", "cancelled")
            .input("environment", "production")
            .input("mention-on-failure", "U0ONCALL1, here")
            .run();

    assertThat(result.exitCode()).isZero();
    JsonNode body = slack.messages().getFirst().body();
    assertThat(body.path("attachments").get(0).path("color").asText()).isEqualTo("#9e9e9e");
    assertThat(attachmentBlocks(body).get(0).path("text").path("text").asText())
        .isEqualTo(":no_entry_sign: Deploy of shop to production was cancelled");
    assertThat(body.toString()).doesNotContain("U0ONCALL1").doesNotContain("<!here>");
  }

  @Test
  void repliesInTheThread() throws Exception {
    var parent = step().input("channel", "#deploys").input("status", "started").run();
    var reply =
        step()
            .input("channel", "deploys")
            .input("message-ts", parent.output("ts"))
            .input("thread", "true")
            .input("status", "Migrations applied")
            .run();

    assertThat(reply.exitCode()).isZero();
    SlackFake.Message posted = slack.messages().get(1);
    assertThat(posted.threadTs()).isEqualTo(parent.output("ts"));
    assertThat(reply.output("ts")).isEqualTo(posted.ts()).isNotEqualTo(parent.output("ts"));
    assertThat(reply.output("thread-ts")).isEqualTo(parent.output("ts"));
    assertThat(attachmentBlocks(posted.body()).get(0).path("text").path("text").asText())
        .isEqualTo(":information_source: Deploy on shop: Migrations applied");
  }

  @Test
  void nastyCommitMessageArrivesIntactAndWithinLimits() throws Exception {
    String nasty =
        "Ship it: \"quotes\" 'single' `rm -rf` <!channel> <@U123> a & b > c 🚀👩‍💻 "
            + "x".repeat(5_000);
    var result = step(nasty).input("channel", SlackFake.DEPLOYS).input("status", "success").run();

    assertThat(result.exitCode()).isZero();
    JsonNode blocks = attachmentBlocks(slack.messages().getFirst().body());
    String subject = null;
    for (JsonNode b : blocks) {
      if (b.path("text").path("text").asText().startsWith("> ")) {
        subject = b.path("text").path("text").asText();
      }
    }
    assertThat(subject)
        .startsWith(
            "> Ship it: \"quotes\" 'single' `rm -rf` &lt;!channel&gt; &lt;@U123&gt; a &amp; b &gt; c 🚀👩‍💻 xxx")
        .endsWith("… (cut)")
        .hasSizeLessThanOrEqualTo(3000);
    assertThat(slack.messages().getFirst().body().toString()).doesNotContain("<!channel>");
  }

  @Test
  void hugeTextAndManyFieldsAreCutToFitNotRejected() throws Exception {
    String fields =
        String.join(
            "\n",
            java.util.stream.IntStream.range(0, 80)
                .mapToObj(i -> "Check " + i + "=" + "ok ".repeat(400))
                .toList());
    var result =
        step()
            .input("channel", "#deploys")
            .input("status", "success")
            .input("text", "*Release notes*\n" + "- item\n".repeat(2_000))
            .input("fields", fields)
            .run();

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    JsonNode blocks = attachmentBlocks(slack.messages().getFirst().body());
    assertThat(blocks.size()).isLessThanOrEqualTo(50);
    assertThat(blocks.toString())
        .contains("*Release notes*")
        .contains("… (cut)")
        .contains("*Check 0*")
        .contains("not shown");
  }

  @Test
  void commitMessageFromAPullRequestIsItsTitle() throws Exception {
    Path event = tmp.resolve("pr.json");
    Files.writeString(
        event,
        "{\"pull_request\":{\"number\":7,\"title\":\"Add <b>bold</b> & \\\"things\\\"\",\"head\":{\"sha\":\"feedbeef00\",\"ref\":\"feature/x\"},\"base\":{\"sha\":\"aa\",\"ref\":\"main\"}}}");
    var result =
        step()
            .env("GITHUB_EVENT_PATH", event.toString())
            .input("channel", "#deploys")
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isZero();
    String body = slack.messages().getFirst().body().toString();
    assertThat(body)
        .contains("> Add &lt;b&gt;bold&lt;/b&gt; &amp; \\\"things\\\"")
        .contains("feature/x")
        .contains("|feedbee>");
  }

  @ParameterizedTest
  @CsvSource({
    "#nope, channel_not_found, Invite the app",
    "#secret-plans, not_in_channel, /invite @your-app",
  })
  void slackErrorsFailTheStepWithTheirMeaning(String channel, String code, String advice)
      throws Exception {
    var result = step().input("channel", channel).input("status", "success").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains(code)
        .contains(advice);
    assertThat(result.output("ts")).isEmpty();
    assertThat(result.summary()).contains("not sent").contains(code);
  }

  @Test
  void invalidTokenFailsAndNeverShowsTheToken() throws Exception {
    var result =
        step()
            .input("token", "xoxb-wrong-token-value")
            .input("channel", "#deploys")
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("invalid_auth")
        .contains("Bot User OAuth Token");
    assertThat(visibleLog(result)).doesNotContain("wrong-token-value");
    assertThat(result.summary()).doesNotContain("xoxb-wrong-token-value");
  }

  @Test
  void messageTooLongAndMissingScopeAreExplained() throws Exception {
    slack.nextError("msg_too_long");
    var tooLong = step().input("channel", "#deploys").input("status", "success").run();
    slack.next(
        200,
        "application/json",
        "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\",\"provided\":\"users:read\"}",
        Map.of());
    var scope = step().input("channel", "#deploys").input("status", "success").run();

    assertThat(tooLong.annotations("error").getFirst())
        .contains("msg_too_long")
        .contains("Shorten `text`");
    assertThat(scope.annotations("error").getFirst())
        .contains("missing_scope")
        .contains("needs scope chat:write")
        .contains("reinstall the app");
  }

  @Test
  void rateLimitIsWaitedOutAsSlackAsks() throws Exception {
    slack.next(
        429,
        "application/json",
        "{\"ok\":false,\"error\":\"ratelimited\"}",
        Map.of("Retry-After", "7"));
    var result = step().input("channel", "#deploys").input("status", "started").run();

    assertThat(result.exitCode()).isZero();
    assertThat(clock.sleeps()).contains(Duration.ofSeconds(7));
    assertThat(slack.requests()).hasSize(2);
    assertThat(slack.messages()).hasSize(1);
  }

  @Test
  void serverErrorFailsWithoutPostingTwice() throws Exception {
    slack.next(503, "text/html", "<html><body>Service Unavailable</body></html>", Map.of());
    var result = step().input("channel", "#deploys").input("status", "started").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("HTTP 503")
        .contains("Service Unavailable")
        .contains("never posted twice");
    assertThat(slack.requests()).hasSize(1);
  }

  @Test
  void anUpdateIsRetriedAfterAServerErrorBecauseRepeatingItIsHarmless() throws Exception {
    var started = step().input("channel", "#deploys").input("status", "started").run();
    slack.next(502, "text/html", "<html>Bad Gateway</html>", Map.of());
    var ended =
        step()
            .input("message-ts", started.output("ts"))
            .input("channel-id", started.output("channel-id"))
            .input("status", "success")
            .run();

    assertThat(ended.exitCode()).isZero();
    assertThat(slack.requests().stream().filter(r -> r.path().equals("/api/chat.update")))
        .hasSize(2);
    assertThat(slack.messages()).singleElement().satisfies(m -> assertThat(m.edits()).isEqualTo(1));
  }

  @Test
  void webhookRateLimitIsWaitedOut() throws Exception {
    slack.next(429, "text/plain", "rate_limited", Map.of("Retry-After", "2"));
    var result =
        new StepHarness(SlackNotifyStep.DEFINITION, tmp)
            .clock(clock)
            .input("webhook-url", slack.webhookUrl())
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(clock.sleeps()).contains(Duration.ofSeconds(2));
    assertThat(slack.webhookMessages()).hasSize(1);
  }

  @Test
  void unreachableSlackFailsAfterTheRetries() throws Exception {
    String closed;
    try (var gone = new LocalHttpServer((r, x) -> {})) {
      closed = gone.baseUrl() + "/api";
    }
    var result =
        step()
            .input("api-url", closed)
            .input("channel", "#deploys")
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("Could not post a message to #deploys: cannot connect")
        .contains("Slack could not be reached")
        .contains("`api-url`");
  }

  @Test
  void aFailedPingAfterTheUpdateSaysTheUpdateWentThrough() throws Exception {
    var started = step().input("channel", "#deploys").input("status", "started").run();
    slack
        .next(
            200,
            "application/json",
            "{\"ok\":true,\"channel\":\"C0DEPLOYS\",\"ts\":\"" + started.output("ts") + "\"}",
            Map.of())
        .nextError("restricted_action");
    var ended =
        step()
            .input("message-ts", started.output("ts"))
            .input("channel-id", SlackFake.DEPLOYS)
            .input("status", "failure")
            .input("mention-on-failure", "U0ONCALL1")
            .run();

    assertThat(ended.exitCode()).isEqualTo(1);
    assertThat(ended.output("ts")).isEqualTo(started.output("ts"));
    assertThat(ended.annotations("error").getFirst())
        .contains(
            "The message was updated, but the thread reply that notifies <@U0ONCALL1> was not sent")
        .contains("restricted_action");
  }

  @Test
  void failOnErrorFalseTurnsARefusalIntoAWarning() throws Exception {
    var result =
        step()
            .input("channel", "#nope")
            .input("status", "success")
            .input("fail-on-error", "false")
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(result.annotations("error")).isEmpty();
    assertThat(result.annotations("warning"))
        .singleElement()
        .asString()
        .contains("channel_not_found");
    assertThat(result.summary()).contains("[!WARNING]");
  }

  @Test
  void dryRunSendsNothingAndShowsTheMessage() throws Exception {
    var result =
        step()
            .input("channel", "#deploys")
            .input("status", "failure")
            .input("mention-on-failure", "U0ONCALL1")
            .input("dry-run", "true")
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(slack.requests()).isEmpty();
    assertThat(result.stdout())
        .contains("Post a new message to #deploys (dry run")
        .contains("\"attachments\"")
        .contains("<@U0ONCALL1>");
    assertThat(result.summary()).contains("(dry run)").contains("```json");
    assertThat(result.output("ts")).isEmpty();
  }

  @Test
  void webhookPostsAndSaysThereIsNoTs() throws Exception {
    var result =
        new StepHarness(SlackNotifyStep.DEFINITION, tmp)
            .clock(clock)
            .input("webhook-url", slack.webhookUrl())
            .input("status", "success")
            .input("environment", "staging")
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(slack.webhookMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.toString()).contains("Deploy of shop to staging succeeded"));
    assertThat(result.output("ts")).isEmpty();
    assertThat(result.summary()).contains("return no message ts");
    assertThat(visibleLog(result)).doesNotContain("webhookSecretPart42");
  }

  @ParameterizedTest
  @CsvSource({
    "404, channel_not_found, Invite the app",
    "410, channel_is_archived, Unarchive",
    "403, action_prohibited, Slack admin"
  })
  void webhookErrorsFailWithTheirMeaning(int status, String code, String advice) throws Exception {
    slack.next(status, "text/plain", code, Map.of());
    var result =
        new StepHarness(SlackNotifyStep.DEFINITION, tmp)
            .clock(clock)
            .input("webhook-url", slack.webhookUrl())
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains(code)
        .contains("HTTP " + status)
        .contains(advice);
  }

  @Test
  void impossibleCombinationsAreReportedTogether() throws Exception {
    var webhook =
        new StepHarness(SlackNotifyStep.DEFINITION, tmp)
            .input("webhook-url", slack.webhookUrl())
            .input("message-ts", "1700000000.000100")
            .input("mention-on-failure", "@alice")
            .input("fields", "no equals sign")
            .input("template-env", "DEPLOYER")
            .run();
    var update =
        step()
            .input("channel", "#deploys")
            .input("message-ts", "1700000000.000100")
            .input("status", "success")
            .run();

    assertThat(webhook.exitCode()).isEqualTo(1);
    assertThat(webhook.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'message-ts' needs a bot token")
        .contains("Input 'status' is required")
        .contains("Input 'mention-on-failure' has '@alice'")
        .contains("Input 'fields' has the line 'no equals sign'")
        .contains("Input 'template-env' is set but `payload-file` is empty");
    assertThat(update.annotations("error").getFirst())
        .contains("Input 'channel-id' is required to update a message");
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void payloadFileIsFilledWithJsonEscapedValues() throws Exception {
    Files.writeString(
        tmp.resolve("slack.json"),
        """
        {"text": "${{ status-emoji }} ${{status}}: ${{ commit-message }} by ${{ env.DEPLOYER }}",
         "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "<${{ run-url }}|run> ${{ short-sha }}"}}]}
        """);
    var result =
        step()
            .env("DEPLOYER", "Team \"Ops\"")
            .input("template-env", "DEPLOYER")
            .input("channel", "#deploys")
            .input("status", "success")
            .input("payload-file", "slack.json")
            .run();

    assertThat(result.exitCode()).isZero();
    JsonNode sent = slack.messages().getFirst().body();
    assertThat(sent.path("text").asText())
        .isEqualTo(
            ":white_check_mark: success: Fix checkout: handle \"quoted\" `code` &amp; &lt;!channel&gt; 🚀 ünïcödé by Team \"Ops\"");
    assertThat(sent.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("<https://github.com/acme/shop/actions/runs/42|run> 0123456");
  }

  @Test
  void unknownPlaceholdersAndSecretsInATemplateAreInputErrors() throws Exception {
    var result =
        template("{\"text\": \"${{ stauts }} ${{ env.INPUT_TOKEN }} ${{ status }}\"}").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst())
        .contains("Input 'payload-file'")
        .contains("unknown placeholder ${{ stauts }} (known: status")
        .contains("${{ env.INPUT_TOKEN }}, which `template-env` does not list");
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void environmentVariablesNotListedInTemplateEnvNeverReachSlack() throws Exception {
    // A pull request can edit the template; job-level env holds the deploy's credentials.
    var result =
        template(
                "{\"text\": \"${{ status }} ${{ env.GITHUB_TOKEN }} ${{ env.DATABASE_URL }} ${{ env.AWS_SECRET_ACCESS_KEY }}\"}")
            .env("GITHUB_TOKEN", "ghs_runnerTokenValue123")
            .env("DATABASE_URL", "postgres://app:dbPassw0rdValue@db.internal/shop")
            .env("AWS_SECRET_ACCESS_KEY", "awsSecretAccessValue987")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(slack.requests()).isEmpty();
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains(
            "Input 'payload-file' uses ${{ env.AWS_SECRET_ACCESS_KEY }}, ${{ env.DATABASE_URL }}, ${{ env.GITHUB_TOKEN }}, which `template-env` does not list");
    assertThat(result.stdout() + result.summary())
        .doesNotContain("runnerTokenValue")
        .doesNotContain("dbPassw0rdValue")
        .doesNotContain("awsSecretAccessValue");
  }

  @Test
  void credentialNamesAreRefusedEvenWhenListedInTemplateEnv() throws Exception {
    var result =
        template(
                "{\"text\": \"${{ env.DEPLOYER }} ${{ env.GITHUB_TOKEN }} ${{ env.db_password }}\"}")
            .env("DEPLOYER", "ops")
            .env("GITHUB_TOKEN", "ghs_runnerTokenValue123")
            .env("db_password", "dbPassw0rdValue")
            .input(
                "template-env",
                "DEPLOYER, GITHUB_TOKEN\nAWS_SECRET_ACCESS_KEY, db_password, GOOGLE_CREDENTIALS, STRIPE_API_KEY, ACTIONS_CACHE_URL, INPUT_CHANNEL, NOT-A-NAME")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(slack.requests()).isEmpty();
    String error = result.annotations("error").getFirst();
    for (String name :
        new String[] {
          "GITHUB_TOKEN",
          "AWS_SECRET_ACCESS_KEY",
          "db_password",
          "GOOGLE_CREDENTIALS",
          "STRIPE_API_KEY",
          "ACTIONS_CACHE_URL",
          "INPUT_CHANNEL"
        }) {
      assertThat(error).contains("Input 'template-env' lists " + name + ", ");
    }
    assertThat(error)
        .contains("Input 'template-env' has 'NOT-A-NAME'")
        .doesNotContain("lists DEPLOYER");
    assertThat(result.stdout() + result.summary())
        .doesNotContain("runnerTokenValue")
        .doesNotContain("dbPassw0rdValue");
  }

  @Test
  void listedVariablesHoldingASecretOrAUrlPasswordAreRefused() throws Exception {
    var result =
        template("{\"text\": \"${{ env.BOT }} ${{ env.DB }}\"}")
            .env("BOT", "bot " + SlackFake.TOKEN)
            .env("DB", "postgres://app:dbPassw0rdValue@db.internal/shop")
            .input("template-env", "BOT, DB")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(slack.requests()).isEmpty();
    assertThat(result.annotations("error").getFirst())
        .contains("Input 'template-env' lists BOT, whose value holds a secret")
        .contains("Input 'template-env' lists DB, whose value holds a password");
    assertThat(result.stdout() + result.summary()).doesNotContain("dbPassw0rdValue");
  }

  @Test
  void aFailedUpdateStillGivesLaterStepsTheMessage() throws Exception {
    var started = step().input("channel", "#deploys").input("status", "started").run();
    slack.nextError("restricted_action");
    var migrating =
        step()
            .input("message-ts", started.output("ts"))
            .input("channel-id", started.output("channel-id"))
            .input("status", "Migrating")
            .input("fail-on-error", "false")
            .run();
    var ended =
        step()
            .input("message-ts", migrating.output("ts"))
            .input("channel-id", migrating.output("channel-id"))
            .input("status", "success")
            .run();

    assertThat(migrating.exitCode()).isZero();
    assertThat(migrating.annotations("warning"))
        .singleElement()
        .asString()
        .contains("restricted_action");
    assertThat(migrating.output("ts")).isEqualTo(started.output("ts"));
    assertThat(migrating.output("channel-id")).isEqualTo(SlackFake.DEPLOYS);
    assertThat(migrating.output("thread-ts")).isEqualTo(started.output("ts"));
    assertThat(ended.exitCode()).as(ended.stdout()).isZero();
    assertThat(slack.messages())
        .singleElement()
        .satisfies(m -> assertThat(m.body().toString()).contains(":white_check_mark:"));
  }

  @Test
  void aFailedReplyStillGivesLaterStepsTheThread() throws Exception {
    var parent = step().input("channel", "#deploys").input("status", "started").run();
    slack.nextError("restricted_action");
    var reply =
        step()
            .input("channel-id", parent.output("channel-id"))
            .input("message-ts", parent.output("ts"))
            .input("thread", "true")
            .input("status", "Migrated")
            .input("fail-on-error", "false")
            .run();

    assertThat(reply.exitCode()).isZero();
    assertThat(reply.output("thread-ts")).isEqualTo(parent.output("ts"));
    assertThat(reply.output("ts")).isEqualTo(parent.output("ts"));
    assertThat(reply.output("channel-id")).isEqualTo(SlackFake.DEPLOYS);
  }

  @Test
  void aSecretEchoedInAnErrorPageIsRedactedBeforeTheExcerptIsCut() throws Exception {
    // The excerpt keeps 200 characters; cut first, the token's head would survive where the masker
    // cannot see it.
    slack.next(
        503,
        "text/html",
        "<html>" + "p".repeat(159) + " Authorization: Bearer " + SlackFake.TOKEN + "</html>",
        Map.of());
    var result = step().input("channel", "#deploys").input("status", "started").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst()).contains("HTTP 503").contains("Bearer ***");
    assertThat(visibleLog(result) + result.summary()).doesNotContain("xoxb-1111-22");
  }

  @Test
  void aWebhookUrlEchoedInAnErrorPageIsRedactedBeforeTheExcerptIsCut() throws Exception {
    // Padded so that the 200-character cut falls inside the path's secret part.
    slack.next(
        500,
        "text/html",
        "<html>"
            + "p".repeat(199 - slack.webhookUrl().length())
            + " POST "
            + slack.webhookUrl()
            + " failed</html>",
        Map.of());
    var result =
        new StepHarness(SlackNotifyStep.DEFINITION, tmp)
            .clock(clock)
            .input("webhook-url", slack.webhookUrl())
            .input("status", "success")
            .run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error").getFirst()).contains("HTTP 500").contains("POST ***");
    assertThat(visibleLog(result) + result.summary()).doesNotContain("B0FAKE/webhook");
  }

  @Test
  void requestsAreSentAsUtf8Json() throws Exception {
    step().input("channel", "#deploys").input("status", "success").run();

    LocalHttpServer.Request request = slack.requests().getFirst();
    assertThat(request.path()).isEqualTo("/api/chat.postMessage");
    assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.bodyText()).contains("🚀 ünïcödé");
  }
}
