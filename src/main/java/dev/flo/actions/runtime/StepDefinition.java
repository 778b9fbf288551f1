package dev.flo.actions.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A step's name, inputs and outputs, declared once; {@code action.yml}, {@code --help} and the input reader all
 * come from here. Every step gets the common {@code dry-run} input.
 */
public record StepDefinition(
    String name,
    String description,
    List<InputDef> inputs,
    List<OutputDef> outputs,
    Function<Toolkit, Step> factory) {

  public static final InputDef DRY_RUN =
      InputDef.withDefault("dry-run", "Show what the step would do, without changing anything.", "false");

  public StepDefinition {
    List<InputDef> all = new ArrayList<>(inputs);
    if (all.stream().noneMatch(i -> i.name().equals(DRY_RUN.name()))) {
      all.add(DRY_RUN);
    }
    inputs = List.copyOf(all);
    outputs = List.copyOf(outputs);
  }

  public Optional<InputDef> input(String inputName) {
    return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
  }

  public boolean declaresOutput(String outputName) {
    return outputs.stream().anyMatch(o -> o.name().equals(outputName));
  }
}
