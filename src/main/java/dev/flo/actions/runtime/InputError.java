package dev.flo.actions.runtime;

import java.util.List;

/** Every problem found in a step's inputs, reported at once. */
public final class InputError extends StepFailure {
  private final List<String> problems;

  public InputError(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.getFirst()
            : problems.size() + " inputs are invalid:\n- " + String.join("\n- ", problems),
        "Fix the input"
            + (problems.size() == 1 ? "" : "s")
            + " under `with:` in the workflow (or the --flags on the command line) and run again.");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
