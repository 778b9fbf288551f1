package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.metadata.ActionMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README is the door: short, the one-step deploy first, every step one click away, the two
 * commands as CI runs them.
 */
class ReadmeTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  private final String readme = read(Path.of("README.md"));

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void staysShort() {
    assertThat(readme.lines().count())
        .as("README.md lines: step details go on the step's page, contributor material to docs/")
        .isLessThanOrEqualTo(200);
  }

  @Test
  void theOneStepDeployComesFirst() {
    int deploy = readme.indexOf("uses: flo-actions/flo-actions/deploy@v1");
    assertThat(deploy).isPositive();
    assertThat(deploy)
        .as("the deploy quick start comes before the single steps")
        .isLessThan(readme.indexOf("flo-actions/flo-actions/actions/"));
  }

  @Test
  void everyStepsPageIsOneClickAway() {
    for (StepDefinition step : Steps.ALL) {
      assertThat(readme)
          .as("README links %s's page", step.name())
          .contains("[`" + step.name() + "`](" + ActionMetadata.page(step, Steps.TOP_LEVEL) + ")");
    }
  }

  @Test
  void namesTheTestCommandCiRunsAndHowToPointAtJdk25() {
    assertThat(readme)
        .contains("\n./mvnw -B verify\n")
        .contains("JDK 25")
        .contains("export JAVA_HOME=");
    assertThat(read(Path.of(".ci/run"))).contains("\n./mvnw -B verify\n");
  }

  @Test
  void everyRelativeLinkInTheDocsLeadsToAFile() throws IOException {
    for (Path md : MarkdownYamlTest.markdownFiles()) {
      Matcher m = LINK.matcher(read(md));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        assertThat(md.resolveSibling(target).normalize()).as("%s links %s", md, target).exists();
      }
    }
  }
}
