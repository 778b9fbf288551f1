package dev.flo.actions.provider.s3;

/**
 * Part sizes for a multipart upload of unknown length. S3 allows 10,000 parts of 5 MiB to 5 GiB
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html), so the part size caps the
 * object size. The first part size fits the expected size into 5,000 parts; parts then double every
 * 2,500, so an object four times larger than expected still fits. Memory stays at about two parts
 * whatever the size.
 */
public record PartSize(long first) {
  public static final int MAX_PARTS = 10_000;
  public static final long MIN = 8L << 20;

  /** Below S3's 5 GiB: a part is one Java array. */
  public static final long MAX = 1L << 30;

  private static final int DOUBLE_EVERY = 2_500;

  public static PartSize forExpected(long expectedBytes) {
    long perPart = Math.ceilDiv(Math.max(0, expectedBytes), MAX_PARTS / 2);
    long mib = Math.ceilDiv(perPart, 1L << 20) << 20;
    return new PartSize(Math.clamp(mib, MIN, MAX / 8));
  }

  /** The size of part {@code number} (1-based). */
  public long of(int number) {
    int doublings = Math.min(3, (number - 1) / DOUBLE_EVERY);
    return Math.min(MAX, first << doublings);
  }

  /** The largest object these parts can hold. */
  public long capacity() {
    long total = 0;
    for (int n = 1; n <= MAX_PARTS; n++) {
      total += of(n);
    }
    return total;
  }
}
