package dev.flo.actions.step.migrate;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One migration file found on disk.
 *
 * @param name what the tool calls it: Prisma's folder name, Drizzle's tag, Flyway's script path,
 *     our file name
 * @param version Flyway's version ({@code 1.1}); null for a repeatable and for the other tools
 * @param description Flyway's description (underscores as spaces), else the name
 * @param repeatable Flyway's {@code R__} migrations, re-applied whenever their checksum changes
 * @param file the file, for annotations and messages
 * @param script the file's text as the tools read it (UTF-8)
 * @param createdAt Drizzle's journal {@code when} (epoch ms), 0 elsewhere
 */
public record Migration(
    String name,
    @Nullable String version,
    String description,
    boolean repeatable,
    Path file,
    String script,
    long createdAt) {

  public static Migration named(String name, Path file, String script) {
    return new Migration(name, null, name, false, file, script, 0);
  }

  public List<SqlStatement> statements() {
    return SqlSplitter.split(script);
  }
}
