package dev.flo.actions.provider.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code pg_dump}/{@code pg_restore} pairs installed under a Debian-style root ({@code
 * <root>/<major>/bin}), and the choice of one for a server: pg_dump refuses a server newer than
 * itself ("aborting because of server version mismatch", schickling/dockerfiles#163), so the
 * client's major must be at least the server's.
 *
 * <p>{@code psql} only runs the script pg_restore writes, so the oldest one not older than the pair
 * serves (a newer psql reads every older script; an older one may not know a newer script's
 * meta-commands, such as {@code \restrict}). The image carries psql of its newest major only: 0.79
 * MB less for each older major.
 */
public final class PostgresClients {
  /** The majors the image carries clients for (PostgreSQL's supported releases). */
  public static final int OLDEST = 14;

  public static final int NEWEST = 18;

  /** Debian and the image install each major's clients here (postgresql-client-NN). */
  public static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private final Path root;

  public PostgresClients(Path root) {
    this.root = root;
  }

  /** One major's client tools. */
  public record Tools(int major, Path pgDump, Path pgRestore, Path psql) {}

  /**
   * The installed majors that have pg_dump and pg_restore, oldest first (postgresql-client-NN
   * installs them together).
   */
  public List<Integer> installed() {
    return IntStream.rangeClosed(10, 99)
        .filter(
            m -> Files.isExecutable(bin(m, "pg_dump")) && Files.isExecutable(bin(m, "pg_restore")))
        .boxed()
        .toList();
  }

  /** The oldest installed psql of major {@code atLeast} or newer (as for pg_dump), if any. */
  private @Nullable Path psqlFor(int atLeast) {
    for (int m = atLeast; m <= 99; m++) {
      Path psql = bin(m, "psql");
      if (Files.isExecutable(psql)) {
        return psql;
      }
    }
    return null;
  }

  /**
   * The oldest installed client not older than the server (the same major when installed), or an
   * explanation of what to install; checked before anything is dumped or restored.
   */
  public Tools forServer(ServerVersion server) throws MissingClientException {
    int major = server.major();
    if (major < OLDEST || major > NEWEST) {
      throw new MissingClientException(
          "The server runs PostgreSQL "
              + server.text()
              + "; db-backup supports PostgreSQL "
              + OLDEST
              + " to "
              + NEWEST
              + ".",
          major < OLDEST
              ? "Upgrade the database to a supported major version (PostgreSQL "
                  + major
                  + " no longer receives fixes)."
              : "Use a flo-actions release that supports PostgreSQL "
                  + major
                  + ", or install postgresql-client-"
                  + major
                  + " under "
                  + root
                  + "/"
                  + major
                  + "/bin.");
    }
    for (int m : installed()) {
      if (m >= major) {
        Path psql = psqlFor(m);
        if (psql == null) {
          throw new MissingClientException(
              "No psql "
                  + m
                  + " or newer is installed under "
                  + root
                  + "; it runs the script pg_restore "
                  + m
                  + " writes.",
              "Install postgresql-client-"
                  + m
                  + " or newer (it brings psql) so "
                  + root
                  + "/<major>/bin/psql exists.");
        }
        return new Tools(m, bin(m, "pg_dump"), bin(m, "pg_restore"), psql);
      }
    }
    throw new MissingClientException(
        "No pg_dump "
            + major
            + " or newer is installed (found: "
            + (installed().isEmpty() ? "none" : installed())
            + " under "
            + root
            + "); pg_dump refuses a newer server.",
        "Install postgresql-client-"
            + major
            + " (apt-get install -y postgresql-client-"
            + major
            + " from the PGDG repository) so "
            + root
            + "/"
            + major
            + "/bin/pg_dump exists.");
  }

  private Path bin(int major, String tool) {
    return root.resolve(Integer.toString(major)).resolve("bin").resolve(tool);
  }

  /** No suitable client for the server; says what to install. */
  public static final class MissingClientException extends Exception {
    private final String fix;

    public MissingClientException(String message, String fix) {
      super(message);
      this.fix = fix;
    }

    public String fix() {
      return fix;
    }
  }
}
