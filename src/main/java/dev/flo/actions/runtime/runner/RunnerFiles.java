package dev.flo.actions.runtime.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code exportVariable} and {@code saveState} of the toolkit: appends to {@code GITHUB_ENV} (env
 * for later steps) and {@code GITHUB_STATE} ({@code STATE_<name>} for this action's later stages)
 * through {@link FileCommand}. Outside GitHub Actions the values are printed instead. Values are
 * redacted either way: a step that must hand a secret to later steps cannot do it through these
 * files (nor should it). Container paths mean nothing to later host steps, so never export one
 * (runtime-contract.md §1.3).
 */
public final class RunnerFiles {
  private final Map<String, String> env;
  private final Supplier<String> delimiters;
  private final Log log;
  private final Masker masker;

  public RunnerFiles(Map<String, String> env, Supplier<String> delimiters, Log log, Masker masker) {
    this.env = env;
    this.delimiters = delimiters;
    this.log = log;
    this.masker = masker;
  }

  /** Sets {@code name} in the environment of the job's later steps. */
  public void exportVariable(String name, String value) {
    // The runner refuses this one and fails the step (runner SetEnvFileCommand._setEnvBlockList).
    if (name.equalsIgnoreCase("NODE_OPTIONS")) {
      throw new IllegalArgumentException(
          "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
    }
    append("GITHUB_ENV", "env", name, value);
  }

  /** Saves {@code name} for this action's post step, where it arrives as {@code STATE_<name>}. */
  public void saveState(String name, String value) {
    append("GITHUB_STATE", "state", name, value);
  }

  private void append(String variable, String kind, String name, String value) {
    String file = env.get(variable);
    if (file == null || file.isBlank()) {
      if ("true".equals(env.get("GITHUB_ACTIONS"))) {
        throw new IllegalStateException(
            "Unable to find environment variable for file command " + variable);
      }
      FileCommand.encode(name, value, delimiters.get());
      log.info("%s: %s=%s", kind, name, value);
      return;
    }
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new IllegalStateException("Missing file at path: " + path + " (" + variable + ")");
    }
    new FileCommand(path, delimiters, masker).append(name, value);
  }
}
