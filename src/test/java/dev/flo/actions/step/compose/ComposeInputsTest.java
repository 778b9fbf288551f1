package dev.flo.actions.step.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.step.deploybackend.DeployBackendStep;
import dev.flo.actions.step.rollback.RollbackStep;
import dev.flo.actions.testing.StepHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad compose inputs: every problem at once, each naming the input and the fix; nothing is
 * contacted.
 */
class ComposeInputsTest {
  @TempDir Path tmp;

  @Test
  void deployBackendReportsEveryMissingOrBadInputTogether() throws Exception {
    StepHarness.Result r =
        new StepHarness(DeployBackendStep.DEFINITION, tmp)
            .input("provider", "compose")
            .input("hosts", "app1:70000, good.example.com")
            .input("image-tag", "v1;rm -rf /")
            .input("services", "api, $(boom)")
            .input("registry", "ghcr.io")
            .run();
    assertThat(r.exitCode()).isEqualTo(1);
    String error = String.join("\n", r.annotations("error"));
    assertThat(error)
        .contains("Input 'hosts' 'app1:70000' has port '70000'")
        .contains("Input 'ssh-key' is required for `provider: compose`")
        .contains("Input 'known-hosts' is required")
        .contains("Input 'compose-dir' is required")
        .contains("Input 'image-tag' is 'v1;rm -rf /', not an image tag")
        .contains("Input 'services' names '$(boom)'")
        .contains("Input 'registry' is set without `registry-username` and `registry-password`");
    assertThat(r.stdout()).doesNotContain("at dev.flo");
  }

  @Test
  void rollbackWithComposeNeedsNoTokenButTheHostInputs() throws Exception {
    StepHarness.Result r =
        new StepHarness(RollbackStep.DEFINITION, tmp)
            .input("provider", "compose")
            .input("hosts", "app1")
            .input(
                "ssh-key",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----")
            .input("known-hosts", "not a known hosts line")
            .input("compose-dir", "/srv/app")
            .input("to", "v1 2")
            .run();
    assertThat(r.exitCode()).isEqualTo(1);
    String error = String.join("\n", r.annotations("error"));
    assertThat(error)
        .doesNotContain("'token'")
        .contains("Input 'known-hosts' line 1 is not a known_hosts line")
        .contains("Input 'to' is 'v1 2'");
  }

  @Test
  void renderRollbackStillNeedsItsToken() throws Exception {
    StepHarness.Result r =
        new StepHarness(RollbackStep.DEFINITION, tmp)
            .input("provider", "render")
            .input("service-id", "srv-1")
            .run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", r.annotations("error")))
        .contains("Input 'token' is required for `provider: render`");
  }
}
