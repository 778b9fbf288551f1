package dev.flo.actions.step.dbbackup;

import static dev.flo.actions.step.dbbackup.BackupFixture.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.testing.InstalledPostgresClients;
import dev.flo.actions.testing.LocalHttpServer;
import dev.flo.actions.testing.StepHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials from GitHub's OIDC token: the runner's token endpoint and AWS STS
 * AssumeRoleWithWebIdentity
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html) are one
 * local server.
 */
class DbBackupOidcTest {
  private static final String JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9.c2lnbmF0dXJl";
  private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLEsessiontoken";
  private static final String ROLE = "arn:aws:iam::123456789012:role/backups";

  @TempDir static Path s3dir;
  @TempDir Path tmp;
  static S3TestServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer(s3dir);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static LocalHttpServer github(boolean stsRefuses) throws Exception {
    return new LocalHttpServer(
        (request, exchange) -> {
          if (request.path().equals("/token")) {
            LocalHttpServer.json(exchange, 200, "{\"value\":\"" + JWT + "\"}");
          } else if (stsRefuses) {
            LocalHttpServer.respond(
                exchange,
                403,
                "text/xml",
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r2</RequestId></ErrorResponse>");
          } else {
            LocalHttpServer.respond(
                exchange,
                200,
                "text/xml",
                "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult>"
                    + "<Credentials><AccessKeyId>"
                    + S3TestServer.ACCESS_KEY
                    + "</AccessKeyId><SecretAccessKey>"
                    + S3TestServer.SECRET_KEY
                    + "</SecretAccessKey>"
                    + "<SessionToken>"
                    + SESSION_TOKEN
                    + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                    + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/backups/flo-actions-42</Arn><AssumedRoleId>AROA1:flo-actions-42</AssumedRoleId></AssumedRoleUser>"
                    + "<Audience>sts.amazonaws.com</Audience></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
                    + "</AssumeRoleWithWebIdentityResponse>");
          }
        });
  }

  private StepHarness harness(LocalHttpServer github, String source, String prefix) {
    return new StepHarness(
            DbBackupStep.definition(
                InstalledPostgresClients.clients(), URI.create(github.baseUrl())),
            tmp)
        .env("ACTIONS_ID_TOKEN_REQUEST_URL", github.baseUrl() + "/token?api-version=2.0")
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token-123")
        .input("database-url", source)
        .input("destination", "s3://" + BUCKET + "/" + prefix)
        .input("s3-endpoint", s3.endpoint().toString())
        .input("aws-role-arn", ROLE);
  }

  @Test
  void assumesTheRoleWithTheOidcTokenAndMasksTheCredentials() throws Exception {
    String source = BackupFixture.seededDatabase("oidc", 10);
    try (LocalHttpServer github = github(false)) {
      var result = harness(github, source, "oidc/").run();

      assertThat(result.exitCode()).as(result.stdout()).isZero();
      assertThat(s3.keys(BUCKET, "oidc/")).hasSize(2);
      var token =
          github.requests().stream()
              .filter(r -> r.path().equals("/token"))
              .findFirst()
              .orElseThrow();
      assertThat(token.query()).contains("audience=sts.amazonaws.com");
      assertThat(token.header("Authorization")).isEqualTo("Bearer request-token-123");
      var sts =
          github.requests().stream()
              .filter(r -> r.method().equals("POST"))
              .findFirst()
              .orElseThrow();
      String form = URLDecoder.decode(sts.bodyText(), StandardCharsets.UTF_8);
      assertThat(form)
          .contains("Action=AssumeRoleWithWebIdentity")
          .contains("RoleArn=" + ROLE)
          .contains("WebIdentityToken=" + JWT)
          .contains("RoleSessionName=flo-actions-42");
      assertThat(result.lines())
          .contains(
              "::add-mask::" + JWT,
              "::add-mask::" + S3TestServer.SECRET_KEY,
              "::add-mask::" + SESSION_TOKEN,
              "::add-mask::" + S3TestServer.ACCESS_KEY);
    }
  }

  @Test
  void aRefusedRoleSaysToCheckTheTrustPolicy() throws Exception {
    String source = BackupFixture.seededDatabase("oidcrefused", 10);
    try (LocalHttpServer github = github(true)) {
      var result = harness(github, source, "oidc-refused/").run();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.annotations("error"))
          .singleElement()
          .asString()
          .contains("AWS STS refused")
          .contains(ROLE)
          .contains("trust policy");
      assertThat(s3.keys(BUCKET, "oidc-refused/")).isEmpty();
    }
  }

  @Test
  void aDryRunWhoseStsNeverAnswersWarnsAndOneThatRefusesFails() throws Exception {
    String source = BackupFixture.seededDatabase("oidcdry", 5);
    try (LocalHttpServer github = github(true);
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var hung =
          new StepHarness(
                  DbBackupStep.definition(
                      InstalledPostgresClients.clients(),
                      URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                  tmp)
              .env("ACTIONS_ID_TOKEN_REQUEST_URL", github.baseUrl() + "/token?api-version=2.0")
              .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token-123")
              .input("database-url", source)
              .input("destination", "s3://" + BUCKET + "/oidc-dry/")
              .input("s3-endpoint", s3.endpoint().toString())
              .input("aws-role-arn", ROLE)
              .input("dry-run", "true")
              .run();
      var refused = harness(github, source, "oidc-dry/").input("dry-run", "true").run();

      assertThat(hung.exitCode()).as(hung.stdout()).isZero();
      assertThat(hung.annotations("warning"))
          .singleElement()
          .asString()
          .contains("could not read the backups under s3://" + BUCKET + "/oidc-dry/")
          .contains("AWS STS did not answer");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.annotations("error"))
          .singleElement()
          .asString()
          .contains("AWS STS refused")
          .contains("trust policy");
    }
  }
}
