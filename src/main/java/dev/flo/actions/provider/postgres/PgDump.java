package dev.flo.actions.provider.postgres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts {@code pg_dump} in custom format to stdout
 * (https://www.postgresql.org/docs/current/app-pgdump.html).
 */
public final class PgDump {
  private PgDump() {}

  /**
   * Custom format (selective and reordered restores) without pg_dump's own compression: the caller
   * compresses the stream. {@code snapshot}, when not null, is a snapshot exported by a transaction
   * that stays open.
   */
  public static ToolProcess start(
      PostgresClients.Tools tools, PostgresConnection source, @Nullable String snapshot)
      throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--format=custom", "--compress=0", "--no-password"));
    if (snapshot != null) {
      args.add("--snapshot=" + snapshot);
    }
    return ToolProcess.start(tools.pgDump(), args, source.libpqEnvironment());
  }
}
