package dev.flo.actions.runtime;

/**
 * An environment variable a step reads, declared in its definition ({@code AWS_REGION}, {@code
 * SLACK_WEBHOOK_URL}); the step reads it with {@link StepPort#env(EnvFact)} and never sees the rest
 * of the environment, which holds every {@code INPUT_*} secret and the runner's tokens.
 */
public record EnvFact(String name, String description) {
  public static EnvFact of(String name, String description) {
    return new EnvFact(name, description);
  }

  /**
   * The variables whose names the user lists in {@code input} (slack-notify's {@code
   * template-env}), read one by one with {@link StepPort#listedEnv(EnvFact, String)}; an {@code
   * INPUT_*} or {@code ACTIONS_*} variable is never among them.
   */
  public static EnvFact listedIn(Input<?> input, String description) {
    return new EnvFact("<" + input.name() + ">", description);
  }

  /** Whether this stands for the variables listed in an input rather than one variable. */
  public boolean listed() {
    return name.startsWith("<");
  }
}
