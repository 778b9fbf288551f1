package dev.flo.actions.provider.compose;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the project lives on each host and how Compose learns the release.
 *
 * @param dir the folder that holds the compose file; {@code ~/…} is the SSH user's home
 * @param file the compose file inside {@code dir}, or null for Compose's own lookup
 * @param services the services to update, or empty for every service whose image uses {@code
 *     variable}
 * @param variable the variable the compose file's {@code image:} lines use, such as {@code
 *     IMAGE_TAG}
 */
public record ComposeProject(
    String dir, @Nullable String file, List<String> services, String variable) {
  /** A release value Docker accepts as a tag: what may go on a command line unquoted. */
  public static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
}
