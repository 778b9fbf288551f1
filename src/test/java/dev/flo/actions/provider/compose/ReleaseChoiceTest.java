package dev.flo.actions.provider.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.provider.compose.ComposeRollout.Target;
import dev.flo.actions.provider.compose.Release.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a host's release is chosen from its history and what serves there. */
class ReleaseChoiceTest {
  private static final SshAddress HOST = SshAddress.parse("app1:2222");

  private static Release r(Kind kind, String value) {
    return new Release(Instant.parse("2026-12-01T10:00:00Z"), kind, value, "abc", null);
  }

  @Test
  void deployLeavesAHealthyHostServingTheValueAlone() throws Exception {
    List<Release> h = List.of(r(Kind.DEPLOY, "v1"));
    assertThat(ReleaseChoice.deploy("v1").decide(h, "v1", true, HOST).value()).isNull();
    Target unhealthy = ReleaseChoice.deploy("v1").decide(h, "v1", false, HOST);
    assertThat(unhealthy.value()).isEqualTo("v1");
    assertThat(unhealthy.alwaysPull()).isTrue();
    assertThat(ReleaseChoice.deploy("v2").decide(List.of(), null, false, HOST).why())
        .contains("first release here");
  }

  @Test
  void rollbackToPreviousSkipsTheFailedValueAndIsIdempotent() throws Exception {
    List<Release> h = List.of(r(Kind.DEPLOY, "v1"), r(Kind.DEPLOY, "v2"), r(Kind.DEPLOY, "v3"));
    // v3 recorded healthy and serving, then found bad by health-verify.
    Target t = ReleaseChoice.rollback("previous", null).decide(h, "v3", true, HOST);
    assertThat(t.value()).isEqualTo("v2");
    assertThat(t.kind()).isEqualTo(Kind.ROLLBACK);
    assertThat(t.alwaysPull()).isFalse();
    // v4 never became healthy, so it is not in the history: the last recorded release is the
    // target.
    assertThat(ReleaseChoice.rollback("previous", "v4").decide(h, "v4", false, HOST).value())
        .isEqualTo("v3");
    // Run again after the first rollback was recorded: nothing to do, with or without deploy-id.
    List<Release> after =
        List.of(
            r(Kind.DEPLOY, "v1"),
            r(Kind.DEPLOY, "v2"),
            r(Kind.DEPLOY, "v3"),
            r(Kind.ROLLBACK, "v2"));
    assertThat(ReleaseChoice.rollback("previous", null).decide(after, "v2", true, HOST).value())
        .isNull();
    assertThat(ReleaseChoice.rollback("previous", "v3").decide(after, "v2", true, HOST).value())
        .isNull();
  }

  @Test
  void rollbackNeverReplacesAReleaseItWasNotAskedToUndo() throws Exception {
    List<Release> h = List.of(r(Kind.DEPLOY, "v1"), r(Kind.DEPLOY, "v2"), r(Kind.DEPLOY, "v5"));
    Target t = ReleaseChoice.rollback("previous", "v3").decide(h, "v5", true, HOST);
    assertThat(t.value()).isNull();
    assertThat(t.why()).contains("v5 serves, healthy, not v3");
  }

  @Test
  void explicitTargetAndAnEmptyHistory() throws Exception {
    assertThat(ReleaseChoice.rollback("v1", null).decide(List.of(), "v2", false, HOST).value())
        .isEqualTo("v1");
    assertThatThrownBy(
            () ->
                ReleaseChoice.rollback("previous", null)
                    .decide(List.of(r(Kind.DEPLOY, "v1")), "v1", true, HOST))
        .isInstanceOfSatisfying(
            ComposeException.class, e -> assertThat(e.advice()).contains("to: <tag>"));
  }

  @Test
  void historyLinesRoundTripAndOddLinesAreSkipped() {
    Release release =
        new Release(
            Instant.parse("2026-12-01T10:00:00Z"),
            Kind.ROLLBACK,
            "v1.2.3",
            null,
            "https://github.com/a/b/actions/runs/1");
    assertThat(Release.parse(release.line())).isEqualTo(release);
    assertThat(Release.parse("hand edited")).isNull();
  }

  @Test
  void addressesAndImageTags() {
    assertThat(SshAddress.parse("app1.example.com"))
        .isEqualTo(new SshAddress("app1.example.com", 22));
    assertThat(SshAddress.parse("203.0.113.7:2222").knownHostsName())
        .isEqualTo("[203.0.113.7]:2222");
    assertThat(SshAddress.parse("[2001:db8::1]:2200").keyscanCommand())
        .isEqualTo("ssh-keyscan -p 2200 2001:db8::1");
    assertThat(SshAddress.parse("app1").keyscanCommand()).isEqualTo("ssh-keyscan app1");
    assertThatThrownBy(() -> SshAddress.parse("app1:99999")).hasMessageContaining("not 1..65535");
    assertThatThrownBy(() -> SshAddress.parse("app 1")).hasMessageContaining("not a host name");
    assertThat(new Container("id", "api", "127.0.0.1:5000/acme/api:v2", "running", "").tag())
        .isEqualTo("v2");
    assertThat(new Container("id", "api", "127.0.0.1:5000/acme/api", "running", "").tag())
        .isEmpty();
    assertThat(
            new Container("id", "api", "ghcr.io/acme/api:v2@sha256:abc", "running", "healthy")
                .tag())
        .isEqualTo("v2");
    assertThat(ComposeHost.quote("it's")).isEqualTo("'it'\\''s'");
  }
}
