package dev.flo.actions.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port, for provider fakes and scripted services.
 * Handlers get the recorded request and write a response; every request is kept for assertions.
 */
public final class LocalHttpServer implements AutoCloseable {
  /** One request as received. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** Writes a response for a request. */
  @FunctionalInterface
  public interface Handler {
    void handle(Request request, HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public LocalHttpServer(Handler handler) throws IOException {
    this(0, handler);
  }

  /**
   * A server on a given port (0 for any), e.g. one that comes up where connections were refused
   * before.
   */
  public LocalHttpServer(int port, Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            Request r =
                new Request(
                    exchange.getRequestMethod(),
                    uri.getPath(),
                    uri.getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            requests.add(r);
            handler.handle(r, exchange);
          } catch (IOException | RuntimeException e) {
            // A handler that breaks the connection on purpose (or a client that hung up) ends here.
          }
        });
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Sends a complete response. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  public static void json(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, "application/json", json);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
