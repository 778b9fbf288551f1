package dev.flo.actions.runtime.http;

import dev.flo.actions.runtime.InputDef;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Sets up the JDK's TLS on two background threads while the step reads its inputs and builds its
 * first request, when the step is about to call an https URL.
 *
 * <p>Why: the first HTTPS request of a process waits for two parses of the CA store (the default
 * trust manager's, and {@code sun.security.util.AnchorCertificates}', which the JDK's host-name
 * check loads during the handshake) and for the TLS providers' set-up, ~80 ms under the image's
 * C1-only JIT on the request's critical path. Done ahead, on the second core, the request finds
 * them ready: {@code slack-notify} over HTTPS as the image runs it measured 0.92x wall, 1.02x CPU
 * and the same peak memory against no warm-up (2026-12-04, 16 alternating pairs; bench/README.md).
 * Nothing is done twice: the step's client uses the same default context, and the JDK builds its
 * trust material once, under a class-initialisation lock the request's thread waits on if it comes
 * first.
 *
 * <p>When: one of the step's inputs, as given or by its declared default, is an https URL (an API
 * base such as slack-notify's {@code https://slack.com/api}, a webhook, a health URL). A step on
 * plain http, such as a test against a local fake, does not pay the ~80 ms of CPU and ~7 MiB. A
 * step that calls https without such an input only misses the head start.
 */
public final class TlsWarmUp {
  /** Loaded by the JDK's host-name check; its static initializer parses the CA store. */
  static final String ANCHORS = "sun.security.util.AnchorCertificates";

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private TlsWarmUp() {}

  /**
   * Starts the warm-up (once per process) when an input of {@code inputs} is an https URL in {@code
   * env} (the runner's {@code INPUT_*} names) or by its declared default; returns whether it did.
   */
  public static boolean startFor(Collection<InputDef> inputs, Map<String, String> env) {
    return callsHttps(inputs, env) && start();
  }

  /** Whether the given value, else the declared default, of one of {@code inputs} is https. */
  static boolean callsHttps(Collection<InputDef> inputs, Map<String, String> env) {
    for (InputDef input : inputs) {
      String given = env.get(InputDef.envName(input.name()));
      String value = given == null || given.isBlank() ? input.effectiveDefault() : given;
      if (value != null && value.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
        return true;
      }
    }
    return false;
  }

  private static boolean start() {
    if (!STARTED.compareAndSet(false, true)) {
      return false;
    }
    // Daemons: a step that ends first (bad input, dry run) exits without waiting for them. A
    // failure
    // here is left for the request, which reports it with its URL.
    Thread.ofPlatform()
        .daemon()
        .name("tls-warm-up-context")
        .start(
            () -> {
              try {
                SSLContext.getDefault();
              } catch (NoSuchAlgorithmException | RuntimeException e) {
                // the request meets the same and says so
              }
            });
    Thread.ofPlatform()
        .daemon()
        .name("tls-warm-up-anchors")
        .start(
            () -> {
              try {
                // Class.forName initializes a class of a package java.base does not export; a JDK
                // without it only loses the head start (TlsWarmUpTest notices).
                Class.forName(ANCHORS, true, null);
              } catch (ClassNotFoundException | LinkageError e) {
                // nothing to warm
              }
            });
    return true;
  }
}
