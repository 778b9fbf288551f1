package dev.flo.actions.step.lintgate.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * SARIF 2.1.0 from any tool, mapped as reviewdog's {@code parser/sarif.go} does: level from the
 * result, else the rule's default, else warning; paths joined with {@code originalUriBaseIds};
 * accepted suppressions skipped. Read in two streaming passes because a run's rules and base ids
 * may come after its results.
 */
final class SarifReport implements ReportReader {
  /**
   * SARIF §3.27.9: only {@code fail} (the default) and {@code open}/{@code review} ask for
   * attention.
   */
  private static final Set<String> NOT_PROBLEMS = Set.of("pass", "notApplicable", "informational");

  /** What pass one learns about a run. */
  private record Run(
      String tool,
      List<String> ruleIds,
      List<String> ruleLevels,
      List<String> ruleDocs,
      Map<String, String> baseIds,
      List<String> artifacts) {}

  @Override
  public void read(Path file, Consumer<Finding> sink) throws IOException, ReportException {
    try {
      List<Run> runs = new ArrayList<>();
      walkRuns(file, (p, index) -> runs.add(describe(p)));
      walkRuns(file, (p, index) -> results(p, runs.get(index), sink));
    } catch (JsonProcessingException e) {
      throw JsonReports.malformed(e);
    }
  }

  private interface RunVisitor {
    void visit(JsonParser p, int index) throws IOException, ReportException;
  }

  /**
   * Calls {@code visitor} with the parser on each run object's START_OBJECT; it must consume the
   * object.
   */
  private static void walkRuns(Path file, RunVisitor visitor) throws IOException, ReportException {
    try (JsonParser p = JsonReports.open(file)) {
      p.nextToken();
      JsonReports.expect(p, JsonToken.START_OBJECT, "a SARIF log object");
      boolean sawRuns = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("version") && !p.getValueAsString("").startsWith("2.1")) {
          throw new ReportException(
              "SARIF version " + p.getValueAsString() + "; lint-gate reads SARIF 2.1.0");
        } else if (name.equals("runs")) {
          JsonReports.expect(p, JsonToken.START_ARRAY, "the \"runs\" array");
          int index = 0;
          while (p.nextToken() == JsonToken.START_OBJECT) {
            visitor.visit(p, index++);
          }
          sawRuns = true;
        } else {
          p.skipChildren();
        }
      }
      if (!sawRuns) {
        throw new ReportException("a SARIF log needs a \"runs\" array");
      }
    }
  }

  private static Run describe(JsonParser p) throws IOException {
    String tool = "SARIF";
    List<String> ids = new ArrayList<>();
    List<String> levels = new ArrayList<>();
    List<String> docs = new ArrayList<>();
    Map<String, String> baseIds = new HashMap<>();
    List<String> artifacts = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "tool" -> {
          JsonNode driver = JsonReports.tree(p).path("driver");
          tool = driver.path("name").asText(tool);
          for (JsonNode rule : driver.path("rules")) {
            ids.add(rule.path("id").asText(null));
            levels.add(rule.path("defaultConfiguration").path("level").asText(null));
            docs.add(rule.path("helpUri").asText(null));
          }
        }
        case "originalUriBaseIds" -> {
          JsonNode all = JsonReports.tree(p);
          all.properties().forEach(e -> baseIds.put(e.getKey(), baseUri(all, e.getValue(), 0)));
        }
        case "artifacts" -> {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            artifacts.add(JsonReports.tree(p).path("location").path("uri").asText(null));
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Run(tool, ids, levels, docs, baseIds, artifacts);
  }

  /**
   * A base id's absolute URI; a base may itself be relative to another base id (SARIF §3.14.14).
   */
  private static String baseUri(JsonNode all, JsonNode location, int depth) {
    String uri = location.path("uri").asText(null);
    String parent = location.path("uriBaseId").asText(null);
    if (uri == null || parent == null || depth > 10 || !all.has(parent)) {
      return uri;
    }
    String base = baseUri(all, all.path(parent), depth + 1);
    return base == null ? uri : join(base, uri);
  }

  private static String join(String base, String uri) {
    try {
      return URI.create(base.endsWith("/") ? base : base + "/").resolve(URI.create(uri)).toString();
    } catch (IllegalArgumentException e) {
      return base + (base.endsWith("/") ? "" : "/") + uri;
    }
  }

  private static void results(JsonParser p, Run run, Consumer<Finding> sink) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals("results") && p.currentToken() == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          Finding f = finding(JsonReports.tree(p), run);
          if (f != null) {
            sink.accept(f);
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private static @Nullable Finding finding(JsonNode r, Run run) {
    if (NOT_PROBLEMS.contains(r.path("kind").asText("fail"))
        || suppressed(r.path("suppressions"))) {
      return null;
    }
    int ruleIndex = r.path("ruleIndex").asInt(r.path("rule").path("index").asInt(-1));
    String rule = JsonReports.text(r, "ruleId");
    if (rule == null) {
      rule =
          r.path("rule")
              .path("id")
              .asText(
                  ruleIndex >= 0 && ruleIndex < run.ruleIds().size()
                      ? run.ruleIds().get(ruleIndex)
                      : null);
    }
    String level = r.path("level").asText(null);
    if (level == null) {
      int i = ruleIndex >= 0 ? ruleIndex : run.ruleIds().indexOf(rule);
      level = i >= 0 && i < run.ruleLevels().size() ? run.ruleLevels().get(i) : null;
    }
    Severity severity =
        switch (level == null ? "warning" : level) {
          case "error" -> Severity.ERROR;
          case "note" -> Severity.NOTICE;
          case "none" -> null;
          default -> Severity.WARNING;
        };
    if (severity == null) {
      return null;
    }
    JsonNode loc = r.path("locations").path(0).path("physicalLocation");
    JsonNode region = loc.path("region");
    int line = region.path("startLine").asInt(0);
    return new Finding(
            run.tool(),
            severity,
            path(loc.path("artifactLocation"), run),
            line,
            region.path("endLine").asInt(line),
            line > 0 ? region.path("startColumn").asInt(1) : 0,
            region.path("endColumn").asInt(0),
            rule,
            message(r.path("message")),
            false)
        .withFix(ReportFixes.sarif(r, loc.path("artifactLocation").path("uri").asText(null)))
        .withDocs(docs(run, ruleIndex >= 0 ? ruleIndex : run.ruleIds().indexOf(rule)));
  }

  /** The rule's {@code helpUri}, or null. */
  private static @Nullable String docs(Run run, int ruleIndex) {
    return ruleIndex >= 0 && ruleIndex < run.ruleDocs().size()
        ? run.ruleDocs().get(ruleIndex)
        : null;
  }

  /**
   * reviewdog skips a result with a suppression whose status is absent or accepted (SARIF §3.35.3).
   */
  private static boolean suppressed(JsonNode suppressions) {
    for (JsonNode s : suppressions) {
      String status = s.path("status").asText("accepted");
      if (status.equals("accepted")) {
        return true;
      }
    }
    return false;
  }

  private static String path(JsonNode artifact, Run run) {
    String uri = artifact.path("uri").asText(null);
    int index = artifact.path("index").asInt(-1);
    if (uri == null && index >= 0 && index < run.artifacts().size()) {
      uri = run.artifacts().get(index);
    }
    String baseId = artifact.path("uriBaseId").asText(null);
    if (uri == null
        || baseId == null
        || !run.baseIds().containsKey(baseId)
        || run.baseIds().get(baseId) == null) {
      // An unknown base id (such as %SRCROOT% left undeclared) means the checkout root: keep the
      // path relative.
      return uri;
    }
    return join(run.baseIds().get(baseId), uri);
  }

  /**
   * {@code text}, else {@code markdown}, with {@code {0}} placeholders filled from {@code
   * arguments}.
   */
  private static String message(JsonNode m) {
    String text = JsonReports.text(m, "text", "markdown");
    if (text == null) {
      return m.path("id").asText("");
    }
    JsonNode args = m.path("arguments");
    for (int i = 0; i < args.size(); i++) {
      text = text.replace("{" + i + "}", args.get(i).asText());
    }
    return text;
  }
}
