package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One phase of the pipeline: a composed step and how deploy's inputs reach it. Its inputs are the
 * step's own, prefixed, minus the shared ones (unprefixed in deploy) and the ones the pipeline sets
 * itself.
 *
 * @param prefix {@code backend-}, {@code migrate-}, … ; the step's input {@code x} is deploy's
 *     {@code prefix + x}
 * @param driven the step's inputs the pipeline sets (a Slack message's {@code status}, a check's
 *     {@code url} that another phase produces); not offered to the user
 * @param defaults the pipeline's own default for an input, where the step's would not fit a release
 *     (a frontend release goes to production, not to a preview)
 */
public record Phase(
    String title,
    String prefix,
    StepDefinition step,
    Set<String> driven,
    Map<String, String> defaults) {

  /** Inputs deploy takes once, unprefixed, and hands to every phase that declares them. */
  public static final Set<String> SHARED =
      Set.of(
          DeployPhases.DATABASE_URL.name(),
          DeployPhases.GITHUB_TOKEN.name(),
          DeployPhases.GITHUB_DEPLOYMENT.name(),
          DeployPhases.ENVIRONMENT.name(),
          StepDefinition.DRY_RUN.name());

  public Phase {
    driven = Set.copyOf(driven);
    defaults = Map.copyOf(defaults);
  }

  /**
   * The step's inputs as deploy offers them: prefixed, never required (a phase is switched on by
   * its key input) and without a default in {@code action.yml}, because the runner passes every
   * default as if the user had set it and a phase that does not run must not look configured; the
   * step applies its own default when it runs.
   */
  public List<InputDef> inputs() {
    return step.inputs().stream()
        .filter(i -> !SHARED.contains(i.name()) && !driven.contains(i.name()))
        .map(i -> new InputDef(prefix + i.name(), describe(i), null, false, i.secret()))
        .toList();
  }

  private String describe(InputDef i) {
    String fallback = defaults.getOrDefault(i.name(), i.effectiveDefault());
    String text = "(" + title + ", " + step.name() + " `" + i.name() + "`) " + i.description();
    return fallback == null || text.contains("Default:")
        ? text
        : text + " Default: " + fallback + ".";
  }

  /**
   * The step's input that deploy's {@code name} stands for, or null when it is not one of this
   * phase's.
   */
  public @Nullable String stepInput(String name) {
    if (!name.startsWith(prefix)) {
      return null;
    }
    String own = name.substring(prefix.length());
    return step.input(own).isPresent() && !SHARED.contains(own) && !driven.contains(own)
        ? own
        : null;
  }
}
