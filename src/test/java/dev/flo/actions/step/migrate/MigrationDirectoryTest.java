package dev.flo.actions.step.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.runtime.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the migrations folder in a monorepo checkout and reading it in the tool's order. */
class MigrationDirectoryTest {
  @TempDir Path repo;

  void write(String path, String text) throws Exception {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void findsTheOneLayoutIgnoringDependenciesAndReadsFlywayInVersionOrder() throws Exception {
    write("node_modules/some-lib/prisma/migrations/1_x/migration.sql", "SELECT 1;");
    write("services/billing/src/main/resources/db/migration/V10__ten.sql", "SELECT 10;");
    write("services/billing/src/main/resources/db/migration/V9__nine.sql", "SELECT 9;");
    write("services/billing/src/main/resources/db/migration/V1_1__one_one.sql", "SELECT 1.1;");
    write("services/billing/src/main/resources/db/migration/R__view.sql", "SELECT 0;");

    MigrationSet set = MigrationDirectory.locate(repo, null, null);

    assertThat(set.tool()).isEqualTo(MigrationTool.FLYWAY);
    assertThat(set.migrations())
        .extracting(Migration::name)
        .containsExactly("V1_1__one_one.sql", "V9__nine.sql", "V10__ten.sql", "R__view.sql");
    assertThat(set.migrations())
        .extracting(Migration::version)
        .containsExactly("1.1", "9", "10", null);
    assertThat(set.migrations().getFirst().description()).isEqualTo("one one");
  }

  @Test
  void severalLayoutsAskForDirAndTheToolInputNarrowsTheSearch() throws Exception {
    write("apps/api/prisma/migrations/20240101000000_init/migration.sql", "SELECT 1;");
    write("apps/worker/drizzle/0000_init.sql", "SELECT 1;");
    write(
        "apps/worker/drizzle/meta/_journal.json",
        "{\"dialect\":\"postgresql\",\"entries\":[{\"idx\":0,\"when\":1,\"tag\":\"0000_init\"}]}");

    assertThatThrownBy(() -> MigrationDirectory.locate(repo, null, null))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("apps/api/prisma/migrations")
        .hasMessageContaining("apps/worker/drizzle");
    assertThat(MigrationDirectory.locate(repo, null, MigrationTool.DRIZZLE).dir())
        .isEqualTo(repo.resolve("apps/worker/drizzle"));
  }
}
