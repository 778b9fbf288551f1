package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.metadata.ActionMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example workflows (examples/*.yml and each team's folder) use only steps, inputs and outputs
 * that exist, so a user who copies them gets a working job; third-party actions are pinned as our
 * own workflows pin them, and no {@code run:} line interpolates an expression (a value with a quote
 * in it would become shell code).
 */
class ExamplesTest {
  private static final Pattern USES =
      Pattern.compile("flo-actions/flo-actions/(?:actions/)?([a-z-]+)@v\\d+");
  private static final Pattern STEP_OUTPUT =
      Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern NEEDS_OUTPUT =
      Pattern.compile("needs\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern PINNED = Pattern.compile("([\\w.-]+/[\\w./-]+)@([0-9a-f]{40})");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<Path> exampleWorkflows() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  /** Third-party action → the SHAs .github/workflows pins it to. */
  static Map<String, Set<String>> ourPins() throws IOException {
    Map<String, Set<String>> pins = new HashMap<>();
    try (Stream<Path> files = Files.list(Path.of(".github/workflows"))) {
      for (Path f : files.toList()) {
        Matcher m = PINNED.matcher(Files.readString(f));
        while (m.find()) {
          pins.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
        }
      }
    }
    return pins;
  }

  static StepDefinition floStep(Path file, JsonNode step) {
    Matcher m = USES.matcher(step.path("uses").asText(""));
    if (!m.matches()) {
      assertThat(step.path("uses").asText(""))
          .as(
              "%s: flo steps are used as flo-actions/flo-actions/actions/<step>@vN (deploy: flo-actions/flo-actions/deploy@vN)",
              file)
          .doesNotContain("flo-actions/flo-actions/");
      return null;
    }
    StepDefinition def =
        Steps.ALL.stream().filter(s -> s.name().equals(m.group(1))).findFirst().orElse(null);
    assertThat(def).as("%s uses unknown step %s", file, m.group(1)).isNotNull();
    assertThat(step.path("uses").asText())
        .as("%s: %s lives in %s", file, def.name(), ActionMetadata.folder(def, Steps.TOP_LEVEL))
        .startsWith("flo-actions/flo-actions/" + ActionMetadata.folder(def, Steps.TOP_LEVEL) + "@");
    return def;
  }

  @Test
  void everyFloStepInTheExamplesExistsAndGetsOnlyDeclaredInputs() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path file : exampleWorkflows()) {
      for (JsonNode job : YAML.readTree(file.toFile()).path("jobs")) {
        for (JsonNode step : job.path("steps")) {
          StepDefinition def = floStep(file, step);
          if (def == null) {
            continue;
          }
          step.path("with")
              .fieldNames()
              .forEachRemaining(
                  input ->
                      assertThat(def.input(input))
                          .as("%s: step %s has no input '%s'", file, def.name(), input)
                          .isPresent());
          checked.add(Path.of("examples").relativize(file) + ":" + def.name());
        }
      }
    }
    assertThat(checked).as("the examples use flo steps at all").hasSizeGreaterThan(5);
    assertThat(checked)
        .as("the one-step and the composed pipeline are both checked, and the teams' folders")
        .contains(
            "deploy.yml:deploy",
            "deploy-composed.yml:rollback",
            "projectflo/deploy.yml:deploy",
            "flakeguard/release.yml:rollback",
            "shop/deploy.yml:deploy",
            "chefops/deploy.yml:deploy",
            "assets/nightly.yml:db-restore",
            "assets/ci.yml:lint-gate");
  }

  @Test
  void everyOutputReferenceNamesAnOutputTheStepOrJobDeclares() throws IOException {
    int references = 0;
    for (Path file : exampleWorkflows()) {
      String text = Files.readString(file);
      JsonNode jobs = YAML.readTree(file.toFile()).path("jobs");
      for (var job : jobs.properties()) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode step : job.getValue().path("steps")) {
          if (step.has("id")) {
            assertThat(byId.put(step.path("id").asText(), step))
                .as(
                    "%s: step id %s used twice in job %s",
                    file, step.path("id").asText(), job.getKey())
                .isNull();
          }
        }
        Matcher m = STEP_OUTPUT.matcher(YAML.writeValueAsString(job.getValue()));
        while (m.find()) {
          references++;
          JsonNode step = byId.get(m.group(1));
          assertThat(step)
              .as("%s: job %s has no step with id '%s'", file, job.getKey(), m.group(1))
              .isNotNull();
          StepDefinition def = floStep(file, step);
          if (def != null) {
            assertThat(def.declaresOutput(m.group(2)))
                .as("%s: step %s (%s) has no output '%s'", file, m.group(1), def.name(), m.group(2))
                .isTrue();
          } else if (step.has("run")) {
            assertThat(step.path("run").asText())
                .as("%s: run step %s never writes output '%s'", file, m.group(1), m.group(2))
                .contains(m.group(2) + "=");
          }
        }
      }
      Matcher n = NEEDS_OUTPUT.matcher(text);
      while (n.find()) {
        references++;
        assertThat(jobs.path(n.group(1)).path("outputs").has(n.group(2)))
            .as("%s: job %s declares no output '%s'", file, n.group(1), n.group(2))
            .isTrue();
      }
    }
    assertThat(references).as("the examples wire outputs at all").isGreaterThan(20);
  }

  @Test
  void thirdPartyActionsArePinnedAsOurOwnWorkflowsPinThem() throws IOException {
    Map<String, Set<String>> pins = ourPins();
    int pinned = 0;
    for (Path file :
        exampleWorkflows().stream()
            .filter(f -> !f.getParent().equals(Path.of("examples")))
            .toList()) {
      for (JsonNode job : YAML.readTree(file.toFile()).path("jobs")) {
        for (JsonNode step : job.path("steps")) {
          String uses = step.path("uses").asText("");
          if (uses.isEmpty() || uses.startsWith("flo-actions/flo-actions/")) {
            continue;
          }
          String action = uses.substring(0, uses.indexOf('@'));
          assertThat(pins)
              .as("%s: %s is not one of the actions our own workflows pin", file, action)
              .containsKey(action);
          assertThat(pins.get(action))
              .as("%s: %s pinned to the SHA .github/workflows uses", file, uses)
              .contains(uses.substring(uses.indexOf('@') + 1));
          pinned++;
        }
      }
    }
    assertThat(pinned)
        .as("the teams' examples use checkout and the Docker actions")
        .isGreaterThan(10);
  }

  @Test
  void noRunLineInterpolatesAnExpression() throws IOException {
    for (Path file :
        exampleWorkflows().stream()
            .filter(f -> !f.getParent().equals(Path.of("examples")))
            .toList()) {
      for (JsonNode job : YAML.readTree(file.toFile()).path("jobs")) {
        for (JsonNode step : job.path("steps")) {
          assertThat(step.path("run").asText(""))
              .as("%s: pass values to run: through env:, never ${{ }} in the script", file)
              .doesNotContain("${{");
        }
      }
    }
  }

  @Test
  void everyTeamFolderHasAReadmeNamingItsSecretsAndVariables() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of("examples"))) {
      List<Path> teams = dirs.filter(Files::isDirectory).toList();
      assertThat(teams).hasSizeGreaterThanOrEqualTo(5);
      for (Path team : teams) {
        Path readme = team.resolve("README.md");
        assertThat(readme).as("%s has a README", team).exists();
        String text = Files.readString(readme);
        try (Stream<Path> files = Files.list(team)) {
          for (Path wf : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
            Matcher m =
                Pattern.compile("(secrets|vars)\\.([A-Z0-9_]+)").matcher(Files.readString(wf));
            while (m.find()) {
              assertThat(text)
                  .as(
                      "%s names %s.%s (used by %s)",
                      readme, m.group(1), m.group(2), wf.getFileName())
                  .contains(m.group(2));
            }
          }
        }
      }
    }
  }

  private static final Set<String> SHIPPING =
      Set.of("deploy", "deploy-backend", "deploy-frontend", "migrate", "rollback");

  /**
   * Two runs of a deploy must never overlap (a newer push racing the rollback of an older one), and
   * a deploy must never be cancelled halfway by a newer run: every job that ships to a GitHub
   * environment is in a concurrency group (its own or the workflow's) with {@code
   * cancel-in-progress: false}.
   */
  @Test
  void everyDeployJobIsInAConcurrencyGroupThatWaitsInsteadOfCancelling() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path file : exampleWorkflows()) {
      JsonNode workflow = YAML.readTree(file.toFile());
      for (var job : workflow.path("jobs").properties()) {
        boolean ships = false;
        for (JsonNode step : job.getValue().path("steps")) {
          StepDefinition def = floStep(file, step);
          ships |= def != null && SHIPPING.contains(def.name());
        }
        if (!ships || !job.getValue().has("environment")) {
          continue;
        }
        JsonNode concurrency =
            job.getValue().has("concurrency")
                ? job.getValue().path("concurrency")
                : workflow.path("concurrency");
        String where =
            "%s: job %s ships to %s"
                .formatted(file, job.getKey(), job.getValue().path("environment"));
        assertThat(concurrency.isMissingNode())
            .as("%s without a concurrency group", where)
            .isFalse();
        String group =
            concurrency.isTextual() ? concurrency.asText() : concurrency.path("group").asText("");
        assertThat(group).as("%s: concurrency group", where).isNotBlank();
        if (concurrency.isObject()) {
          assertThat(concurrency.path("cancel-in-progress").asText("false"))
              .as("%s: a newer run must wait, not cancel a deploy halfway", where)
              .isEqualTo("false");
        }
        checked.add(Path.of("examples").relativize(file) + ":" + job.getKey());
      }
    }
    assertThat(checked)
        .as("every team's production deploy")
        .contains(
            "projectflo/deploy.yml:deploy",
            "shop/deploy.yml:deploy",
            "chefops/deploy.yml:production",
            "flakeguard/release.yml:deploy",
            "assets/release.yml:production");
  }

  /**
   * In a cancelled run {@code failure()} is false and a step without {@code if:} is skipped: a
   * rollback conditioned on {@code failure()} alone would leave an unchecked release live after a
   * cancel. Every rollback step also runs on {@code cancelled()} (or {@code always()}).
   */
  @Test
  void everyRollbackStepAlsoRunsWhenTheRunIsCancelled() throws IOException {
    int rollbacks = 0;
    for (Path file : exampleWorkflows()) {
      for (JsonNode job : YAML.readTree(file.toFile()).path("jobs")) {
        for (JsonNode step : job.path("steps")) {
          StepDefinition def = floStep(file, step);
          if (def != null && def.name().equals("rollback")) {
            rollbacks++;
            assertThat(step.path("if").asText(""))
                .as(
                    "%s: rollback step '%s' must run on cancel too",
                    file, step.path("name").asText())
                .containsAnyOf("cancelled()", "always()");
          }
        }
      }
    }
    assertThat(rollbacks).as("the composed examples roll back").isGreaterThanOrEqualTo(3);
  }
}
