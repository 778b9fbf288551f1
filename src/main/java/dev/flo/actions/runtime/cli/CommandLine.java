package dev.flo.actions.runtime.cli;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar flo-actions.jar <step> --input value ...}: flags become {@code INPUT_*}
 * variables, so the command line runs exactly the code path of the container. A repeated flag joins
 * its values with newlines (a list input); a flag without a value means {@code true}.
 */
public record CommandLine(
    @Nullable StepDefinition step, Map<String, String> env, @Nullable String help) {

  /** A command line we cannot run; its message says what to type instead. */
  public static final class UsageError extends Exception {
    UsageError(String message) {
      super(message);
    }
  }

  /**
   * Without {@code env}: it holds every {@code INPUT_*} secret and the runner's {@code ACTIONS_*}
   * tokens.
   */
  @Override
  public String toString() {
    return "CommandLine[step="
        + (step == null ? "none" : step.name())
        + ", "
        + env.size()
        + " environment variables"
        + (help == null ? "" : ", help")
        + "]";
  }

  public static CommandLine parse(
      String[] args, Map<String, String> processEnv, List<StepDefinition> steps) throws UsageError {
    String stepName = args.length > 0 ? args[0] : processEnv.getOrDefault("INPUT_STEP", "").strip();
    if (stepName.isEmpty()
        || stepName.equals("--help")
        || stepName.equals("-h")
        || stepName.equals("help")) {
      return new CommandLine(null, processEnv, usage(steps));
    }
    if (stepName.equals("--version") || stepName.equals("-V") || stepName.equals("version")) {
      return new CommandLine(null, processEnv, version());
    }
    StepDefinition step =
        steps.stream()
            .filter(s -> s.name().equals(stepName))
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageError(
                        "Unknown step '"
                            + stepName
                            + "'. Steps: "
                            + names(steps)
                            + ". Run with --help for details."));
    Map<String, String> env = new HashMap<>(processEnv);
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return new CommandLine(step, env, stepHelp(step));
      }
      if (!isFlag(a)) {
        throw new UsageError(
            "Unexpected argument "
                + shown(a)
                + ". Give inputs as --name value. Run '"
                + step.name()
                + " --help' for the inputs.");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length && !isFlag(args[i + 1])) {
        value = args[++i];
      } else {
        value = "true";
      }
      String inputName = name;
      if (step.input(inputName).isEmpty()) {
        throw new UsageError(
            "Step "
                + step.name()
                + " has no input '--"
                + inputName
                + "'. Inputs: "
                + step.inputs().stream().map(InputDef::name).collect(Collectors.joining(", "))
                + ".");
      }
      flags.computeIfAbsent(inputName, k -> new ArrayList<>()).add(value);
    }
    flags.forEach((k, v) -> env.put(InputDef.envName(k), String.join("\n", v)));
    return new CommandLine(step, env, null);
  }

  /** The jar's version and the image whose {@code action.yml} files name this build. */
  static String version() {
    return "flo-actions "
        + Version.VERSION
        + "\nimage: "
        + Version.IMAGE
        + ":"
        + Version.VERSION
        + "\njava: "
        + Runtime.version()
        + " ("
        + System.getProperty("java.home")
        + ")\n";
  }

  /**
   * {@code --name} or {@code --name=value}. A value that merely starts with dashes (a PEM key's
   * {@code -----BEGIN}) is a value, not a flag.
   */
  private static boolean isFlag(String a) {
    return a.matches("(?s)--[A-Za-z][A-Za-z0-9_-]*(=.*)?");
  }

  /**
   * An argument in an error message: it may be a secret given in the wrong place, so only a short
   * single line is shown.
   */
  private static String shown(String a) {
    return a.length() <= 40 && !a.contains("\n") && !a.contains("KEY")
        ? "'" + a + "'"
        : "(a value of " + a.length() + " characters, not shown)";
  }

  static String usage(List<StepDefinition> steps) {
    StringBuilder sb =
        new StringBuilder("flo-actions ")
            .append(Version.VERSION)
            .append(": ship a web monorepo safely.\n\n");
    sb.append(
        "Usage: java -jar flo-actions.jar <step> [--input value]...\n       java -jar flo-actions.jar <step> --help\n       java -jar flo-actions.jar --version\n\nSteps:\n");
    int width = steps.stream().mapToInt(s -> s.name().length()).max().orElse(10);
    for (StepDefinition s : steps) {
      sb.append("  ")
          .append(pad(s.name(), width))
          .append("  ")
          .append(s.description())
          .append('\n');
    }
    sb.append(
        "\nInputs can also come from INPUT_<NAME> environment variables, as in GitHub Actions.\n");
    return sb.toString();
  }

  static String stepHelp(StepDefinition step) {
    StringBuilder sb =
        new StringBuilder(step.name())
            .append(": ")
            .append(step.description())
            .append("\n\nInputs:\n");
    for (InputDef i : step.inputs()) {
      sb.append("  --").append(i.name());
      if (i.required()) {
        sb.append(" (required)");
      }
      if (i.secret()) {
        sb.append(" (secret)");
      }
      if (i.defaultValue() != null) {
        sb.append(" [default: ").append(i.defaultValue()).append(']');
      }
      sb.append("\n      ").append(i.description()).append('\n');
    }
    sb.append("\nOutputs:\n");
    for (OutputDef o : step.outputs()) {
      sb.append("  ").append(o.name()).append("\n      ").append(o.description()).append('\n');
    }
    return sb.toString();
  }

  private static String names(List<StepDefinition> steps) {
    return steps.stream().map(StepDefinition::name).collect(Collectors.joining(", "));
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }
}
