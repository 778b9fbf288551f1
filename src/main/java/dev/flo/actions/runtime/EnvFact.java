package dev.flo.actions.runtime;

/**
 * An environment variable a step reads, declared in its definition ({@code AWS_REGION}, {@code SLACK_WEBHOOK_URL});
 * the step reads it with {@link StepPort#env(EnvFact)} and never sees the rest of the environment, which holds
 * every {@code INPUT_*} secret and the runner's tokens.
 */
public record EnvFact(String name, String description) {
  public static EnvFact of(String name, String description) {
    return new EnvFact(name, description);
  }
}
