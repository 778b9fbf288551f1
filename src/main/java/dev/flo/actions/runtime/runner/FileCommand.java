package dev.flo.actions.runtime.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Appends {@code name<<delimiter} blocks to a runner file command ({@code GITHUB_OUTPUT}, {@code
 * GITHUB_ENV}, {@code GITHUB_STATE}), always in the heredoc form with {@code \n} line ends and a
 * random delimiter, as actions/toolkit {@code file-command.ts} does. The runner parser is in runner
 * {@code FileCommandManager.cs}. The runner masks the log, not these files: every value is redacted
 * here, as it is for the log.
 */
public final class FileCommand {
  private final Path file;
  private final Supplier<String> delimiters;
  private final Masker masker;

  /**
   * @param masker redacts every value: later steps pass outputs on to Slack, to a reason, to a log
   */
  public FileCommand(Path file, Supplier<String> delimiters, Masker masker) {
    this.file = file;
    this.delimiters = delimiters;
    this.masker = masker;
  }

  /** The exact bytes appended for one entry; refuses names and values the runner would misparse. */
  public static String encode(String name, String value, String delimiter) {
    if (name.isEmpty()
        || name.contains("=")
        || name.contains("<<")
        || name.contains("\n")
        || name.contains("\r")) {
      throw new IllegalArgumentException("invalid file-command name '" + name + "'");
    }
    if (name.contains(delimiter) || value.contains(delimiter)) {
      throw new IllegalArgumentException(
          "Unexpected input: name or value for '" + name + "' contains the delimiter " + delimiter);
    }
    return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
  }

  public void append(String name, String value) {
    String entry = encode(name, masker.redact(value), delimiters.get());
    try {
      Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot append to runner file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }
}
