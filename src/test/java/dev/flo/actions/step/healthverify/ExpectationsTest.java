package dev.flo.actions.step.healthverify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.runtime.Json;
import dev.flo.actions.runtime.runner.Masker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private static final Masker NO_SECRETS = new Masker(null);
  private final List<String> problems = new ArrayList<>();

  @Test
  void statusListsRangesAndClasses() {
    StatusExpectation s = StatusExpectation.parse("200,204\n301-302 4XX", problems);
    assertThat(problems).isEmpty();
    assertThat(List.of(200, 204, 301, 302, 404, 499)).allMatch(s::matches);
    assertThat(List.of(201, 300, 303, 500, 199)).noneMatch(s::matches);
  }

  @Test
  void statusOutOfRangeOrBackwardsIsAProblem() {
    assertThat(StatusExpectation.parse("600, 299-200, 6xx, 20", problems)).isNull();
    assertThat(problems).hasSize(4);
  }

  @Test
  void jsonPathsWithIndexesAndScalarTypes() throws Exception {
    var root =
        Json.MAPPER.readTree(
            "{\"a\":{\"b\":[{\"c\":true},{\"c\":42}]},\"n\":null,\"list\":[[1,2]]}");
    assertThat(parse("a.b[0].c=true").mismatch(root, NO_SECRETS)).isNull();
    assertThat(parse("a.b[1].c = 42").mismatch(root, NO_SECRETS)).isNull();
    assertThat(parse("n=null").mismatch(root, NO_SECRETS)).isNull();
    assertThat(parse("list[0][1]=2").mismatch(root, NO_SECRETS)).isNull();
    assertThat(parse("a.b[2].c=1").mismatch(root, NO_SECRETS)).isEqualTo("JSON has no a.b[2].c");
    assertThat(parse("a.b[1].c=43").mismatch(root, NO_SECRETS))
        .isEqualTo("JSON a.b[1].c is '42', expected '43'");
    assertThat(parse("version=").mismatch(root, NO_SECRETS)).isEqualTo("JSON has no version");
  }

  @Test
  void jsonValueMayContainEquals() throws Exception {
    var root = Json.MAPPER.readTree("{\"q\":\"a=b\"}");
    assertThat(parse("q=a=b").mismatch(root, NO_SECRETS)).isNull();
  }

  @Test
  void malformedJsonPathsAreProblems() {
    assertThat(JsonExpectation.parse("=x", problems)).isNull();
    assertThat(JsonExpectation.parse("a..b=x", problems)).isNull();
    assertThat(JsonExpectation.parse("a[x]=1", problems)).isNull();
    assertThat(problems).hasSize(3);
  }

  /**
   * A token that straddles the 80-character cut of a quoted value loses no piece of itself to the
   * log.
   */
  @Test
  void longJsonValuesAreRedactedBeforeTheyAreCut() throws Exception {
    Masker masker = new Masker(null);
    masker.mask("Bearer tok_0123456789abcdef");
    for (int before = 60; before <= 80; before += 4) {
      var root =
          Json.MAPPER.readTree(
              "{\"v\":\"" + "v".repeat(before) + "tok_0123456789abcdef" + "w".repeat(30) + "\"}");
      String clear = "v".repeat(before) + "***" + "w".repeat(30);
      assertThat(parse("v=1").mismatch(root, masker))
          .isEqualTo("JSON v is '" + clear.substring(0, 79) + "…', expected '1'");
    }
  }

  @Test
  void bodyNotJsonIsReported() {
    var e =
        new ResponseExpectations(
            StatusExpectation.parse("2xx", problems), null, null, List.of(parse("status=ok")));
    assertThat(e.check(200, "<html>", null, NO_SECRETS).reason()).isEqualTo("body is not JSON");
    assertThat(e.check(200, "{\"status\":\"ok\"}", null, NO_SECRETS)).isNull();
  }

  @Test
  void percentileIsNearestRank() {
    assertThat(UrlOutcome.percentile(List.of(5L, 1L, 3L, 2L, 4L), 50)).isEqualTo(3);
    assertThat(UrlOutcome.percentile(List.of(5L, 1L, 3L, 2L, 4L), 95)).isEqualTo(5);
    assertThat(UrlOutcome.percentile(List.of(), 95)).isEqualTo(-1);
  }

  private JsonExpectation parse(String line) {
    JsonExpectation e = JsonExpectation.parse(line, problems);
    assertThat(problems).as(line).isEmpty();
    return e;
  }
}
