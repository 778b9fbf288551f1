package dev.flo.actions.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void s3PrefixesEndWithASlash() {
    assertThat(StoreLocation.parse("s3://my.bucket-1/db/prod").prefix()).isEqualTo("db/prod/");
    assertThat(StoreLocation.parse("s3://b/db/prod/").prefix()).isEqualTo("db/prod/");
    assertThat(StoreLocation.parse("s3://b").prefix()).isEmpty();
    assertThat(StoreLocation.parse("s3://b/x").bucket()).isEqualTo("b");
  }

  @Test
  void fileLocationsAreAbsoluteFolders() {
    var l = StoreLocation.parse("file:///var/backups/app");
    assertThat(l.isS3()).isFalse();
    assertThat(l.folder()).isEqualTo(Path.of("/var/backups/app"));
    assertThatThrownBy(() -> StoreLocation.parse("file://host/x")).hasMessageContaining("file:///");
  }

  @Test
  void otherSchemesAreRejected() {
    assertThatThrownBy(() -> StoreLocation.parse("gs://b/x"))
        .hasMessageContaining("s3:// or file://");
    assertThatThrownBy(() -> StoreLocation.parse("s3:///x")).hasMessageContaining("no bucket");
  }
}
