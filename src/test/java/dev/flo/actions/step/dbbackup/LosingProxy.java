package dev.flo.actions.step.dbbackup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that forwards the first {@code forwarded} connections to a server and
 * closes every later one at once: the server "goes away" between two connections of a step, as a
 * restarting server or a full pooler does.
 */
final class LosingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final AtomicInteger accepted = new AtomicInteger();

  LosingProxy(int targetPort, int forwarded) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket client = listener.accept();
                  if (accepted.incrementAndGet() > forwarded) {
                    client.close();
                    continue;
                  }
                  Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                  Thread.ofVirtual().start(() -> pipe(client, server));
                  Thread.ofVirtual().start(() -> pipe(server, client));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  int port() {
    return listener.getLocalPort();
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // One side closed: close both below.
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
