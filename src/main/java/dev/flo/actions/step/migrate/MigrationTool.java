package dev.flo.actions.step.migrate;

/** Whose layout and bookkeeping table a migrations directory follows. */
public enum MigrationTool {
  PRISMA("prisma"),
  DRIZZLE("drizzle"),
  FLYWAY("flyway"),
  SQL("sql");

  private final String id;

  MigrationTool(String id) {
    this.id = id;
  }

  /** The value of the {@code tool} input. */
  public String id() {
    return id;
  }
}
