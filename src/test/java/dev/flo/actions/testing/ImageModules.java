package dev.flo.actions.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's runtime modules as the Dockerfile lists them ({@code ARG RUNTIME_MODULES=a,b,c}), the
 * one list the image's jlink, the tests' {@code --limit-modules} (pom.xml) and the tests that run
 * the shaded jar on a runtime of those modules share.
 */
public final class ImageModules {
  private static final Pattern LINE = Pattern.compile("(?m)^ARG RUNTIME_MODULES=([a-z.,]+)\\s*$");

  private ImageModules() {}

  /** The comma-separated list, as the Dockerfile gives it to jlink's add-modules. */
  public static String fromDockerfile() {
    String dockerfile;
    try {
      dockerfile = Files.readString(Path.of("Dockerfile"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m = LINE.matcher(dockerfile);
    if (!m.find()) {
      throw new AssertionError("no line 'ARG RUNTIME_MODULES=a,b,c' in the Dockerfile");
    }
    return m.group(1);
  }
}
