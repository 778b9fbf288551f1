package dev.flo.actions.runtime.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.Steps;
import dev.flo.actions.runtime.StepDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed action.yml files must be exactly what the step definitions generate. */
class ActionMetadataTest {
  private final ActionMetadata metadata = new ActionMetadata(committedImageRef());
  private static final String FIX =
      "regenerate with: ./mvnw -q -DskipTests package && java -jar target/flo-actions.jar generate-metadata .";

  @Test
  void everyStepActionYmlMatchesItsDefinition() throws IOException {
    for (StepDefinition step : Steps.ALL) {
      Path file = Path.of(ActionMetadata.folder(step, Steps.TOP_LEVEL), "action.yml");
      assertThat(file).as("%s is missing; %s", file, FIX).exists();
      assertThat(Files.readString(file))
          .as("%s drifted from the code; %s", file, FIX)
          .isEqualTo(metadata.forStep(step));
    }
  }

  @Test
  void rootActionYmlMatchesTheDefinitions() throws IOException {
    assertThat(Files.readString(Path.of("action.yml")))
        .as("action.yml drifted; %s", FIX)
        .isEqualTo(metadata.root(Steps.ALL));
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
    List<String> names =
        Steps.ALL.stream()
            .filter(s -> !Steps.TOP_LEVEL.contains(s))
            .map(StepDefinition::name)
            .toList();
    try (Stream<Path> dirs = Files.list(Path.of("actions"))) {
      assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
          .allMatch(names::contains);
    }
  }

  @Test
  void everyFileNamesTheSamePrebuiltImageAndALiteralStepArg() throws IOException {
    String image = committedImageRef();
    assertThat(ActionMetadata.isAllowedImageRef(image))
        .as(
            "action.yml names %s: only %s (between releases) or that tag with @sha256:<digest> (a release) may stand there",
            image, ActionMetadata.imageRef())
        .isTrue();
    for (StepDefinition step : Steps.ALL) {
      String yml =
          Files.readString(Path.of(ActionMetadata.folder(step, Steps.TOP_LEVEL), "action.yml"));
      assertThat(yml)
          .contains("  image: '" + image + "'")
          .contains("  args:\n    - '" + step.name() + "'");
      assertThat(image).startsWith("docker://ghcr.io/");
    }
  }

  @Test
  void aReleasePinsTheImageByTagAndDigest() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    String ref = ActionMetadata.imageRef(digest);
    assertThat(ref).isEqualTo(ActionMetadata.imageRef() + "@" + digest);
    assertThat(ActionMetadata.isAllowedImageRef(ref)).isTrue();
    assertThat(new ActionMetadata(ref).forStep(Steps.ALL.get(0)))
        .contains("  image: '" + ref + "'");
    assertThat(ActionMetadata.isAllowedImageRef("docker://ghcr.io/someone/else:1.0.0")).isFalse();
    assertThat(ActionMetadata.isAllowedImageRef(ActionMetadata.imageRef() + "@sha256:abc"))
        .isFalse();
    assertThatThrownBy(() -> ActionMetadata.imageRef("sha256:ABC"))
        .hasMessageContaining("sha256:<64 lower-case hex digits>");
  }

  /**
   * The image the committed root action.yml names: the placeholder between releases, tag@digest in
   * a release.
   */
  private static String committedImageRef() {
    try {
      return Files.readAllLines(Path.of("action.yml")).stream()
          .map(String::strip)
          .filter(l -> l.startsWith("image: '"))
          .map(l -> l.substring("image: '".length(), l.length() - 1))
          .findFirst()
          .orElseThrow(() -> new AssertionError("action.yml names no image"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void yamlQuotingDoublesSingleQuotes() {
    assertThat(ActionMetadata.q("it's")).isEqualTo("'it''s'");
  }
}
