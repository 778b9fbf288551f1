package dev.flo.actions.step.migrate;

import java.nio.file.Path;
import java.util.List;

/** The migrations of one directory, in the order their tool applies them. */
public record MigrationSet(MigrationTool tool, Path dir, List<Migration> migrations) {
  public MigrationSet {
    migrations = List.copyOf(migrations);
  }
}
