package dev.flo.actions.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartSizeTest {
  private static final long GIB = 1L << 30;

  @Test
  void smallDatabasesUseTheMinimumPart() {
    assertThat(PartSize.forExpected(0).first()).isEqualTo(PartSize.MIN);
    assertThat(PartSize.forExpected(10 * GIB).first()).isEqualTo(PartSize.MIN);
  }

  @Test
  void largeObjectsFitIntoTenThousandPartsWithRoomToSpare() {
    for (long expected : new long[] {100 * GIB, 1024 * GIB}) {
      PartSize sizes = PartSize.forExpected(expected);
      assertThat(sizes.capacity())
          .as("capacity for %d GiB", expected / GIB)
          .isGreaterThanOrEqualTo(4 * expected);
      assertThat(sizes.first() % (1 << 20)).isZero();
    }
  }

  @Test
  void theLargestPartsHoldMoreThanFourTebibytesInTwoBufferedParts() {
    PartSize sizes = PartSize.forExpected(100_000 * GIB);
    assertThat(sizes.first()).isEqualTo(128L << 20);
    assertThat(sizes.capacity()).isGreaterThan(4096 * GIB);
  }

  @Test
  void partsStayWithinS3LimitsAndJavaArrays() {
    PartSize sizes = PartSize.forExpected(100_000 * GIB);
    for (int n = 1; n <= PartSize.MAX_PARTS; n += 499) {
      assertThat(sizes.of(n)).isBetween(5L << 20, PartSize.MAX);
    }
  }

  @Test
  void partsGrowSoAnUnderestimateStillFits() {
    PartSize sizes = PartSize.forExpected(0);
    assertThat(sizes.of(1)).isEqualTo(sizes.of(2500));
    assertThat(sizes.of(2501)).isEqualTo(2 * sizes.of(1));
    assertThat(sizes.of(10_000)).isEqualTo(8 * sizes.of(1));
    assertThat(sizes.capacity()).isGreaterThan(290 * GIB);
  }
}
