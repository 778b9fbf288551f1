package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.testing.WorkflowRehearsal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own GitHub workflows, read by GitHub's own workflow parser: the public CI runs {@code
 * .ci/run} (the script our CI runs) as root with Temurin 25, every action is pinned by full SHA and
 * to one SHA across the workflows; and {@code .ci/run}'s package choice for Debian and Ubuntu
 * (GitHub's runners), which no machine here can show by running, is checked against stand-ins for
 * both ({@code .ci/packages-test.sh}).
 */
class CiWorkflowTest {
  private static final Path WORKFLOWS = Path.of(".github/workflows");
  private static final Pattern PINNED = Pattern.compile("([\\w.-]+/[\\w./-]+)@([0-9a-f]{40})");
  private static final Pattern SUDO_CI_RUN =
      Pattern.compile("sudo env (\"[A-Z_]+=\\$[A-Z_]+\" )+bash \\.ci/run");

  @TempDir Path tmp;

  private static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      return files
          .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  private JsonNode jobs(Path workflow) throws IOException {
    try (WorkflowRehearsal r = WorkflowRehearsal.load(workflow, tmp)) {
      return r.jobs();
    }
  }

  private static String literal(JsonNode value) {
    assertThat(value.has("lit")).as("a plain value, not an expression: %s", value).isTrue();
    return value.get("lit").asText();
  }

  @Test
  void everyActionIsPinnedByFullShaWithItsVersionBesideIt() throws IOException {
    Map<String, Set<String>> shas = new TreeMap<>();
    int pinned = 0;
    for (Path file : workflows()) {
      String text = Files.readString(file);
      for (JsonNode job : jobs(file)) {
        for (JsonNode step : job.get("steps")) {
          String uses = step.path("uses").asText("");
          if (uses.isEmpty() || uses.startsWith("./")) {
            continue;
          }
          Matcher m = PINNED.matcher(uses);
          assertThat(m.matches())
              .as(
                  "%s, job %s: %s is not pinned by a full commit SHA",
                  file, job.get("id").asText(), uses)
              .isTrue();
          assertThat(text)
              .as("%s: %s has its version in a comment, as Dependabot writes it", file, uses)
              .containsPattern(Pattern.quote(uses) + " # v\\d+\\.\\d+\\.\\d+");
          shas.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
          pinned++;
        }
      }
    }
    assertThat(shas)
        .as(
            "each action at one SHA across our workflows (new pins are reviewed once, in one place)")
        .allSatisfy((action, s) -> assertThat(s).as(action).hasSize(1));
    assertThat(pinned)
        .as("the workflows use checkout, setup-java and the Docker actions")
        .isGreaterThan(10);
  }

  @Test
  void ciRunsDotCiRunAsRootWithTemurin25AndTheMavenCache() throws IOException {
    JsonNode ciRun = null;
    for (JsonNode job : jobs(WORKFLOWS.resolve("ci.yml"))) {
      for (JsonNode step : job.get("steps")) {
        if (!step.path("run").isNull() && SUDO_CI_RUN.matcher(literal(step.get("run"))).find()) {
          ciRun = job;
        }
      }
    }
    assertThat(ciRun).as("a job of ci.yml runs `sudo env ... bash .ci/run`").isNotNull();

    List<String> order = new ArrayList<>();
    for (JsonNode step : ciRun.get("steps")) {
      String uses = step.path("uses").asText("");
      if (uses.startsWith("actions/setup-java@")) {
        JsonNode with = step.get("with");
        assertThat(literal(with.get("distribution"))).isEqualTo("temurin");
        assertThat(literal(with.get("java-version"))).isEqualTo("25");
        assertThat(literal(with.get("cache"))).as("the Maven cache").isEqualTo("maven");
        order.add("setup-java");
      } else if (uses.startsWith("actions/checkout@")) {
        order.add("checkout");
      } else if (!step.path("run").isNull()) {
        String run = literal(step.get("run")).strip();
        assertThat(run)
            .as("the job's checks are .ci/run's own: no Maven of its own")
            .doesNotContain("mvnw");
        if (SUDO_CI_RUN.matcher(run).find()) {
          // sudo resets the environment: the JDK, the runner's PATH (node, npm), the cached ~/.m2
          // and CI=true
          // reach .ci/run only through env.
          assertThat(run)
              .contains(
                  "\"PATH=$PATH\"", "\"JAVA_HOME=$JAVA_HOME\"", "\"HOME=$HOME\"", "\"CI=$CI\"");
          order.add(".ci/run");
        }
      }
    }
    assertThat(order)
        .as("checkout, the JDK, then .ci/run")
        .containsExactly("checkout", "setup-java", ".ci/run");
    assertThat(ciRun.path("if").asText())
        .as("runs on every push and pull request")
        .isEqualTo("success()");
  }

  @Test
  void ciRunPicksDebianAndUbuntuPackagesByTheirOwnNames() throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", ".ci/packages-test.sh").redirectErrorStream(true);
    // .ci/run's dry mode checks for a JDK 25 first: the one running this test.
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("FLO_CI_OS_RELEASE");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(".ci/packages-test.sh finished").isTrue();
    System.out.print(out);
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("(?m)^packages: (\\d+) passed, 0 failed$").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Integer.parseInt(m.group(1)))
        .as("every machine of .ci/packages-test.sh was checked")
        .isGreaterThanOrEqualTo(15);
    assertThat(out)
        .contains(
            "GitHub's runner: docker-ce and its Compose v2 plugin stay, PostgreSQL 16 is enough: docker-registry busybox-static");
  }
}
