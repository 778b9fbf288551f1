package dev.flo.actions.provider.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentFilesTest {
  @TempDir Path dir;

  private void write(String rel, String text) throws Exception {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void sourceFolderLeavesOutVcsDependenciesLocalStateAndEnvFiles() throws Exception {
    write("index.html", "home");
    write("css/site.css", "body{}");
    write(".git/HEAD", "ref");
    write("node_modules/x/index.js", "x");
    write(".vercel/project.json", "{}");
    write("nested/node_modules/y.js", "y");
    write(".env", "SECRET=1");
    write("config/.env.production", "SECRET=2");
    write(".DS_Store", "junk");

    DeploymentFiles files = DeploymentFiles.scan(dir, "", true);

    assertThat(files.files())
        .extracting(VercelFile::file)
        .containsExactly("css/site.css", "index.html");
  }

  @Test
  void buildOutputIsSentWholeUnderItsPrefixWithModesAndSharedContentsOnce() throws Exception {
    write("config.json", "{\"version\":3}");
    write("static/a.js", "same");
    write("static/b.js", "same");
    write("functions/api.func/.vc-config.json", "{}");
    write("functions/api.func/bootstrap", "#!/bin/sh");
    Files.setPosixFilePermissions(
        dir.resolve("functions/api.func/bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("functions/other.func"), Path.of("api.func"));

    DeploymentFiles files = DeploymentFiles.scan(dir, ".vercel/output/", false);

    assertThat(files.files())
        .extracting(VercelFile::file)
        .containsExactly(
            ".vercel/output/config.json",
            ".vercel/output/functions/api.func/.vc-config.json",
            ".vercel/output/functions/api.func/bootstrap",
            ".vercel/output/functions/other.func",
            ".vercel/output/static/a.js",
            ".vercel/output/static/b.js");
    assertThat(files.files())
        .filteredOn(f -> f.file().endsWith("bootstrap"))
        .singleElement()
        .satisfies(f -> assertThat(f.mode()).isEqualTo(0100755));
    assertThat(files.files())
        .filteredOn(f -> f.file().endsWith("a.js"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.mode()).isEqualTo(0100644);
              assertThat(f.sha()).isEqualTo(VercelFake.sha1("same".getBytes()));
              assertThat(f.size()).isEqualTo(4);
            });
    // The symlink is its target path, as the CLI sends it; identical files are one content.
    assertThat(files.files())
        .filteredOn(f -> f.file().endsWith("other.func"))
        .singleElement()
        .satisfies(f -> assertThat(f.sha()).isEqualTo(VercelFake.sha1("api.func".getBytes())));
    assertThat(files.distinct()).isEqualTo(files.files().size() - 1);
  }
}
