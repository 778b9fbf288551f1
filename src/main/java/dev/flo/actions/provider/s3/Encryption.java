package dev.flo.actions.provider.s3;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Server-side encryption for new objects
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html): null algorithm
 * leaves the bucket's default (SSE-S3 on AWS since 2023).
 *
 * @param algorithm {@code AES256}, {@code aws:kms}, or null
 * @param kmsKeyId the KMS key for {@code aws:kms}, or null for the account's default key
 */
public record Encryption(@Nullable String algorithm, @Nullable String kmsKeyId) {
  public static final Encryption BUCKET_DEFAULT = new Encryption(null, null);

  PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
    if (algorithm != null) {
      b.serverSideEncryption(ServerSideEncryption.fromValue(algorithm));
    }
    if (kmsKeyId != null) {
      b.ssekmsKeyId(kmsKeyId);
    }
    return b;
  }

  CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
    if (algorithm != null) {
      b.serverSideEncryption(ServerSideEncryption.fromValue(algorithm));
    }
    if (kmsKeyId != null) {
      b.ssekmsKeyId(kmsKeyId);
    }
    return b;
  }
}
