package dev.flo.actions.provider.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running libpq tool ({@code pg_dump}, {@code pg_restore}) with a clean environment (only what it
 * needs to connect, the password included, never in argv) and its stderr kept (the last lines) for
 * a fenced log.
 */
public final class ToolProcess implements AutoCloseable {
  private static final int KEPT_LINES = 200;

  private final String name;
  private final Process process;
  private final Deque<String> stderr = new ArrayDeque<>();
  private final Thread stderrReader;

  private ToolProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stderrReader = Thread.ofVirtual().name(name + "-stderr").start(this::readStderr);
  }

  /**
   * Starts {@code tool args...} with {@code env} as its whole environment (plus PATH and a C
   * locale).
   */
  public static ToolProcess start(Path tool, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    // English messages whatever the image's locale, so users can search them.
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().putAll(env);
    return new ToolProcess(tool.getFileName().toString(), pb.start());
  }

  public String name() {
    return name;
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Waits for the tool to end and its stderr to be read; returns the exit code. */
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    stderrReader.join(TimeUnit.SECONDS.toMillis(5));
    return code;
  }

  /** The last lines the tool wrote to stderr (untrusted: print them fenced). */
  public synchronized String stderr() {
    return String.join("\n", stderr);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void readStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (this) {
          if (stderr.size() == KEPT_LINES) {
            stderr.removeFirst();
          }
          stderr.addLast(line);
        }
      }
    } catch (IOException e) {
      // The process ended; what was read is kept.
    }
  }

  /**
   * Kills the tool if it still runs (a failed upload must not leave pg_dump blocked on a full
   * pipe).
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
