package dev.flo.actions.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.Steps;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.step.deploybackend.DeployBackendStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Command-line flags (values that start with dashes, such as a PEM private key), --version and
 * usage errors.
 */
class CommandLineTest {
  private static final String KEY =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

  @Test
  void aValueStartingWithDashesIsAValueNotAFlag() throws Exception {
    CommandLine c =
        CommandLine.parse(
            new String[] {"deploy-backend", "--ssh-key", KEY, "--dry-run"},
            Map.of(),
            List.of(DeployBackendStep.DEFINITION));
    assertThat(c.env())
        .containsEntry(InputDef.envName("ssh-key"), KEY)
        .containsEntry(InputDef.envName("dry-run"), "true");
  }

  @Test
  void aMisplacedSecretIsNeverEchoedInTheError() {
    assertThatThrownBy(
            () ->
                CommandLine.parse(
                    new String[] {"deploy-backend", "--provider", "compose", "x", KEY},
                    Map.of(),
                    List.of(DeployBackendStep.DEFINITION)))
        .hasMessageContaining("Unexpected argument 'x'");
    assertThatThrownBy(
            () ->
                CommandLine.parse(
                    new String[] {"deploy-backend", KEY},
                    Map.of(),
                    List.of(DeployBackendStep.DEFINITION)))
        .hasMessageContaining("not shown")
        .hasMessageNotContaining("b3BlbnNzaC1rZXktdjEAAAAA");
  }

  @Test
  void versionPrintsTheVersionTheImageAndTheJava() throws Exception {
    for (String flag : new String[] {"--version", "-V", "version"}) {
      CommandLine cli = CommandLine.parse(new String[] {flag}, Map.of(), Steps.ALL);
      assertThat(cli.step()).isNull();
      assertThat(cli.help())
          .startsWith("flo-actions " + Version.VERSION + "\n")
          .contains("image: " + Version.IMAGE + ":" + Version.VERSION)
          .contains("java: " + Runtime.version().feature());
    }
  }

  @Test
  void usageMentionsVersion() throws Exception {
    assertThat(CommandLine.parse(new String[] {"--help"}, Map.of(), Steps.ALL).help())
        .contains("--version");
  }

  @Test
  void anUnknownStepNamesTheSteps() {
    assertThatThrownBy(
            () -> CommandLine.parse(new String[] {"deploy-everything"}, Map.of(), Steps.ALL))
        .hasMessageContaining("Unknown step 'deploy-everything'")
        .hasMessageContaining("health-verify");
  }
}
