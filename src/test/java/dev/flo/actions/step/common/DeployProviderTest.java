package dev.flo.actions.step.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One provider type, each step accepting the providers it implements and saying which. */
class DeployProviderTest {
  @TempDir Path tmp;

  @Test
  void deployBackendRefusesAProviderItCannotDeployToAndListsItsOwn() throws Exception {
    var result =
        new StepHarness(DeployBackendStep.DEFINITION, tmp).input("provider", "vercel").run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Input 'provider' is 'vercel'")
        .contains("Use one of: render, railway, hook, compose.");
  }

  @Test
  void rollbackRefusesAHookAndListsItsOwn() throws Exception {
    var result =
        new StepHarness(RollbackStep.DEFINITION, tmp)
            .input("provider", "Hook")
            .input("token", "t")
            .run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .contains("Use one of: render, railway, vercel, compose.");
  }

  @Test
  void aProviderIsReadCaseInsensitively() throws Exception {
    var result = new StepHarness(RollbackStep.DEFINITION, tmp).input("provider", "RENDER").run();
    // Read as render: what is missing is render's own input, not the provider.
    assertThat(result.annotations("error"))
        .singleElement()
        .asString()
        .doesNotContain("'provider'")
        .contains("Input 'token' is required for `provider: render`");
  }
}
