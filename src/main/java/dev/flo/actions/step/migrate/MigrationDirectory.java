package dev.flo.actions.step.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.step.migrate.ledger.FlywayVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the migrations directory in a checkout, tells whose layout it is, and reads its migrations
 * in order.
 */
public final class MigrationDirectory {
  /**
   * Flyway's default naming: {@code V<version>__<description>.sql}, {@code R__<description>.sql}.
   */
  private static final Pattern FLYWAY = Pattern.compile("(?:V([0-9][0-9._]*)|R)__(.+)\\.sql");

  private static final Set<String> SKIP =
      Set.of("node_modules .git target build dist .next vendor".split(" "));
  private static final int SEARCH_DEPTH = 7;

  private MigrationDirectory() {}

  /** The tool and directory, from the inputs or by looking at the checkout. */
  public static MigrationSet locate(
      Path workspace, @Nullable Path dir, @Nullable MigrationTool tool)
      throws StepFailure, IOException {
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new StepFailure(
            "Input 'dir' is '" + dir + "', which is not a directory.",
            "Give the migrations folder relative to the repository root, such as prisma/migrations.");
      }
      MigrationTool found = tool != null ? tool : detect(dir).orElse(MigrationTool.SQL);
      return read(found, dir);
    }
    List<Path> candidates = new ArrayList<>();
    // One level more than the folders searched: walkFileTree shows the deepest level as files only.
    Files.walkFileTree(
        workspace,
        EnumSet.noneOf(FileVisitOption.class),
        SEARCH_DEPTH + 1,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path p, BasicFileAttributes attrs) {
            if (SKIP.contains(p.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!p.equals(workspace)
                && detect(p).filter(t -> tool == null || t == tool).isPresent()) {
              candidates.add(p);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    // A Prisma folder's children hold .sql files too; only the outermost candidate counts, and a
    // plain folder only
    // when its name says it holds migrations.
    candidates.removeIf(
        p -> candidates.stream().anyMatch(other -> !other.equals(p) && p.startsWith(other)));
    candidates.removeIf(
        p ->
            detect(p).orElseThrow() == MigrationTool.SQL
                && !p.getFileName().toString().contains("migration"));
    if (candidates.isEmpty()) {
      throw new StepFailure(
          "No migrations directory found in the checkout"
              + (tool == null ? "" : " for tool " + tool.id())
              + ".",
          "Set input 'dir' to the folder, such as prisma/migrations, drizzle, src/main/resources/db/migration or migrations, and check that actions/checkout ran first.");
    }
    if (candidates.size() > 1) {
      throw new StepFailure(
          "Several migrations directories found: "
              + String.join(
                  ", ", candidates.stream().map(p -> workspace.relativize(p).toString()).toList())
              + ".",
          "Set input 'dir' to the one this job deploys.");
    }
    Path only = candidates.getFirst();
    return read(tool != null ? tool : detect(only).orElseThrow(), only);
  }

  /** Whose layout a directory follows, judged by what it holds. */
  static Optional<MigrationTool> detect(Path dir) {
    if (Files.isRegularFile(dir.resolve("meta/_journal.json"))) {
      return Optional.of(MigrationTool.DRIZZLE);
    }
    try (Stream<Path> children = Files.list(dir)) {
      List<Path> list = children.toList();
      if (list.stream().anyMatch(p -> Files.isRegularFile(p.resolve("migration.sql")))) {
        return Optional.of(MigrationTool.PRISMA);
      }
      if (list.stream().anyMatch(p -> FLYWAY.matcher(p.getFileName().toString()).matches())) {
        return Optional.of(MigrationTool.FLYWAY);
      }
      if (list.stream()
          .anyMatch(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p))) {
        return Optional.of(MigrationTool.SQL);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static MigrationSet read(MigrationTool tool, Path dir) throws StepFailure, IOException {
    List<Migration> migrations =
        switch (tool) {
          case PRISMA -> prisma(dir);
          case DRIZZLE -> drizzle(dir);
          case FLYWAY -> flyway(dir);
          case SQL -> plain(dir);
        };
    if (migrations.isEmpty()) {
      throw new StepFailure(
          "No " + tool.id() + " migrations found in " + dir + ".",
          "Check input 'dir' (and 'tool', if set): it must point at the folder that holds the migration files.");
    }
    return new MigrationSet(tool, dir, migrations);
  }

  /**
   * {@code <dir>/<timestamp>_<name>/migration.sql}, in folder-name order (prisma-engines {@code
   * migrations_directory.rs}).
   */
  private static List<Migration> prisma(Path dir) throws IOException, StepFailure {
    Path lock = dir.resolve("migration_lock.toml");
    if (Files.isRegularFile(lock)) {
      String toml = Files.readString(lock);
      Matcher m = Pattern.compile("provider\\s*=\\s*\"([^\"]+)\"").matcher(toml);
      if (m.find() && !m.group(1).equals("postgresql")) {
        throw new StepFailure(
            lock
                + " says provider = \""
                + m.group(1)
                + "\"; migrate runs PostgreSQL migrations only.",
            "Point input 'dir' at a PostgreSQL migrations folder.");
      }
    }
    List<Migration> out = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path sub :
          children.filter(p -> Files.isRegularFile(p.resolve("migration.sql"))).sorted().toList()) {
        Path file = sub.resolve("migration.sql");
        out.add(Migration.named(sub.getFileName().toString(), file, text(file)));
      }
    }
    return out;
  }

  /**
   * {@code meta/_journal.json} entries in journal order, each {@code <dir>/<tag>.sql} (drizzle-orm
   * {@code migrator.ts}).
   */
  private static List<Migration> drizzle(Path dir) throws IOException, StepFailure {
    Path journal = dir.resolve("meta/_journal.json");
    JsonNode root = Json.MAPPER.readTree(journal.toFile());
    String dialect = root.path("dialect").asText("postgresql");
    if (!dialect.equals("postgresql") && !dialect.equals("pg")) {
      throw new StepFailure(
          journal + " is for dialect '" + dialect + "'; migrate runs PostgreSQL migrations only.",
          "Point input 'dir' at a PostgreSQL migrations folder.");
    }
    List<Migration> out = new ArrayList<>();
    for (JsonNode entry : root.path("entries")) {
      String tag = entry.path("tag").asText();
      Path file = dir.resolve(tag + ".sql");
      if (!Files.isRegularFile(file)) {
        throw new StepFailure(
            journal + " lists '" + tag + "' but " + file + " does not exist.",
            "Commit the migration file, or regenerate the journal with drizzle-kit.");
      }
      out.add(new Migration(tag, null, tag, false, file, text(file), entry.path("when").asLong()));
    }
    return out;
  }

  /**
   * Versioned files by version, then repeatables by description, found recursively as Flyway scans
   * a location.
   */
  private static List<Migration> flyway(Path dir) throws IOException, StepFailure {
    List<Migration> versioned = new ArrayList<>();
    List<Migration> repeatable = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        Matcher m = FLYWAY.matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        String script = dir.relativize(file).toString().replace('\\', '/');
        String description = m.group(2).replace('_', ' ');
        if (m.group(1) == null) {
          repeatable.add(new Migration(script, null, description, true, file, text(file), 0));
        } else {
          versioned.add(
              new Migration(
                  script, m.group(1).replace('_', '.'), description, false, file, text(file), 0));
        }
      }
    }
    versioned.sort(Comparator.comparing(Migration::version, FlywayVersion.ORDER));
    for (int i = 1; i < versioned.size(); i++) {
      if (FlywayVersion.ORDER.compare(versioned.get(i - 1).version(), versioned.get(i).version())
          == 0) {
        throw new StepFailure(
            "Two Flyway migrations have version "
                + versioned.get(i).version()
                + ": "
                + versioned.get(i - 1).file()
                + " and "
                + versioned.get(i).file()
                + ".",
            "Give one of them the next free version.");
      }
    }
    repeatable.sort(Comparator.comparing(Migration::description));
    versioned.addAll(repeatable);
    return versioned;
  }

  /** Every {@code .sql} file directly in the folder, in file-name order. */
  private static List<Migration> plain(Path dir) throws IOException {
    List<Migration> out = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path file :
          children
              .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
              .sorted()
              .toList()) {
        out.add(Migration.named(file.getFileName().toString(), file, text(file)));
      }
    }
    return out;
  }

  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
