package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.s3.Encryption;
import dev.flo.actions.provider.s3.FileObjectStore;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.provider.s3.S3Access;
import dev.flo.actions.provider.s3.S3ObjectStore;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.EnvFact;
import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The inputs both backup steps share to reach the store (endpoint, region, role, encryption), and
 * the AWS variables they read.
 *
 * @param keys static keys from the environment, or null for the SDK's usual chain (or a role)
 */
record StoreOptions(
    @Nullable URI s3Endpoint,
    String region,
    @Nullable String roleArn,
    Encryption encryption,
    S3Access.@Nullable Keys keys) {

  static final Input<URI> S3_ENDPOINT =
      Input.named(
              "s3-endpoint",
              "Endpoint of an S3-compatible store (MinIO, R2, B2, s3proxy), such as https://minio.example.com. Empty for AWS S3.")
          .url();
  static final Input<String> AWS_REGION_INPUT =
      Input.named(
              "aws-region",
              "AWS region of the bucket. Default: AWS_REGION or AWS_DEFAULT_REGION, else us-east-1.")
          .text();
  static final Input<String> AWS_ROLE_ARN =
      Input.named(
              "aws-role-arn",
              "IAM role to assume with GitHub's OIDC token (needs `permissions: id-token: write`). Empty: credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the usual AWS chain.")
          .reading(StoreOptions::roleArn);
  static final Input<String> SSE =
      Input.named(
              "sse",
              "Server-side encryption of new objects: AES256 or aws:kms. Empty: the bucket's default.")
          .oneOf("AES256", "aws:kms");
  static final Input<String> KMS_KEY_ID =
      Input.named(
              "kms-key-id",
              "KMS key for sse aws:kms (implies it). Empty: the account's default key.")
          .text();

  static final List<Input<?>> INPUTS =
      List.of(S3_ENDPOINT, AWS_REGION_INPUT, AWS_ROLE_ARN, SSE, KMS_KEY_ID);

  static final EnvFact AWS_REGION =
      EnvFact.of("AWS_REGION", "The bucket's region when aws-region is empty.");
  static final EnvFact AWS_DEFAULT_REGION =
      EnvFact.of(
          "AWS_DEFAULT_REGION", "The bucket's region when aws-region and AWS_REGION are empty.");
  static final EnvFact AWS_ACCESS_KEY_ID =
      EnvFact.of("AWS_ACCESS_KEY_ID", "Static credentials for S3, without aws-role-arn.");
  static final EnvFact AWS_SECRET_ACCESS_KEY =
      EnvFact.of("AWS_SECRET_ACCESS_KEY", "Static credentials for S3, without aws-role-arn.");
  static final EnvFact AWS_SESSION_TOKEN =
      EnvFact.of("AWS_SESSION_TOKEN", "The session token of temporary static credentials.");

  /**
   * Every variable both steps read; GitHub's OIDC token (with aws-role-arn) comes through the port.
   */
  static final EnvFact[] ENV = {
    AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
  };

  private static final String DEFAULT_REGION = "us-east-1";

  private static @Nullable String roleArn(Inputs in, String name) {
    String role = in.string(name);
    if (role != null && !role.startsWith("arn:")) {
      in.problem(
          name,
          "is '" + role + "', not a role ARN",
          "Use the role's ARN, such as arn:aws:iam::123456789012:role/backups.");
      return null;
    }
    return role;
  }

  /**
   * The options, checked against each other; an input that did not read is a problem recorded in
   * {@code in}.
   */
  static StoreOptions read(Inputs in, StepPort port) {
    String region = in.get(AWS_REGION_INPUT);
    if (region == null) {
      region = firstSet(port.env(AWS_REGION), port.env(AWS_DEFAULT_REGION), DEFAULT_REGION);
    }
    String sse = in.get(SSE);
    String kms = in.get(KMS_KEY_ID);
    if (kms != null && "AES256".equals(sse)) {
      in.problem(
          KMS_KEY_ID,
          "is set but " + SSE.name() + " is AES256",
          "Set " + SSE.name() + " to aws:kms, or remove " + KMS_KEY_ID.name() + ".");
    }
    if (kms != null && sse == null) {
      sse = "aws:kms";
    }
    String keyId = port.env(AWS_ACCESS_KEY_ID);
    S3Access.Keys keys =
        keyId == null
            ? null
            : new S3Access.Keys(
                keyId, port.env(AWS_SECRET_ACCESS_KEY), port.env(AWS_SESSION_TOKEN));
    return new StoreOptions(
        in.get(S3_ENDPOINT),
        region,
        in.get(AWS_ROLE_ARN),
        sse == null ? Encryption.BUCKET_DEFAULT : new Encryption(sse, kms),
        keys);
  }

  /**
   * Opens the store of {@code location} for a real run; for S3 this resolves credentials (and may
   * call STS).
   */
  ObjectStore open(StoreLocation location, StepPort port, @Nullable URI stsEndpoint)
      throws StepFailure, IOException, InterruptedException {
    return open(location, port, stsEndpoint, null);
  }

  /**
   * Opens the store of {@code location}; with {@code within}, every S3 call (its retries included)
   * gives up after it, for a dry run's look.
   */
  ObjectStore open(
      StoreLocation location, StepPort port, @Nullable URI stsEndpoint, @Nullable Duration within)
      throws StepFailure, IOException, InterruptedException {
    if (!location.isS3()) {
      return new FileObjectStore(
          Objects.requireNonNull(location.folder(), "a file:// location has a folder"),
          port.workspace(),
          port.clock());
    }
    String run = port.github().runId();
    String session = "flo-actions-" + (run == null ? "cli" : run);
    S3Access access = new S3Access(s3Endpoint, region, roleArn, stsEndpoint);
    return new S3ObjectStore(
        within == null
            ? access.client(keys, port.oidc(), port.masker(), session)
            : access.lookingClient(keys, port.oidc(), port.masker(), session, within),
        Objects.requireNonNull(location.bucket(), "an s3:// location has a bucket"),
        encryption);
  }

  /** The failure for a store that cannot be listed, read or written. */
  StepFailure unreachable(StoreLocation location, IOException e) {
    String fix =
        location.isS3()
            ? "Check the bucket name, "
                + S3_ENDPOINT.name()
                + " and "
                + AWS_REGION_INPUT.name()
                + ", and that the credentials ("
                + (roleArn == null
                    ? "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS chain"
                    : "role " + roleArn)
                + ") may list, read, write and delete under the prefix."
            : "Check that the folder exists or can be created, and that the runner may write to it.";
    return new StepFailure("Could not use " + location + ": " + e.getMessage(), fix, e);
  }

  /** How the store is reached, for plans and summaries. */
  String describe(StoreLocation location) {
    if (!location.isS3()) {
      return "local folder";
    }
    return (s3Endpoint == null ? "AWS S3 " + region : s3Endpoint.toString())
        + (roleArn == null ? "" : ", role " + roleArn)
        + (encryption.algorithm() == null ? "" : ", sse " + encryption.algorithm());
  }

  private static String firstSet(
      @Nullable String first, @Nullable String second, String otherwise) {
    for (String v : new @Nullable String[] {first, second}) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return otherwise;
  }
}
