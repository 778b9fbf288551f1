package dev.flo.actions.provider.pgquery;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Opens libpg_query: the copy this jar carries for the platform (Debian bookworm's {@code
 * libpg-query1504.0}, see {@code natives/README.md}), else a system one. The carried copy is
 * written to a private directory, opened and unlinked at once: the mapping outlives the file, so
 * nothing is left behind even when the process is killed.
 */
// Opens the native library for PgQuery: SymbolLookup.libraryLookup is restricted, and that is the
// point.
@SuppressWarnings("restricted")
final class PgQueryLibrary {
  /**
   * The platforms we carry a library for, as {@code natives/libpg_query/<folder>/libpg_query.so}.
   */
  static final List<String> CARRIED = List.of("linux-x86_64", "linux-aarch64");

  /** Where we looked, for the message when nothing loads. */
  static final String CARRIED_TEXT = "Linux x86-64 and arm64";

  /** Debian's -dev link name, then the runtime package's soname. */
  static final List<String> SYSTEM_NAMES = List.of("libpg_query.so", "libpg_query.so.1504.0");

  private PgQueryLibrary() {}

  /** An opened library and where it came from (a file path, or the system name dlopen resolved). */
  record Opened(SymbolLookup lookup, String source) {}

  /** {@code os.name} and {@code os.arch} as the JVM reports them. */
  record Platform(String osName, String osArch) {
    static Platform current() {
      return new Platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, or null where we carry nothing. */
    @Nullable String folder() {
      String arch =
          switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
          };
      String folder = osName.toLowerCase(Locale.ROOT) + "-" + arch;
      return CARRIED.contains(folder) ? folder : null;
    }

    String display() {
      return osName + " " + osArch;
    }
  }

  /** The carried copy where there is one, else the first system name that opens. */
  static Opened open(Platform platform, List<String> systemNames, Path tempRoot)
      throws ParserUnavailableException {
    String folder = platform.folder();
    String carriedFailure = null;
    if (folder != null) {
      try {
        return openCarried(folder, tempRoot);
      } catch (IOException e) {
        carriedFailure =
            "writing it under "
                + tempRoot
                + " failed ("
                + e
                + "); point java.io.tmpdir at a writable directory, e.g. JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<dir>";
      } catch (IllegalArgumentException e) {
        // dlopen's own words; a temp directory mounted noexec is the usual cause.
        carriedFailure =
            e.getMessage()
                + "; if "
                + tempRoot
                + " is mounted noexec, point java.io.tmpdir at a directory that allows executables, e.g. JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<dir>";
      }
    }
    for (String name : systemNames) {
      try {
        return new Opened(SymbolLookup.libraryLookup(name, Arena.global()), name);
      } catch (IllegalArgumentException e) {
        // not installed under this name; try the next
      }
    }
    if (carriedFailure != null) {
      throw new ParserUnavailableException(
          "PostgreSQL's parser (libpg_query, carried in the jar for "
              + platform.display()
              + ") could not be loaded: "
              + carriedFailure
              + ".");
    }
    throw new ParserUnavailableException(
        "PostgreSQL's parser (libpg_query) is not available on "
            + platform.display()
            + ": the jar carries it for "
            + CARRIED_TEXT
            + " only, and no system libpg_query is installed.");
  }

  private static Opened openCarried(String folder, Path tempRoot) throws IOException {
    String resource = "/natives/libpg_query/" + folder + "/libpg_query.so";
    try (InputStream in = PgQueryLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "the jar lacks " + resource + " (built without natives/)");
      }
      Path dir =
          Files.createTempDirectory(
              tempRoot,
              "flo-pgquery-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = dir.resolve("libpg_query.so");
      try {
        Files.copy(in, file);
        return new Opened(SymbolLookup.libraryLookup(file, Arena.global()), file.toString());
      } finally {
        // Once opened (or not), the file is not needed: the mapping keeps the code.
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    }
  }
}
