package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.Steps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed action.yml files must be exactly what the step definitions generate. */
class ActionMetadataTest {
  private final ActionMetadata metadata = new ActionMetadata(ActionMetadata.imageRef());
  private static final String FIX = "regenerate with: ./mvnw -q -DskipTests package && java -jar target/flo-actions.jar generate-metadata .";

  @Test
  void everyStepActionYmlMatchesItsDefinition() throws IOException {
    for (StepDefinition step : Steps.ALL) {
      Path file = Path.of(ActionMetadata.folder(step, Steps.TOP_LEVEL), "action.yml");
      assertThat(file).as("%s is missing; %s", file, FIX).exists();
      assertThat(Files.readString(file)).as("%s drifted from the code; %s", file, FIX).isEqualTo(metadata.forStep(step));
    }
  }

  @Test
  void rootActionYmlMatchesTheDefinitions() throws IOException {
    assertThat(Files.readString(Path.of("action.yml"))).as("action.yml drifted; %s", FIX).isEqualTo(metadata.root(Steps.ALL));
  }

  @Test
  void theDeployPipelineSitsAtTheRootSoItsUsesLineWorksAsWritten() {
    assertThat(ActionMetadata.folder(Steps.DEPLOY, Steps.TOP_LEVEL)).isEqualTo("deploy");
    assertThat(Path.of("deploy", "action.yml")).exists();
    assertThat(Path.of("actions", "deploy")).doesNotExist();
    assertThat(ActionMetadata.folder(Steps.ALL.getLast(), Steps.TOP_LEVEL)).startsWith("actions/");
  }

  @Test
  void noActionFolderWithoutAStep() throws IOException {
    List<String> names = Steps.ALL.stream().filter(s -> !Steps.TOP_LEVEL.contains(s)).map(StepDefinition::name).toList();
    try (Stream<Path> dirs = Files.list(Path.of("actions"))) {
      assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList()).allMatch(names::contains);
    }
  }

  @Test
  void everyFileNamesTheSamePrebuiltImageAndALiteralStepArg() throws IOException {
    for (StepDefinition step : Steps.ALL) {
      String yml = Files.readString(Path.of(ActionMetadata.folder(step, Steps.TOP_LEVEL), "action.yml"));
      assertThat(yml).contains("  image: '" + ActionMetadata.imageRef() + "'").contains("  args:\n    - '" + step.name() + "'");
      assertThat(ActionMetadata.imageRef()).startsWith("docker://ghcr.io/");
    }
  }

  @Test
  void yamlQuotingDoublesSingleQuotes() {
    assertThat(ActionMetadata.q("it's")).isEqualTo("'it''s'");
  }
}
