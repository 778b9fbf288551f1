package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClientsTest {
  @TempDir Path root;

  private void install(int... majors) throws IOException {
    for (int m : majors) {
      Path bin = Files.createDirectories(root.resolve(m + "/bin"));
      for (String tool : new String[] {"pg_dump", "pg_restore", "psql"}) {
        Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
        Files.setPosixFilePermissions(
            bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static ServerVersion server(int major) {
    return new ServerVersion(major * 10000 + 3, major + ".3");
  }

  @Test
  void picksTheSameMajorWhenInstalled() throws Exception {
    install(14, 15, 16, 17, 18);
    var tools = new PostgresClients(root).forServer(server(16));
    assertThat(tools.major()).isEqualTo(16);
    assertThat(tools.pgDump()).isEqualTo(root.resolve("16/bin/pg_dump"));
    assertThat(tools.pgRestore()).isEqualTo(root.resolve("16/bin/pg_restore"));
  }

  @Test
  void picksTheOldestNewerClientWhenTheSameMajorIsMissing() throws Exception {
    install(15, 17, 18);
    assertThat(new PostgresClients(root).forServer(server(16)).major()).isEqualTo(17);
  }

  @Test
  void neverPicksAnOlderClientAndSaysWhatToInstall() throws Exception {
    install(14, 15);
    assertThatThrownBy(() -> new PostgresClients(root).forServer(server(17)))
        .isInstanceOf(PostgresClients.MissingClientException.class)
        .hasMessageContaining("No pg_dump 17 or newer")
        .hasMessageContaining("[14, 15]")
        .satisfies(
            e ->
                assertThat(((PostgresClients.MissingClientException) e).fix())
                    .contains("postgresql-client-17"));
  }

  @Test
  void psqlIsTheNewestAtOrAboveThePairAsTheImageCarriesIt() throws Exception {
    install(14, 15, 16, 17, 18);
    for (int m = 14; m < 18; m++) {
      Files.delete(root.resolve(m + "/bin/psql"));
    }
    var tools = new PostgresClients(root).forServer(server(15));
    assertThat(tools.pgDump()).isEqualTo(root.resolve("15/bin/pg_dump"));
    assertThat(tools.pgRestore()).isEqualTo(root.resolve("15/bin/pg_restore"));
    assertThat(tools.psql()).isEqualTo(root.resolve("18/bin/psql"));
    assertThat(new PostgresClients(root).installed()).containsExactly(14, 15, 16, 17, 18);
  }

  @Test
  void psqlOfThePairsOwnMajorWhenItHasOne() throws Exception {
    install(15, 16, 17);
    Files.delete(root.resolve("16/bin/psql"));
    var clients = new PostgresClients(root);
    assertThat(clients.forServer(server(15)).psql()).isEqualTo(root.resolve("15/bin/psql"));
    assertThat(clients.forServer(server(16)).psql()).isEqualTo(root.resolve("17/bin/psql"));
  }

  @Test
  void anOlderPsqlDoesNotServeANewerPairAndTheErrorSaysWhatToInstall() throws Exception {
    install(15, 17);
    Files.delete(root.resolve("17/bin/psql"));
    assertThatThrownBy(() -> new PostgresClients(root).forServer(server(16)))
        .isInstanceOf(PostgresClients.MissingClientException.class)
        .hasMessageContaining("No psql 17 or newer")
        .satisfies(
            e ->
                assertThat(((PostgresClients.MissingClientException) e).fix())
                    .contains("postgresql-client-17"));
  }

  @Test
  void aClientWithoutPgRestoreDoesNotCount() throws Exception {
    install(16);
    Files.delete(root.resolve("16/bin/pg_restore"));
    assertThat(new PostgresClients(root).installed()).isEmpty();
  }

  @Test
  void unsupportedServersAreRefused() throws Exception {
    install(14, 15, 16, 17, 18);
    assertThatThrownBy(() -> new PostgresClients(root).forServer(server(13)))
        .hasMessageContaining("supports PostgreSQL 14 to 18");
    assertThatThrownBy(() -> new PostgresClients(root).forServer(server(19)))
        .hasMessageContaining("supports PostgreSQL 14 to 18")
        .satisfies(
            e ->
                assertThat(((PostgresClients.MissingClientException) e).fix())
                    .contains("postgresql-client-19"));
  }
}
