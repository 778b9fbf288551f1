package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every YAML snippet in our Markdown parses, and none puts a workflow expression into a {@code
 * run:} script: the runner pastes {@code ${{ }}} into the script before the shell sees it, so a
 * step output or a pull request title becomes code (GitHub's "script injection"). Values reach a
 * shell through {@code env:}.
 */
class MarkdownYamlTest {
  private static final Pattern YAML_BLOCK =
      Pattern.compile("(?m)^([ \\t]*)```ya?ml[ \\t]*\\n(.*?)^\\1```[ \\t]*$", Pattern.DOTALL);
  private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", "src");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The repository's documentation: README.md, docs/, each step's page, examples/, bench/,
   * natives/.
   */
  static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> all = Files.walk(Path.of("."))) {
      return all.filter(p -> p.toString().endsWith(".md"))
          .filter(
              p -> {
                for (Path part : p) {
                  if (SKIPPED.contains(part.toString())) {
                    return false;
                  }
                }
                return true;
              })
          .map(p -> Path.of(".").relativize(p))
          .sorted()
          .toList();
    }
  }

  /**
   * The YAML fenced blocks of {@code markdown}, de-indented when the fence sits inside a list item.
   */
  static List<String> yamlSnippets(String markdown) {
    List<String> snippets = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(markdown);
    while (m.find()) {
      String indent = m.group(1);
      snippets.add(
          m.group(2)
              .lines()
              .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
              .reduce("", (a, l) -> a + l + "\n"));
    }
    return snippets;
  }

  /** The {@code run:} scripts anywhere in {@code node} that contain {@code ${{}. */
  static List<String> expressionsInRun(JsonNode node) {
    List<String> found = new ArrayList<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("run")
            && field.getValue().isTextual()
            && field.getValue().asText().contains("${{")) {
          found.add(field.getValue().asText());
        }
        found.addAll(expressionsInRun(field.getValue()));
      }
    } else if (node.isArray()) {
      node.forEach(n -> found.addAll(expressionsInRun(n)));
    }
    return found;
  }

  @Test
  void everySnippetParsesAndNoRunLineHoldsAnExpression() throws IOException {
    int checked = 0;
    List<String> problems = new ArrayList<>();
    List<Path> files = markdownFiles();
    assertThat(files)
        .contains(
            Path.of("README.md"),
            Path.of("deploy/README.md"),
            Path.of("actions/health-verify/README.md"),
            Path.of("docs/contributing.md"));
    for (Path md : files) {
      String text = Files.readString(md);
      List<String> snippets = yamlSnippets(text);
      assertThat(snippets)
          .as("%s: every ```yaml fence is closed at its own indentation", md)
          .hasSize((int) text.lines().filter(l -> l.strip().matches("```ya?ml")).count());
      for (int i = 0; i < snippets.size(); i++) {
        checked++;
        try {
          for (String run : expressionsInRun(YAML.readTree(snippets.get(i)))) {
            problems.add(
                md
                    + ", YAML snippet "
                    + (i + 1)
                    + ": ${{ }} in the run: script '"
                    + run.strip()
                    + "'; pass the value through env: instead");
          }
        } catch (IOException e) {
          problems.add(
              md
                  + ", YAML snippet "
                  + (i + 1)
                  + " does not parse: "
                  + e.getMessage().lines().findFirst().orElse("")
                  + "\n"
                  + snippets.get(i));
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("YAML snippets checked").isGreaterThan(15);
  }

  @Test
  void noExampleWorkflowPutsAnExpressionIntoARunScript() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        assertThat(expressionsInRun(YAML.readTree(file.toFile())))
            .as("%s puts ${{ }} into a run: script; pass the value through env: instead", file)
            .isEmpty();
      }
    }
  }

  @Test
  void theCheckCatchesBothFaults() throws IOException {
    String md =
        "Text\n\n- item:\n\n  ```yaml\n  - run: echo \"Rolling back because ${{ steps.v.outputs.reason }}\"\n  ```\n\n```yml\nkey: [unclosed\n```\n";
    List<String> snippets = yamlSnippets(md);
    assertThat(snippets).hasSize(2);
    assertThat(expressionsInRun(YAML.readTree(snippets.get(0)))).hasSize(1);
    assertThatThrownBy(() -> YAML.readTree(snippets.get(1))).isInstanceOf(IOException.class);
    assertThat(
            expressionsInRun(
                YAML.readTree(
                    "- env:\n    R: ${{ steps.v.outputs.reason }}\n  run: echo \"$R\"\n")))
        .isEmpty();
  }
}
