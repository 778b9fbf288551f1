package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AotTrainingTest {

  @Test
  void trainingRunCompletesOfflineAndLeavesNoScratchFolder() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingFolders(tmp);

    // Throws if the loopback GET or the JSON binding fails: the image build would fail the same way.
    AotTraining.main(new String[0]);

    assertThat(trainingFolders(tmp)).isEqualTo(before);
  }

  private static long trainingFolders(Path tmp) throws IOException {
    try (var list = Files.list(tmp)) {
      return list.filter(p -> p.getFileName().toString().startsWith("flo-aot-training")).count();
    }
  }
}
