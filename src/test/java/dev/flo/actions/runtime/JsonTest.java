package dev.flo.actions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Json.MAPPER is the one mapper: reading a provider's answer with a new field never fails anywhere.
 */
class JsonTest {
  // lint-gate reads untrusted tool reports with its own size and depth limits, on purpose.
  static final List<String> OWN_MAPPERS =
      List.of("runtime/Json.java", "step/lintgate/report/JsonReports.java");

  @Test
  void noOtherMainClassBuildsItsOwnMapper() throws IOException {
    Path root = Path.of("src/main/java/dev/flo/actions");
    try (Stream<Path> files = Files.walk(root)) {
      List<String> builders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !OWN_MAPPERS.contains(root.relativize(f).toString().replace('\\', '/')))
              .filter(
                  f ->
                      read(f).contains("new ObjectMapper(")
                          || read(f).contains("JsonMapper.builder("))
              .map(f -> root.relativize(f).toString())
              .toList();
      assertThat(builders).isEmpty();
    }
  }

  @Test
  void unknownFieldsAreIgnored() throws IOException {
    record Status(String id) {}
    assertThat(Json.MAPPER.readValue("{\"id\":\"d-1\",\"added\":true}", Status.class).id())
        .isEqualTo("d-1");
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
