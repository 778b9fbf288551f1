package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.step.deploybackend.DeployBackendStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command-line flags, in particular values that start with dashes (a PEM private key). */
class CommandLineTest {
  private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

  @Test
  void aValueStartingWithDashesIsAValueNotAFlag() throws Exception {
    CommandLine c = CommandLine.parse(new String[] {"deploy-backend", "--ssh-key", KEY, "--dry-run"}, Map.of(), List.of(DeployBackendStep.DEFINITION));
    assertThat(c.env()).containsEntry(InputDef.envName("ssh-key"), KEY).containsEntry(InputDef.envName("dry-run"), "true");
  }

  @Test
  void aMisplacedSecretIsNeverEchoedInTheError() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"deploy-backend", "--provider", "compose", "x", KEY}, Map.of(), List.of(DeployBackendStep.DEFINITION)))
        .hasMessageContaining("Unexpected argument 'x'");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"deploy-backend", KEY}, Map.of(), List.of(DeployBackendStep.DEFINITION)))
        .hasMessageContaining("not shown")
        .hasMessageNotContaining("b3BlbnNzaC1rZXktdjEAAAAA");
  }
}
