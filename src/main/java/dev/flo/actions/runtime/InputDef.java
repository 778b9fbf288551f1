package dev.flo.actions.runtime;

import org.jspecify.annotations.Nullable;

/**
 * One declared input of a step: the single source for the Java reader, {@code --help}, and {@code action.yml}.
 *
 * @param defaultValue the default, or null; a value containing {@code ${{} is a workflow expression that only the
 *     runner can evaluate (such as {@code ${{ github.token }}}), and counts as unset on the command line
 * @param secret masked with {@code ::add-mask::} before anything is printed
 */
public record InputDef(
    String name,
    String description,
    @Nullable String defaultValue,
    boolean required,
    boolean secret) {

  public static InputDef optional(String name, String description) {
    return new InputDef(name, description, null, false, false);
  }

  public static InputDef required(String name, String description) {
    return new InputDef(name, description, null, true, false);
  }

  public static InputDef withDefault(String name, String description, String defaultValue) {
    return new InputDef(name, description, defaultValue, false, false);
  }

  public InputDef asSecret() {
    return new InputDef(name, description, defaultValue, required, true);
  }

  /** The default the Java side applies itself (expressions are the runner's business). */
  public @Nullable String effectiveDefault() {
    return defaultValue == null || defaultValue.contains("${{") ? null : defaultValue;
  }

  /**
   * The runner's environment name: {@code INPUT_} + upper-case, spaces to {@code _}, hyphens kept.
   */
  public static String envName(String name) {
    return "INPUT_" + name.replace(' ', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
