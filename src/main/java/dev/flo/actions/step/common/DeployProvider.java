package dev.flo.actions.step.common;

import dev.flo.actions.runtime.Input;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where an app runs: the one provider type of {@code deploy-backend}, {@code deploy-frontend} and
 * {@code rollback}. Each step accepts the providers it implements ({@link #input}); the {@code
 * deploy} step passes the value on.
 */
public enum DeployProvider {
  RENDER("Render"),
  RAILWAY("Railway"),
  VERCEL("Vercel"),
  /** A deploy-hook URL: starts a deploy, cannot follow it. */
  HOOK("the deploy hook"),
  /** Docker Compose on your own hosts, over SSH. */
  COMPOSE("Docker Compose");

  private final String displayName;

  DeployProvider(String displayName) {
    this.displayName = displayName;
  }

  /** As messages name it: "Render", "the deploy hook". */
  public String displayName() {
    return displayName;
  }

  /** As the {@code provider} input spells it: {@code render}. */
  public String inputValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The required {@code provider} input of a step that implements {@code accepted}, in the order
   * its error lists them.
   */
  public static Input<DeployProvider> input(String description, DeployProvider... accepted) {
    List<String> spellings = Arrays.stream(accepted).map(DeployProvider::inputValue).toList();
    return Input.named("provider", description)
        .reading(
            (in, name) -> {
              String v = in.choice(name, spellings);
              return v == null ? null : valueOf(v.toUpperCase(Locale.ROOT));
            })
        .required();
  }
}
