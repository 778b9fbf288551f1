package dev.flo.actions.runtime.runner;

import java.util.Objects;

/**
 * A secret value; its {@code toString} is redacted so it cannot leak through logs, records or
 * exceptions.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  /**
   * Wraps a value; callers that read it from outside must have masked it already (see {@link
   * Masker}).
   */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value, for the one place that must send it (a header, a connection property). */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "***";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
