package dev.flo.actions.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A step's name, inputs, outputs and environment facts, declared once as typed constants; {@code
 * action.yml}, {@code --help}, the step pages, the input reader and the {@code deploy} step's
 * prefixed inputs all come from here. Every step gets the common {@link #DRY_RUN} input. Declare
 * one with {@link #named}:
 *
 * <pre>{@code
 * public static final StepDefinition DEFINITION =
 *     StepDefinition.named("health-verify", "Check that a deployed service is healthy.")
 *         .inputs(URL, METHOD, TIMEOUT)
 *         .outputs(HEALTHY, ATTEMPTS)
 *         .reads(HealthVerifyInputs::read)
 *         .create(HealthVerifyStep::new);
 * }</pre>
 *
 * @param inputs what the metadata shows, in declaration order (the typed ones' {@link Input#def()},
 *     then dry-run)
 * @param typedInputs the declarations the launcher reads and checks before the step runs
 * @param env the environment variables the step may read through {@link StepPort#env(EnvFact)}
 */
public record StepDefinition(
    String name,
    String description,
    List<InputDef> inputs,
    List<OutputDef> outputs,
    List<Input<?>> typedInputs,
    List<Output<?>> typedOutputs,
    List<EnvFact> env,
    Function<Toolkit, Step> factory) {

  /** Every step's {@code dry-run}: read like any other input, before the step runs. */
  public static final Input<Boolean> DRY_RUN = Input.Named.dryRun();

  public StepDefinition {
    List<Input<?>> typed = new ArrayList<>(typedInputs);
    if (typed.stream().noneMatch(i -> i.name().equals(DRY_RUN.name()))) {
      typed.add(DRY_RUN);
    }
    List<InputDef> all = new ArrayList<>(inputs);
    for (Input<?> i : typed) {
      if (all.stream().noneMatch(d -> d.name().equals(i.name()))) {
        all.add(i.def());
      }
    }
    List<OutputDef> outs = new ArrayList<>(outputs);
    for (Output<?> o : typedOutputs) {
      if (outs.stream().noneMatch(d -> d.name().equals(o.name()))) {
        outs.add(o.def());
      }
    }
    inputs = List.copyOf(all);
    outputs = List.copyOf(outs);
    typedInputs = List.copyOf(typed);
    typedOutputs = List.copyOf(typedOutputs);
    env = List.copyOf(env);
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = i + 1; j < inputs.size(); j++) {
        if (inputs.get(i).name().equals(inputs.get(j).name())) {
          throw new IllegalArgumentException(
              "step " + name + " declares input '" + inputs.get(i).name() + "' twice");
        }
      }
    }
  }

  /**
   * A step declared the old way, with untyped inputs read by name.
   *
   * @deprecated declare typed {@link Input}s and {@link Output}s with {@link #named}
   */
  @Deprecated
  public StepDefinition(
      String name,
      String description,
      List<InputDef> inputs,
      List<OutputDef> outputs,
      Function<Toolkit, Step> factory) {
    this(name, description, inputs, outputs, List.of(), List.of(), List.of(), factory);
  }

  /** Starts a declaration. */
  public static Builder named(String name, String description) {
    return new Builder(name, description, List.of(), List.of(), List.of(), List.of());
  }

  public Optional<InputDef> input(String inputName) {
    return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
  }

  public boolean declaresOutput(String outputName) {
    return outputs.stream().anyMatch(o -> o.name().equals(outputName));
  }

  /** The typed declaration of {@code outputName}, if it has one. */
  public Optional<Output<?>> typedOutput(String outputName) {
    return typedOutputs.stream().filter(o -> o.name().equals(outputName)).findFirst();
  }

  /** A declaration in progress: inputs, outputs and environment facts, then {@link #create}. */
  public record Builder(
      String name,
      String description,
      List<Input<?>> inputs,
      List<InputDef> handedOn,
      List<Output<?>> outputs,
      List<EnvFact> env) {
    public Builder inputs(Input<?>... declared) {
      return new Builder(name, description, List.of(declared), handedOn, outputs, env);
    }

    public Builder inputs(List<Input<?>> declared) {
      return new Builder(name, description, List.copyOf(declared), handedOn, outputs, env);
    }

    /**
     * All the inputs in the order {@code action.yml} lists them, where some are not the step's own
     * but text it hands on to the steps it composes ({@code deploy}'s {@code backend-token}); those
     * are read with {@link Inputs#raw}.
     */
    public Builder handsOn(List<InputDef> all) {
      return new Builder(name, description, inputs, List.copyOf(all), outputs, env);
    }

    public Builder outputs(Output<?>... declared) {
      return new Builder(name, description, inputs, handedOn, List.of(declared), env);
    }

    public Builder outputs(List<Output<?>> declared) {
      return new Builder(name, description, inputs, handedOn, List.copyOf(declared), env);
    }

    public Builder env(EnvFact... declared) {
      return new Builder(name, description, inputs, handedOn, outputs, List.of(declared));
    }

    /**
     * How the step's inputs record is made from its inputs (read and checked one by one already).
     */
    public <I> Reading<I> reads(TypedStep.Reader<I> reader) {
      return new Reading<>(this, reader);
    }
  }

  /** A declaration that knows its inputs record: the step comes next. */
  public record Reading<I>(Builder builder, TypedStep.Reader<I> reader) {
    /**
     * The step, made from the narrow {@link StepPort} the launcher hands it. The launcher reads
     * every input, makes the record, and runs the step only when no input had a problem.
     */
    public StepDefinition create(Function<StepPort, TypedStep<I>> factory) {
      List<EnvFact> facts = builder.env();
      TypedStep.Reader<I> read = reader;
      return new StepDefinition(
          builder.name(),
          builder.description(),
          builder.handedOn(),
          List.of(),
          builder.inputs(),
          builder.outputs(),
          facts,
          kit -> {
            StepPort port = kit.port(facts);
            return inputs -> {
              I record = read.read(inputs, port);
              inputs.check();
              factory
                  .apply(port)
                  .run(
                      java.util.Objects.requireNonNull(
                          record,
                          "a reader returns null only with a problem, which check() threw"));
            };
          });
    }
  }
}
