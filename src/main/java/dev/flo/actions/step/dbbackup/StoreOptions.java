package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.s3.Encryption;
import dev.flo.actions.provider.s3.FileObjectStore;
import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.provider.s3.S3Access;
import dev.flo.actions.provider.s3.S3ObjectStore;
import dev.flo.actions.provider.s3.StoreLocation;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.Toolkit;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The inputs both backup steps share to reach the store: endpoint, region, role, encryption. */
record StoreOptions(URI s3Endpoint, String region, String roleArn, Encryption encryption) {

  static final List<InputDef> INPUTS =
      List.of(
          InputDef.optional("s3-endpoint", "Endpoint of an S3-compatible store (MinIO, R2, B2, s3proxy), such as https://minio.example.com. Empty for AWS S3."),
          InputDef.optional("aws-region", "AWS region of the bucket. Default: AWS_REGION or AWS_DEFAULT_REGION, else us-east-1."),
          InputDef.optional(
              "aws-role-arn",
              "IAM role to assume with GitHub's OIDC token (needs `permissions: id-token: write`). Empty: credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the usual AWS chain."),
          InputDef.optional("sse", "Server-side encryption of new objects: AES256 or aws:kms. Empty: the bucket's default."),
          InputDef.optional("kms-key-id", "KMS key for sse aws:kms (implies it). Empty: the account's default key."));

  static StoreOptions read(Inputs in, Map<String, String> env) {
    URI endpoint = in.url("s3-endpoint");
    String region = in.string("aws-region");
    if (region == null) {
      region = firstSet(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1");
    }
    String role = in.string("aws-role-arn");
    if (role != null && !role.startsWith("arn:")) {
      in.problem("aws-role-arn", "is '" + role + "', not a role ARN", "Use the role's ARN, such as arn:aws:iam::123456789012:role/backups.");
    }
    String sse = in.choice("sse", List.of("AES256", "aws:kms"));
    String kms = in.string("kms-key-id");
    if (kms != null && "AES256".equals(sse)) {
      in.problem("kms-key-id", "is set but sse is AES256", "Set sse to aws:kms, or remove kms-key-id.");
    }
    if (kms != null && sse == null) {
      sse = "aws:kms";
    }
    return new StoreOptions(endpoint, region, role, sse == null ? Encryption.BUCKET_DEFAULT : new Encryption(sse, kms));
  }

  /** Opens the store of {@code location}; for S3 this resolves credentials (and may call STS). */
  ObjectStore open(StoreLocation location, Toolkit kit, URI stsEndpoint) throws StepFailure, IOException, InterruptedException {
    if (!location.isS3()) {
      return new FileObjectStore(location.folder(), kit.workspace(), kit.clock());
    }
    String run = kit.github().runId();
    S3Access access = new S3Access(s3Endpoint, region, roleArn, stsEndpoint);
    return new S3ObjectStore(access.client(kit.env(), kit.oidc(), kit.masker(), "flo-actions-" + (run == null ? "cli" : run)), location.bucket(), encryption);
  }

  /** The failure for a store that cannot be listed, read or written. */
  StepFailure unreachable(StoreLocation location, IOException e) {
    String fix =
        location.isS3()
            ? "Check the bucket name, s3-endpoint and aws-region, and that the credentials (" + (roleArn == null ? "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS chain" : "role " + roleArn)
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

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
