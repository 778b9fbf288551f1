package dev.flo.actions.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server that behaves as badly as a real one can, on raw sockets so nothing is smoothed over: it
 * trickles, stalls, streams without end, redirects to another origin, rate-limits for a day, or
 * answers garbage. Every request is recorded (also those the other origin of {@link Mode#REDIRECT}
 * received), and every body byte sent is counted, so a test can tell how much a client read before
 * it stopped.
 */
public final class HostileServer implements AutoCloseable {
  /** How the server misbehaves, on every request. */
  public enum Mode {
    /** 200 with a JSON content type and a long Content-Length, then one body byte a second. */
    TRICKLE,
    /** Accepts the connection, reads the request, never answers. */
    SILENT,
    /** 200, chunked, 64 KiB chunks as fast as the client reads, forever. */
    ENDLESS,
    /** 200 announcing a 2 GiB body, sent as fast as the client reads. */
    HUGE,
    /** 307 to the same path on another port (a recording server of its own). */
    REDIRECT,
    /** 429 with {@code Retry-After: 99999}. */
    RATE_LIMITED,
    /** 200 with a JSON content type and a body cut in the middle of an object. */
    MALFORMED_JSON,
    /** 200 with an HTML page, as an edge or a captive portal sends. */
    HTML
  }

  /** One request as received; header names lower-cased. */
  public record Seen(String method, String target, Map<String, String> headers) {}

  private static final byte[] BLOCK = new byte[64 * 1024];

  static {
    Arrays.fill(BLOCK, (byte) ' ');
  }

  private final Mode mode;
  private final ServerSocket socket;
  private final LocalHttpServer otherOrigin;
  private final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong bodyBytesSent = new AtomicLong();
  private volatile boolean closed;

  private HostileServer(Mode mode) throws IOException {
    this.mode = mode;
    this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.otherOrigin =
        mode == Mode.REDIRECT
            ? new LocalHttpServer(
                (req, ex) ->
                    LocalHttpServer.respond(
                        ex,
                        404,
                        "application/json",
                        "{\"error\":\"not_found\",\"message\":\"nothing here\"}"))
            : null;
    Thread.ofVirtual().name("hostile-" + mode).start(this::accept);
  }

  public static HostileServer start(Mode mode) throws IOException {
    return new HostileServer(mode);
  }

  public Mode mode() {
    return mode;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  public URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  public List<Seen> requests() {
    return List.copyOf(requests);
  }

  /** What the other origin of a redirect received (empty for other modes). */
  public List<LocalHttpServer.Request> otherOriginRequests() {
    return otherOrigin == null ? List.of() : otherOrigin.requests();
  }

  /**
   * Body bytes written so far; a client that stops reading stops this soon after (socket buffers
   * aside).
   */
  public long bodyBytesSent() {
    return bodyBytesSent.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      Seen seen = readRequest(in);
      if (seen == null) {
        return;
      }
      requests.add(seen);
      OutputStream out = s.getOutputStream();
      switch (mode) {
        case TRICKLE -> {
          head(out, "200 OK", "Content-Type: application/json\r\nContent-Length: 100000\r\n");
          out.write('{');
          for (int i = 0; i < 100_000 && !closed; i++) {
            Thread.sleep(Duration.ofSeconds(1));
            out.write(' ');
            out.flush();
            bodyBytesSent.incrementAndGet();
          }
        }
        case SILENT -> {
          while (!closed && in.read() >= 0) {
            // Hold the connection open until the client gives up.
          }
        }
        case ENDLESS -> {
          head(out, "200 OK", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
          // One write per chunk: small writes would meet Nagle and delayed ACKs and trickle by
          // accident.
          byte[] size =
              (Integer.toHexString(BLOCK.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          byte[] chunk = new byte[size.length + BLOCK.length + 2];
          System.arraycopy(size, 0, chunk, 0, size.length);
          System.arraycopy(BLOCK, 0, chunk, size.length, BLOCK.length);
          chunk[chunk.length - 2] = '\r';
          chunk[chunk.length - 1] = '\n';
          while (!closed) {
            out.write(chunk);
            bodyBytesSent.addAndGet(BLOCK.length);
          }
        }
        case HUGE -> {
          long total = 2L << 30;
          head(
              out, "200 OK", "Content-Type: application/json\r\nContent-Length: " + total + "\r\n");
          for (long sent = 0; sent < total && !closed; sent += BLOCK.length) {
            out.write(BLOCK);
            bodyBytesSent.addAndGet(BLOCK.length);
          }
        }
        case REDIRECT ->
            head(
                out,
                "307 Temporary Redirect",
                "Location: " + otherOrigin.baseUrl() + seen.target() + "\r\nContent-Length: 0\r\n");
        case RATE_LIMITED ->
            body(
                out,
                "429 Too Many Requests",
                "application/json",
                "Retry-After: 99999\r\n",
                "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"},\"ok\":false}");
        case MALFORMED_JSON ->
            body(
                out,
                "200 OK",
                "application/json",
                "",
                "{\"id\": \"dep-1\", \"status\": \"live\", \"data\": {\"deployment\": [1, 2");
        case HTML ->
            body(
                out,
                "200 OK",
                "text/html; charset=utf-8",
                "",
                "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Sign in to the network</h1></body></html>");
      }
      out.flush();
    } catch (IOException | InterruptedException e) {
      // The client hung up: what we wanted to see.
    } finally {
      open.remove(s);
    }
  }

  private static void head(OutputStream out, String status, String headers) throws IOException {
    out.write(
        ("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void body(OutputStream out, String status, String type, String headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    head(
        out,
        status,
        "Content-Type: " + type + "\r\n" + headers + "Content-Length: " + bytes.length + "\r\n");
    out.write(bytes);
    bodyBytesSent.addAndGet(bytes.length);
  }

  /**
   * The request line and headers, and a body of up to 1 MiB (Content-Length only); null when the
   * client left.
   */
  private static Seen readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      return null;
    }
    String[] parts = line.split(" ");
    Map<String, String> headers = new TreeMap<>();
    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.merge(
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            h.substring(colon + 1).strip(),
            (a, b) -> a + ", " + b);
      }
    }
    long length =
        headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : 0;
    in.readNBytes((int) Math.min(length, 1 << 20));
    return new Seen(parts[0], parts.length > 1 ? parts[1] : "/", headers);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        return sb.toString().stripTrailing();
      }
      if (sb.length() > 16_384) {
        throw new IOException("header line too long");
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    for (Socket s : open) {
      s.close();
    }
    if (otherOrigin != null) {
      otherOrigin.close();
    }
  }
}
