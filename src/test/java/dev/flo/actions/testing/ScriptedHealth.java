package dev.flo.actions.testing;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A health endpoint on a real socket whose answers are scripted per path: the n-th check (from 0)
 * of a path gets {@code health.get(path).applyAsInt(n)} (200 unless scripted), with {@code
 * {"status":"ok"}} on 200 and {@code {"status":"down"}} otherwise; {@code checks} counts the checks
 * per path.
 */
public final class ScriptedHealth implements AutoCloseable {
  /** Per path, the status the n-th check (from 0) gets. */
  public final Map<String, IntUnaryOperator> health = new ConcurrentHashMap<>();

  public final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
  public final LocalHttpServer server;

  public ScriptedHealth() throws IOException {
    server =
        new LocalHttpServer(
            (r, ex) -> {
              int n = checks.computeIfAbsent(r.path(), p -> new AtomicInteger()).getAndIncrement();
              int status = health.getOrDefault(r.path(), i -> 200).applyAsInt(n);
              LocalHttpServer.json(
                  ex, status, status == 200 ? "{\"status\":\"ok\"}" : "{\"status\":\"down\"}");
            });
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }
}
