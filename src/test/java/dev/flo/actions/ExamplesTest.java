package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flo.actions.runtime.ActionMetadata;
import dev.flo.actions.runtime.StepDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example workflows use only steps and inputs that exist, so a user who copies them gets a working job. */
class ExamplesTest {
  private static final Pattern USES = Pattern.compile("flo-actions/flo-actions/(?:actions/)?([a-z-]+)@v\\d+");

  @Test
  void everyFloStepInTheExamplesExistsAndGetsOnlyDeclaredInputs() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> checked = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        for (JsonNode job : yaml.readTree(file.toFile()).path("jobs")) {
          for (JsonNode step : job.path("steps")) {
            Matcher m = USES.matcher(step.path("uses").asText(""));
            if (!m.matches()) {
              assertThat(step.path("uses").asText("")).as("%s: flo steps are used as flo-actions/flo-actions/actions/<step>@vN (deploy: flo-actions/flo-actions/deploy@vN)", file).doesNotContain("flo-actions/flo-actions/");
              continue;
            }
            StepDefinition def = Steps.ALL.stream().filter(s -> s.name().equals(m.group(1))).findFirst().orElse(null);
            assertThat(def).as("%s uses unknown step %s", file, m.group(1)).isNotNull();
            assertThat(step.path("uses").asText()).as("%s: %s lives in %s", file, def.name(), ActionMetadata.folder(def, Steps.TOP_LEVEL))
                .startsWith("flo-actions/flo-actions/" + ActionMetadata.folder(def, Steps.TOP_LEVEL) + "@");
            step.path("with").fieldNames().forEachRemaining(input ->
                assertThat(def.input(input)).as("%s: step %s has no input '%s'", file, def.name(), input).isPresent());
            checked.add(file.getFileName() + ":" + def.name());
          }
        }
      }
    }
    assertThat(checked).as("the examples use flo steps at all").hasSizeGreaterThan(5);
    assertThat(checked).as("the one-step and the composed pipeline are both checked").contains("deploy.yml:deploy", "deploy-composed.yml:rollback");
  }
}
