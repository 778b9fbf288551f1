package dev.flo.actions.testing;

import dev.flo.actions.provider.postgres.PostgresClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL client tools (pg_dump, pg_restore, psql) on this machine, with no version in a
 * path: the newest {@code /usr/lib/postgresql/<major>/bin} (Debian, Ubuntu, GitHub's runners), else
 * the ones on PATH.
 */
public final class InstalledPostgresClients {
  private static Found found;

  private InstalledPostgresClients() {}

  private record Found(Path bin, int major, PostgresClients clients) {}

  /** One tool, e.g. {@code tool("pg_restore")}. */
  public static Path tool(String name) {
    return found().bin().resolve(name);
  }

  /** Their major version. */
  public static int major() {
    return found().major();
  }

  /**
   * A client root ({@code <root>/<major>/bin}) with just these tools, so db-backup picks exactly
   * them.
   */
  public static PostgresClients clients() {
    return found().clients();
  }

  private static synchronized Found found() {
    if (found == null) {
      Path bin =
          newestDebianBin()
              .or(InstalledPostgresClients::onPath)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "No PostgreSQL client tools: none under "
                              + PostgresClients.DEBIAN_ROOT
                              + "/<major>/bin and no pg_dump on PATH. Install postgresql-client (.ci/run does)."));
      int major = majorOf(bin);
      try {
        Path root = Files.createTempDirectory("flo-pg-clients-");
        Path link =
            Files.createSymbolicLink(
                Files.createDirectories(root.resolve(Integer.toString(major))).resolve("bin"), bin);
        for (Path p : new Path[] {root, link.getParent(), link}) {
          p.toFile().deleteOnExit();
        }
        found = new Found(bin, major, new PostgresClients(root));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  private static Optional<Path> newestDebianBin() {
    try (Stream<Path> majors = Files.list(PostgresClients.DEBIAN_ROOT)) {
      return majors
          .filter(
              p ->
                  p.getFileName().toString().matches("\\d+")
                      && Files.isExecutable(p.resolve("bin/pg_dump")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> onPath() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(d -> !d.isEmpty())
        .map(Path::of)
        .filter(d -> Files.isExecutable(d.resolve("pg_dump")))
        .findFirst();
  }

  private static int majorOf(Path bin) {
    String dir = bin.getParent() == null ? "" : bin.getParent().getFileName().toString();
    if (dir.matches("\\d+")) {
      return Integer.parseInt(dir);
    }
    try {
      Process p =
          new ProcessBuilder(bin.resolve("pg_dump").toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(version);
      if (!m.find()) {
        throw new IllegalStateException(
            bin.resolve("pg_dump") + " --version printed no version: " + version);
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
