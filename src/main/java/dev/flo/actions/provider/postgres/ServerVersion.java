package dev.flo.actions.provider.postgres;

/**
 * A server's version: {@code server_version_num} (such as 150018) and the text it reports (such as
 * {@code 15.18 (Debian 15.18-0+deb12u1)}).
 */
public record ServerVersion(int number, String text) {
  /** The major version (15 for 150018); since PostgreSQL 10 the major is the first number. */
  public int major() {
    return number / 10000;
  }
}
