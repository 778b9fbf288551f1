package dev.flo.actions.runtime;

/** One declared output of a step. */
public record OutputDef(String name, String description) {
  public static OutputDef of(String name, String description) {
    return new OutputDef(name, description);
  }
}
