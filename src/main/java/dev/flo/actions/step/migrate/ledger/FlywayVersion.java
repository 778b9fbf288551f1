package dev.flo.actions.step.migrate.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Flyway's version order: dot-separated numbers compared as integers, trailing zeros ignored, so
 * {@code 1.10 > 1.9} and {@code 1.0 == 1} (flyway-core {@code MigrationVersion}).
 */
public final class FlywayVersion {
  private FlywayVersion() {}

  public static final Comparator<String> ORDER =
      (a, b) -> {
        List<BigInteger> x = parts(a);
        List<BigInteger> y = parts(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
          BigInteger p = i < x.size() ? x.get(i) : BigInteger.ZERO;
          BigInteger q = i < y.size() ? y.get(i) : BigInteger.ZERO;
          int c = p.compareTo(q);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };

  private static List<BigInteger> parts(String version) {
    return Arrays.stream(version.replace('_', '.').split("\\."))
        .filter(s -> !s.isEmpty())
        .map(BigInteger::new)
        .toList();
  }
}
