package dev.flo.actions.provider.s3;

import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.Oidc;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * How to reach S3: the endpoint (AWS, or an S3-compatible store), the region and the credentials.
 * With a role ARN, credentials come from GitHub's OIDC token and STS AssumeRoleWithWebIdentity (no
 * stored keys, runtime-contract.md §5); otherwise from AWS_* variables, then the SDK's usual chain
 * (profiles, instance roles).
 *
 * @param endpoint null for AWS; an S3-compatible endpoint is addressed path-style
 * @param stsEndpoint null for AWS STS (tests point it at a local server)
 */
public record S3Access(
    @Nullable URI endpoint, String region, @Nullable String roleArn, @Nullable URI stsEndpoint) {
  /** The audience AWS's IAM OIDC provider expects (docs: oidc-in-aws). */
  public static final String AUDIENCE = "sts.amazonaws.com";

  /**
   * Deadlines of the SDK's calls, which do not go through our Http: its own read timeout only
   * notices silence, so a server trickling a byte a second would hold a call forever. One attempt
   * (a part of up to a few hundred MiB on a slow link) may take 5 minutes, a call with its retries
   * 15. The SDK follows no redirects (its Apache client has redirect handling off; S3's region
   * redirects are re-signed requests to AWS), so no credential goes elsewhere.
   */
  static final ClientOverrideConfiguration S3_DEADLINES =
      ClientOverrideConfiguration.builder()
          .apiCallAttemptTimeout(Duration.ofMinutes(5))
          .apiCallTimeout(Duration.ofMinutes(15))
          .build();

  /** STS answers in well under a second. */
  static final ClientOverrideConfiguration STS_DEADLINES =
      ClientOverrideConfiguration.builder()
          .apiCallAttemptTimeout(Duration.ofSeconds(15))
          .apiCallTimeout(Duration.ofSeconds(45))
          .build();

  /**
   * Static keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; without them
   * the SDK's usual chain is asked.
   *
   * @param secret null when AWS_SECRET_ACCESS_KEY is not set (then the SDK's chain is asked)
   * @param sessionToken null for long-lived keys
   */
  public record Keys(String keyId, @Nullable String secret, @Nullable String sessionToken) {
    /** Without the values. */
    @Override
    public String toString() {
      return "Keys[" + (sessionToken == null ? "static" : "session") + "]";
    }
  }

  /** A client for a real run: an attempt may take 5 minutes, a call with its retries 15. */
  public S3Client client(@Nullable Keys keys, Oidc oidc, Masker masker, String sessionName)
      throws StepFailure, IOException, InterruptedException {
    return client(keys, oidc, masker, sessionName, S3_DEADLINES, null);
  }

  /**
   * A client for a quick look (a dry run's): each call, STS's included, gives up after {@code
   * within}, and an STS that does not answer is an {@link HttpException} (no answer), not a
   * refusal.
   */
  public S3Client lookingClient(
      @Nullable Keys keys, Oidc oidc, Masker masker, String sessionName, Duration within)
      throws StepFailure, IOException, InterruptedException {
    ClientOverrideConfiguration deadlines =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(within)
            .apiCallTimeout(within)
            .build();
    return client(keys, oidc, masker, sessionName, deadlines, deadlines);
  }

  /**
   * @param lookDeadlines STS's deadlines for a quick look, or null for a real run's
   */
  private S3Client client(
      @Nullable Keys keys,
      Oidc oidc,
      Masker masker,
      String sessionName,
      ClientOverrideConfiguration deadlines,
      @Nullable ClientOverrideConfiguration lookDeadlines)
      throws StepFailure, IOException, InterruptedException {
    var builder =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials(keys, oidc, masker, sessionName, lookDeadlines))
            .overrideConfiguration(deadlines);
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentials(
      @Nullable Keys keys,
      Oidc oidc,
      Masker masker,
      String sessionName,
      @Nullable ClientOverrideConfiguration lookDeadlines)
      throws StepFailure, IOException, InterruptedException {
    if (roleArn != null) {
      return assumeRole(oidc, masker, sessionName, lookDeadlines);
    }
    String keyId = keys == null ? "" : keys.keyId();
    String secret = keys == null ? null : keys.secret();
    if (keys != null && !keyId.isBlank() && secret != null && !secret.isBlank()) {
      // The key id names the account's key: masked too, as aws-actions/configure-aws-credentials
      // does.
      masker.mask(keyId);
      masker.mask(secret);
      String session = keys.sessionToken();
      if (session != null && !session.isBlank()) {
        masker.mask(session);
        return StaticCredentialsProvider.create(
            AwsSessionCredentials.create(keyId, secret, session));
      }
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html; the
   * call itself is unsigned.
   */
  private AwsCredentialsProvider assumeRole(
      Oidc oidc,
      Masker masker,
      String sessionName,
      @Nullable ClientOverrideConfiguration lookDeadlines)
      throws StepFailure, IOException, InterruptedException {
    String token = oidc.idToken(AUDIENCE).reveal();
    StsClientBuilder sts =
        StsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .overrideConfiguration(lookDeadlines == null ? STS_DEADLINES : lookDeadlines);
    if (stsEndpoint != null) {
      sts.endpointOverride(stsEndpoint);
    }
    try (StsClient client = sts.build()) {
      Credentials c =
          client
              .assumeRoleWithWebIdentity(
                  b ->
                      b.roleArn(roleArn)
                          .roleSessionName(sessionName)
                          .webIdentityToken(token)
                          .durationSeconds(3600))
              .credentials();
      masker.mask(c.accessKeyId());
      masker.mask(c.secretAccessKey());
      masker.mask(c.sessionToken());
      return StaticCredentialsProvider.create(
          AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    } catch (SdkException e) {
      if (lookDeadlines != null && S3ObjectStore.noAnswer(e)) {
        throw new HttpException(
            HttpException.Kind.CONNECT, "AWS STS did not answer: " + e.getMessage(), e);
      }
      throw new StepFailure(
          "AWS STS refused to let this workflow assume " + roleArn + ": " + e.getMessage(),
          "Check the role's trust policy: it must trust token.actions.githubusercontent.com with audience sts.amazonaws.com and a `sub` condition matching this repository (https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws).",
          e);
    }
  }
}
