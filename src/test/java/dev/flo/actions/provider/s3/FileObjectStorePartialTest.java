package dev.flo.actions.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flo.actions.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStorePartialTest {
  @TempDir Path root;

  @Test
  void theNextUploadRemovesWhatAKilledUploadLeftButNotALiveOne() throws Exception {
    FakeClock clock = new FakeClock();
    Path folder = Files.createDirectories(root.resolve("shop"));
    Path killed =
        Files.writeString(
            folder.resolve(".20261101T000000Z-shop.pgdump.zst.partial-1b2c"), "half a dump");
    Files.setLastModifiedTime(
        killed, FileTime.from(clock.now().minus(FileObjectStore.STALE_PARTIAL).minusSeconds(1)));
    Path live =
        Files.writeString(
            folder.resolve(".20261102T000000Z-shop.pgdump.zst.partial-3d4e"), "being written");
    Files.setLastModifiedTime(live, FileTime.from(clock.now().minus(Duration.ofMinutes(5))));
    Path unrelated = Files.writeString(folder.resolve("notes.partial-draft"), "not ours");
    Files.setLastModifiedTime(unrelated, FileTime.from(clock.now().minus(Duration.ofDays(30))));

    FileObjectStore store = new FileObjectStore(root, null, clock);
    try (var upload = store.upload("shop/20261103T000000Z-shop.pgdump.zst", 4)) {
      upload.output().write("dump".getBytes(StandardCharsets.UTF_8));
      upload.complete();
    }

    assertThat(killed).doesNotExist();
    assertThat(live).exists();
    assertThat(unrelated).exists();
    assertThat(store.list("shop/"))
        .extracting(StoredObject::key)
        .containsExactly("shop/20261103T000000Z-shop.pgdump.zst");
  }
}
