package dev.flo.actions.provider.compose;

import dev.flo.actions.provider.compose.ComposeException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated SSH session; every command it runs has a deadline and a bound on what it may
 * print.
 */
public final class SshSession implements AutoCloseable {
  private final ClientSession session;
  private final SshAddress address;

  SshSession(ClientSession session, SshAddress address) {
    this.session = session;
    this.address = address;
  }

  public SshAddress address() {
    return address;
  }

  /** What a remote command printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The last non-blank line of stderr (else stdout), for a message. */
    public String lastLine() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.strip().lines().reduce((a, b) -> b).orElse("(no output)");
    }
  }

  /**
   * Runs {@code command} through the user's shell, feeding {@code stdin} (then end of input), and
   * waits for it to exit, at most {@code deadline}; a command still running then is closed and
   * fails as a timeout.
   *
   * @param maxBytes how much of stdout and of stderr to keep each; the rest is counted and dropped
   */
  public Result run(String command, byte @Nullable [] stdin, Duration deadline, int maxBytes)
      throws ComposeException {
    try (ChannelExec channel = session.createExecChannel(command)) {
      Bounded out = new Bounded(maxBytes);
      Bounded err = new Bounded(maxBytes);
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(deadline);
      try (OutputStream in = channel.getInvertedIn()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(
              EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), deadline);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new ComposeException(
            Kind.TIMEOUT,
            "`"
                + command
                + "` on "
                + address
                + " did not finish within "
                + deadline.toSeconds()
                + " s.",
            "Check the host (load, disk, a stuck Docker daemon), or raise `timeout`.");
      }
      // EXIT_STATUS can arrive a moment before the last output: wait for the close, briefly.
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
      Integer code = channel.getExitStatus();
      return new Result(code == null ? -1 : code, out.text(), err.text());
    } catch (IOException e) {
      throw new ComposeException(
          Kind.CONNECTION,
          "The SSH connection to "
              + address
              + " failed while running `"
              + command
              + "`: "
              + e.getMessage(),
          "Check the host and the network, then re-run; the host-side lock makes a re-run safe.",
          e);
    }
  }

  /** Runs {@code command} and fails with its last line when it exits non-zero. */
  public String check(String command, Duration deadline, int maxBytes) throws ComposeException {
    Result r = run(command, null, deadline, maxBytes);
    if (!r.ok()) {
      throw new ComposeException(
          Kind.COMMAND,
          "`"
              + command
              + "` failed on "
              + address
              + " (exit "
              + r.exitCode()
              + "): "
              + r.lastLine(),
          "Run the same command on the host as the deploy user to see why.");
    }
    return r.stdout();
  }

  /**
   * Starts a command that runs until {@link Held#close} ends its input: the way to hold a {@code
   * flock} across several other commands. If we vanish, sshd closes the input and the lock goes
   * with it.
   *
   * @param ready the line the command prints once it holds what it waited for
   */
  public Held hold(String command, String ready, Duration deadline) throws ComposeException {
    ChannelExec channel = null;
    try {
      channel = session.createExecChannel(command);
      Bounded out = new Bounded(4096);
      Bounded err = new Bounded(4096);
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(deadline);
      long end = System.nanoTime() + deadline.toNanos();
      while (!out.text().contains(ready)) {
        Set<ClientChannelEvent> events =
            channel.waitFor(
                EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
                Duration.ofMillis(100));
        if (events.contains(ClientChannelEvent.CLOSED)
            || events.contains(ClientChannelEvent.EXIT_STATUS)) {
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
          Integer code = channel.getExitStatus();
          Result r = new Result(code == null ? -1 : code, out.text(), err.text());
          channel.close();
          return new Held(null, r, out.text());
        }
        if (System.nanoTime() > end) {
          channel.close();
          throw new ComposeException(
              Kind.TIMEOUT,
              "`"
                  + command
                  + "` on "
                  + address
                  + " did not get ready within "
                  + deadline.toSeconds()
                  + " s.",
              "Check the host, then re-run.");
        }
      }
      return new Held(channel, null, out.text());
    } catch (IOException e) {
      throw new ComposeException(
          Kind.CONNECTION,
          "The SSH connection to "
              + address
              + " failed while running `"
              + command
              + "`: "
              + e.getMessage(),
          "Check the host and the network, then re-run.",
          e);
    }
  }

  /** A command kept running; {@code ended} is set instead when it exited before it got ready. */
  public static final class Held implements AutoCloseable {
    private final @Nullable ChannelExec channel;
    private final @Nullable Result ended;
    private final String printed;

    Held(@Nullable ChannelExec channel, @Nullable Result ended, String printed) {
      this.channel = channel;
      this.ended = ended;
      this.printed = printed;
    }

    /** What the command printed up to its ready line. */
    public String printed() {
      return printed;
    }

    public boolean ready() {
      return channel != null;
    }

    public @Nullable Result ended() {
      return ended;
    }

    @Override
    public void close() {
      if (channel == null) {
        return;
      }
      try {
        channel.getInvertedIn().close();
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
        channel.close();
      } catch (IOException e) {
        // The session is going away; the remote side drops the lock with it.
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (IOException e) {
      // Nothing more to report about a session we are done with.
    }
  }

  /** Keeps the first {@code max} bytes. */
  private static final class Bounded extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;
    private long dropped;

    Bounded(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      if (kept.size() < max) {
        kept.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = Math.max(0, Math.min(len, max - kept.size()));
      kept.write(b, off, room);
      dropped += len - room;
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8)
          + (dropped > 0 ? "\n[" + dropped + " more bytes not kept]" : "");
    }
  }
}
