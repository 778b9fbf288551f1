package dev.flo.actions.provider.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The spec check itself must catch what breaks the published API, or the fakes' clean bill means
 * nothing.
 */
class RenderSpecTest {
  final RenderSpec spec = new RenderSpec();

  @Test
  void aConformingTriggerPasses() {
    assertThat(
            spec.violations(
                "POST",
                "/v1/services/srv-1/deploys",
                null,
                "{\"commitId\":\"abc\",\"clearCache\":\"clear\"}",
                202,
                null))
        .isEmpty();
  }

  @Test
  void unknownPathsMethodsFieldsEnumsAndStatusesAreReported() {
    assertThat(spec.violations("GET", "/v1/services/srv-1/deployments", null, "", 200, "[]"))
        .singleElement()
        .asString()
        .contains("no such path");
    assertThat(spec.violations("DELETE", "/v1/services/srv-1/deploys", null, "", 200, "[]"))
        .singleElement()
        .asString()
        .contains("method");
    assertThat(
            spec.violations(
                "POST",
                "/v1/services/srv-1/deploys",
                null,
                "{\"commitSha\":\"abc\"}",
                201,
                "{\"id\":\"dep-1\"}"))
        .singleElement()
        .asString()
        .contains("commitSha");
    assertThat(
            spec.violations(
                "POST",
                "/v1/services/srv-1/deploys",
                null,
                "{\"clearCache\":\"yes\"}",
                201,
                "{\"id\":\"dep-1\"}"))
        .singleElement()
        .asString()
        .contains("'yes' is not one of");
    assertThat(
            spec.violations(
                "POST",
                "/v1/services/srv-1/rollback",
                null,
                "{\"deployId\":\"dep-1\"}",
                200,
                "{\"id\":\"dep-2\"}"))
        .singleElement()
        .asString()
        .contains("status 200 is not a documented response");
    assertThat(
            spec.violations(
                "POST", "/v1/services/srv-1/rollback", null, "{}", 201, "{\"id\":\"dep-2\"}"))
        .singleElement()
        .asString()
        .contains("required field 'deployId'");
  }

  @Test
  void responseBodiesAreCheckedAgainstTheirSchemas() {
    assertThat(
            spec.violations(
                "GET",
                "/v1/services/srv-1/deploys/dep-1",
                null,
                "",
                200,
                "{\"id\":\"dep-1\",\"status\":\"running\"}"))
        .singleElement()
        .asString()
        .contains("'running' is not one of");
    assertThat(
            spec.violations(
                "GET", "/v1/services/srv-1/deploys", "limit=500&status=live", "", 200, "[]"))
        .singleElement()
        .asString()
        .contains("out of range");
    assertThat(
            spec.violations("GET", "/v1/services/srv-1/deploys", "status=finished", "", 200, "[]"))
        .singleElement()
        .asString()
        .contains("'finished'");
    assertThat(
            spec.violations(
                "POST",
                "/v1/services/srv-1/deploys/dep-1/cancel",
                null,
                "{}",
                200,
                "{\"id\":\"dep-1\"}"))
        .singleElement()
        .asString()
        .contains("declares none");
  }
}
