package dev.flo.actions.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line under a UTF-8 locale when it needs one. Without a UTF-8 locale (no {@code
 * LANG}, as on a bare server or under {@code env -i}) the JVM decodes arguments and the environment
 * as ASCII, turning every other byte into {@code ?}, and cannot even name a file such as {@code
 * rapports/résumé.json}; that cannot be changed once the JVM runs. So when the arguments or the
 * environment hold non-ASCII bytes, the same command is started again, byte for byte (read back
 * from {@code /proc/self/cmdline} by bash, so no Java string re-encodes it), with {@code
 * LC_ALL=C.UTF-8}. The image sets {@code LANG=C.UTF-8}, so in the container this never happens.
 */
public final class Utf8Process {
  /**
   * Set in the restarted process, so a system without a C.UTF-8 locale is not restarted forever.
   */
  static final String RESTARTED = "FLO_ACTIONS_UTF8_RESTART";

  private Utf8Process() {}

  /**
   * Whether {@link #restart} should run: a non-UTF-8 JVM on Linux given non-ASCII arguments or
   * environment.
   */
  public static boolean needed(Map<String, String> env) {
    if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))
        || env.containsKey(RESTARTED)
        || !Files.isExecutable(Path.of("/bin/bash"))) {
      return false;
    }
    return nonAscii(Path.of("/proc/self/cmdline")) || nonAscii(Path.of("/proc/self/environ"));
  }

  /** Runs this very command again under C.UTF-8, passing signals on; returns its exit code. */
  public static int restart() throws IOException, InterruptedException {
    long pid = ProcessHandle.current().pid();
    Process child =
        new ProcessBuilder(
                "/bin/bash",
                "-c",
                "mapfile -d '' -t argv < /proc/"
                    + pid
                    + "/cmdline && export LC_ALL=C.UTF-8 "
                    + RESTARTED
                    + "=1 && exec \"${argv[@]}\"")
            .inheritIO()
            .start();
    // The runner's cancel (SIGTERM) reaches this JVM: hand it on, so the step still writes its
    // outputs.
    Thread forward =
        new Thread(
            () -> {
              if (child.isAlive()) {
                child.destroy();
                try {
                  child.waitFor(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    Runtime.getRuntime().addShutdownHook(forward);
    return child.waitFor();
  }

  private static boolean nonAscii(Path file) {
    try {
      for (byte b : Files.readAllBytes(file)) {
        if (b < 0) {
          return true;
        }
      }
      return false;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
