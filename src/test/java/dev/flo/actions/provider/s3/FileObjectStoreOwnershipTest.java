package dev.flo.actions.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file://} destination inside the workspace: the container runs as root, so what the store
 * creates there must be handed to the workspace's owner (actions/runner#1282), and nothing outside
 * the workspace is touched.
 */
class FileObjectStoreOwnershipTest {
  @TempDir Path tmp;

  @Test
  void filesAndNewFoldersInsideTheWorkspaceBelongToItsOwner() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to create files another user owns");
    Path workspace = Files.createDirectories(tmp.resolve("ws"));
    chown(workspace, 1001);
    FileObjectStore store =
        new FileObjectStore(workspace.resolve("backups"), new Workspace(workspace), Clock.SYSTEM);

    store.put("shop/app.manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    ObjectUpload upload = store.upload("shop/deep/app.pgdump.gz", 3);
    try (OutputStream out = upload.output()) {
      out.write(new byte[] {1, 2, 3});
    }
    upload.complete();

    for (Path p :
        new Path[] {
          workspace.resolve("backups"),
          workspace.resolve("backups/shop"),
          workspace.resolve("backups/shop/app.manifest.json"),
          workspace.resolve("backups/shop/deep"),
          workspace.resolve("backups/shop/deep/app.pgdump.gz")
        }) {
      assertThat(uid(p)).as("owner of %s", workspace.relativize(p)).isEqualTo(1001);
    }
  }

  @Test
  void aFolderOutsideTheWorkspaceKeepsItsOwner() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to create files another user owns");
    Path workspace = Files.createDirectories(tmp.resolve("ws"));
    chown(workspace, 1001);
    Path outside = tmp.resolve("mnt/backups");
    new FileObjectStore(outside, new Workspace(workspace), Clock.SYSTEM)
        .put("app.manifest.json", new byte[] {'{', '}'}, "application/json");
    assertThat(uid(outside.resolve("app.manifest.json"))).isEqualTo(0);
  }

  private static void chown(Path p, int uid) throws IOException, InterruptedException {
    assertThat(
            new ProcessBuilder("chown", uid + ":" + uid, p.toString())
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
  }

  private static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid");
  }
}
