package dev.flo.actions.runtime.metadata;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.OutputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.cli.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates {@code actions/<step>/action.yml} (or {@code <step>/action.yml} for a top-level step),
 * the root {@code action.yml} and the input/output tables of every step's page ({@code README.md}
 * next to its {@code action.yml}) from the step definitions, so neither can drift from the code
 * ({@code ActionMetadataTest} and {@code StepPagesTest} fail if the committed files differ). Every
 * file names the same prebuilt image and picks its step with a literal {@code args} entry.
 */
public final class ActionMetadata {
  static final String HEADER =
      "# Generated from the step definitions in src/main/java; do not edit by hand.\n"
          + "# Regenerate with: java -jar target/flo-actions.jar generate-metadata .\n";

  private final String image;

  public ActionMetadata(String image) {
    this.image = image;
  }

  private static final java.util.regex.Pattern DIGEST =
      java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}");

  /**
   * The development placeholder: the image by tag alone, as every commit between releases names it.
   */
  public static String imageRef() {
    return "docker://" + Version.IMAGE + ":" + Version.VERSION;
  }

  /**
   * The release's reference: tag and digest of the multi-arch index, so a commit names exactly one
   * image even if the tag is pushed again (the runner pulls by the digest; the tag only tells
   * people which version it is).
   */
  public static String imageRef(String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "'"
              + digest
              + "' is not an image digest; give it as sha256:<64 lower-case hex digits>, as `docker buildx imagetools inspect` prints it");
    }
    return imageRef() + "@" + digest;
  }

  /**
   * Whether {@code ref} is one an action.yml may name: the placeholder, or this version's tag with
   * a digest.
   */
  public static boolean isAllowedImageRef(String ref) {
    return ref.equals(imageRef())
        || (ref.startsWith(imageRef() + "@")
            && DIGEST.matcher(ref.substring(imageRef().length() + 1)).matches());
  }

  public String forStep(StepDefinition step) {
    StringBuilder y = new StringBuilder(HEADER);
    y.append("name: ").append(q("flo-actions " + step.name())).append('\n');
    y.append("description: ").append(q(step.description())).append('\n');
    y.append("author: flo-actions\n");
    y.append("branding:\n  icon: shield\n  color: green\n");
    inputs(y, step.inputs());
    outputs(y, step.outputs());
    y.append("runs:\n  using: docker\n  image: ")
        .append(q(image))
        .append("\n  args:\n    - ")
        .append(q(step.name()))
        .append('\n');
    return y.toString();
  }

  /**
   * The root action: a {@code step} input plus every step's inputs; defaults only where all steps
   * agree.
   */
  public String root(List<StepDefinition> steps) {
    Map<String, InputDef> merged = new LinkedHashMap<>();
    Map<String, List<String>> usedBy = new LinkedHashMap<>();
    merged.put(
        "step",
        InputDef.required(
            "step",
            "The step to run: "
                + String.join(", ", steps.stream().map(StepDefinition::name).toList())
                + "."));
    for (StepDefinition s : steps) {
      for (InputDef i : s.inputs()) {
        usedBy.computeIfAbsent(i.name(), k -> new java.util.ArrayList<>()).add(s.name());
        InputDef prev = merged.get(i.name());
        if (prev == null) {
          merged.put(
              i.name(),
              new InputDef(i.name(), i.description(), i.defaultValue(), false, i.secret()));
        } else if (!Objects.equals(prev.defaultValue(), i.defaultValue())) {
          merged.put(
              i.name(),
              new InputDef(i.name(), prev.description(), null, false, prev.secret() || i.secret()));
        }
      }
    }
    List<InputDef> inputs =
        merged.values().stream()
            .map(
                i ->
                    i.name().equals("step")
                        ? i
                        : new InputDef(
                            i.name(),
                            "(" + String.join(", ", usedBy.get(i.name())) + ") " + i.description(),
                            i.defaultValue(),
                            false,
                            i.secret()))
            .toList();
    Map<String, OutputDef> outs = new LinkedHashMap<>();
    steps.forEach(s -> s.outputs().forEach(o -> outs.putIfAbsent(o.name(), o)));
    StringBuilder y = new StringBuilder(HEADER);
    y.append("name: ").append(q("flo-actions")).append('\n');
    y.append("description: ")
        .append(
            q(
                "Ship a web monorepo safely: migrate, back up, deploy, verify, roll back and notify. Pick a step with `step`, or use org/flo-actions/<step>."))
        .append('\n');
    y.append("author: flo-actions\n");
    y.append("branding:\n  icon: shield\n  color: green\n");
    inputs(y, inputs);
    outputs(y, List.copyOf(outs.values()));
    y.append("runs:\n  using: docker\n  image: ")
        .append(q(image))
        .append("\n  args:\n    - ")
        .append(q("${{ inputs.step }}"))
        .append('\n');
    return y.toString();
  }

  /**
   * The folder of a step's {@code action.yml}: {@code actions/<step>}, or {@code <step>} at the
   * repository root for the steps in {@code topLevel}, so that {@code uses:
   * org/flo-actions/deploy@v1} works as written.
   */
  public static String folder(StepDefinition step, List<StepDefinition> topLevel) {
    return topLevel.contains(step) ? step.name() : "actions/" + step.name();
  }

  /** Writes every file under {@code repoRoot}; returns the paths written. */
  public List<Path> write(Path repoRoot, List<StepDefinition> steps, List<StepDefinition> topLevel)
      throws IOException {
    List<Path> written = new java.util.ArrayList<>();
    for (StepDefinition s : steps) {
      Path p = repoRoot.resolve(folder(s, topLevel)).resolve("action.yml");
      Files.createDirectories(p.getParent());
      Files.writeString(p, forStep(s), StandardCharsets.UTF_8);
      written.add(p);
    }
    Path root = repoRoot.resolve("action.yml");
    Files.writeString(root, root(steps), StandardCharsets.UTF_8);
    written.add(root);
    for (StepDefinition s : steps) {
      Path page = repoRoot.resolve(page(s, topLevel));
      String before =
          Files.isRegularFile(page) ? Files.readString(page, StandardCharsets.UTF_8) : newPage(s);
      String after = withReadmeTables(before, List.of(s));
      if (!after.equals(before) || !Files.isRegularFile(page)) {
        Files.writeString(page, after, StandardCharsets.UTF_8);
        written.add(page);
      }
    }
    return written;
  }

  private static void inputs(StringBuilder y, List<InputDef> inputs) {
    y.append("inputs:\n");
    for (InputDef i : inputs) {
      y.append("  ").append(i.name()).append(":\n");
      y.append("    description: ")
          .append(q(i.description() + (i.secret() ? " (secret: masked in logs)" : "")))
          .append('\n');
      y.append("    required: ").append(i.required()).append('\n');
      if (i.defaultValue() != null) {
        y.append("    default: ").append(q(i.defaultValue())).append('\n');
      }
    }
  }

  private static void outputs(StringBuilder y, List<OutputDef> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    y.append("outputs:\n");
    for (OutputDef o : outputs) {
      y.append("  ")
          .append(o.name())
          .append(":\n    description: ")
          .append(q(o.description()))
          .append('\n');
    }
  }

  /**
   * A step's own page, {@code <folder>/README.md}: its behaviour, examples and the generated
   * tables.
   */
  public static String page(StepDefinition step, List<StepDefinition> topLevel) {
    return folder(step, topLevel) + "/README.md";
  }

  /**
   * The page a new step starts with: a title, its description and the generated block, to be
   * written around.
   */
  public static String newPage(StepDefinition step) {
    return "# "
        + step.name()
        + "\n\n"
        + step.description()
        + "\n\n## Inputs and outputs\n\n"
        + readmeStart(step)
        + "\n"
        + readmeEnd(step)
        + "\n";
  }

  /**
   * Where {@link #readmeTables} goes in a step's page: between these two lines, replaced on every
   * generation.
   */
  public static String readmeStart(StepDefinition step) {
    return "<!-- "
        + step.name()
        + " inputs and outputs: generated by generate-metadata, do not edit -->";
  }

  public static String readmeEnd(StepDefinition step) {
    return "<!-- end of generated " + step.name() + " inputs and outputs -->";
  }

  /**
   * The step's inputs and outputs as Markdown tables: the same words as {@code action.yml} and
   * {@code --help}.
   */
  public static String readmeTables(StepDefinition step) {
    StringBuilder md =
        new StringBuilder("| Input | Default | Description |\n| --- | --- | --- |\n");
    for (InputDef i : step.inputs()) {
      md.append("| `")
          .append(i.name())
          .append("` | ")
          .append(
              i.required()
                  ? "required"
                  : i.defaultValue() == null ? "" : "`" + cell(i.defaultValue()) + "`")
          .append(" | ")
          .append(cell(i.description()))
          .append(i.secret() ? " Secret: masked in logs." : "")
          .append(" |\n");
    }
    if (step.outputs().isEmpty()) {
      return md.toString();
    }
    md.append("\n| Output | Description |\n| --- | --- |\n");
    for (OutputDef o : step.outputs()) {
      md.append("| `").append(o.name()).append("` | ").append(cell(o.description())).append(" |\n");
    }
    return md.toString();
  }

  /**
   * Replaces the generated block of every step that has one in {@code page}; returns the new text.
   */
  public static String withReadmeTables(String readme, List<StepDefinition> steps) {
    String out = readme;
    for (StepDefinition s : steps) {
      int start = out.indexOf(readmeStart(s));
      int end = out.indexOf(readmeEnd(s));
      if (start >= 0 && end > start) {
        out =
            out.substring(0, start) + readmeStart(s) + "\n" + readmeTables(s) + out.substring(end);
      }
    }
    return out;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** A YAML single-quoted scalar: only {@code '} needs escaping (doubled). */
  static String q(String s) {
    return "'" + s.replace("'", "''").replace("\n", " ") + "'";
  }
}
