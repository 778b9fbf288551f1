package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.Steps;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
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
    assertThat(CommandLine.parse(new String[] {"--help"}, Map.of(), Steps.ALL).help()).contains("--version");
  }

  @Test
  void anUnknownStepNamesTheSteps() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"deploy-everything"}, Map.of(), Steps.ALL))
        .hasMessageContaining("Unknown step 'deploy-everything'")
        .hasMessageContaining("health-verify");
  }
}
