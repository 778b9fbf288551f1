package dev.flo.actions.step.healthverify;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.PollSchedule;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks one URL until it passes {@code consecutive-successes} times in a row (within the latency
 * budget) or the deadline comes. Every failure during warm-up (refused, 404, 502, timeout, an old
 * version in the JSON) is retried; a pass after a failure starts the count again, so a flapping
 * service does not pass.
 */
final class UrlProbe {
  private final HealthPlan plan;
  private final Http http;
  private final Clock clock;
  private final Log log;
  private final Masker masker;

  /**
   * @param http a client without retries: this loop owns the retrying
   */
  UrlProbe(HealthPlan plan, Http http, Clock clock, Log log, Masker masker) {
    this.plan = plan;
    this.masker = masker;
    this.http = http;
    this.clock = clock;
    this.log = log;
  }

  /**
   * One check's result: the status (-1 without an answer), the latency, and why it failed (null if
   * it passed).
   */
  private record Check(
      int status, long latencyMs, @Nullable String failure, @Nullable Advice advice) {}

  UrlOutcome probe(HealthPlan.Target target) throws InterruptedException {
    int needed = plan.consecutiveSuccesses();
    long start = clock.nanoTime();
    long deadline = start + plan.timeout().toNanos();
    Map<String, Integer> seen = new LinkedHashMap<>();
    Deque<Long> window = new ArrayDeque<>();
    List<Long> answered = new ArrayList<>();
    int attempts = 0;
    int inRow = 0;
    int passes = 0;
    int bestRow = 0;
    boolean failedAfterPass = false;
    Check last = null;
    String reason = "";
    Advice advice = Advice.STATUS;
    // The same failure check after check (a service still starting) is counted, not printed each
    // time.
    Progress waiting = Progress.ofWait(log, clock, target.display(), PollSchedule.REPORT_EVERY);
    while (deadline - clock.nanoTime() > 0) {
      attempts++;
      Duration remaining = Duration.ofNanos(deadline - clock.nanoTime());
      last =
          check(
              target,
              remaining.compareTo(plan.requestTimeout()) < 0 ? remaining : plan.requestTimeout());
      seen.merge(
          last.status() < 0
              ? label(Objects.requireNonNull(last.advice(), "a check with no answer has advice"))
              : String.valueOf(last.status()),
          1,
          Integer::sum);
      if (last.status() >= 0) {
        answered.add(last.latencyMs());
      }
      if (last.failure() == null) {
        passes++;
        bestRow = Math.max(bestRow, ++inRow);
        window.addLast(last.latencyMs());
        if (window.size() > needed) {
          window.removeFirst();
        }
        log.info(
            "%s: pass %d of %d in a row (HTTP %d, %d ms)",
            target.display(), inRow, needed, last.status(), last.latencyMs());
        if (inRow >= needed) {
          long p95 = UrlOutcome.percentile(List.copyOf(window), 95);
          Duration maxLatency = plan.maxLatency();
          if (maxLatency == null || p95 <= maxLatency.toMillis()) {
            long elapsed = Duration.ofNanos(clock.nanoTime() - start).toMillis();
            return new UrlOutcome(
                target.display(),
                true,
                attempts,
                seen,
                List.copyOf(window),
                elapsed,
                String.valueOf(last.status()),
                "",
                "");
          }
          reason =
              "p95 latency "
                  + p95
                  + " ms over the last "
                  + needed
                  + " checks is above max-latency "
                  + maxLatency.toMillis()
                  + " ms";
          advice = Advice.LATENCY;
        }
      } else {
        failedAfterPass |= passes > 0;
        inRow = 0;
        window.clear();
        reason = last.failure();
        advice = Objects.requireNonNull(last.advice(), "a failed check has advice");
        waiting.state(
            "not healthy yet: " + last.failure(),
            Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())));
      }
      if (clock.nanoTime() + plan.interval().toNanos() >= deadline) {
        break;
      }
      clock.sleep(plan.interval());
    }
    if (inRow > 0 && advice != Advice.LATENCY) {
      reason = "the deadline came after " + inRow + " of " + needed + " passing checks in a row";
      advice = Advice.DEADLINE;
    } else if (failedAfterPass && advice != Advice.LATENCY) {
      reason +=
          " (it passed "
              + passes
              + " check(s) but at most "
              + bestRow
              + " in a row, not "
              + needed
              + ")";
      advice = Advice.FLAPPING;
    }
    long elapsed = Duration.ofNanos(clock.nanoTime() - start).toMillis();
    String lastStatus = last == null || last.status() < 0 ? "" : String.valueOf(last.status());
    return new UrlOutcome(
        target.display(),
        false,
        attempts,
        seen,
        List.copyOf(answered),
        elapsed,
        lastStatus,
        "not healthy after "
            + DurationText.rough(Duration.ofMillis(elapsed))
            + " and "
            + attempts
            + " check(s): "
            + reason,
        advice.hint(target));
  }

  private Check check(HealthPlan.Target target, Duration timeout) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri())
            .timeout(timeout)
            .method(plan.method(), HttpRequest.BodyPublishers.noBody());
    target.headers().forEach((name, value) -> request.header(name, value.reveal()));
    long t0 = clock.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.build(), "health check of " + target.display());
      long ms = Duration.ofNanos(clock.nanoTime() - t0).toMillis();
      var mismatch =
          plan.expect()
              .check(
                  response.statusCode(),
                  response.body(),
                  response.headers().firstValue("Location").orElse(null),
                  masker);
      return mismatch == null
          ? new Check(response.statusCode(), ms, null, null)
          : new Check(response.statusCode(), ms, mismatch.reason(), Advice.of(mismatch.kind()));
    } catch (HttpException e) {
      long ms = Duration.ofNanos(clock.nanoTime() - t0).toMillis();
      return switch (e.kind()) {
        case CONNECT ->
            e.getCause() instanceof HttpConnectTimeoutException
                ? new Check(-1, ms, "could not connect within the connect timeout", Advice.TIMEOUT)
                : new Check(
                    -1,
                    ms,
                    "connection refused (" + target.uri().getHost() + ":" + port(target) + ")",
                    Advice.REFUSED);
        case TIMEOUT, DEADLINE ->
            new Check(-1, ms, "no answer within " + DurationText.exact(timeout), Advice.TIMEOUT);
        case SLOW_BODY ->
            new Check(
                -1,
                ms,
                "the body did not finish within "
                    + DurationText.exact(timeout)
                    + " (headers came, then the body trickled)",
                Advice.TIMEOUT);
        case TOO_LARGE -> new Check(-1, ms, message(e.getCause()), Advice.TOO_LARGE);
        case CONNECTION ->
            new Check(
                -1, ms, "connection failed (" + message(e.getCause()) + ")", Advice.CONNECTION);
      };
    } catch (IOException e) {
      long ms = Duration.ofNanos(clock.nanoTime() - t0).toMillis();
      return new Check(-1, ms, "connection failed (" + message(e) + ")", Advice.CONNECTION);
    }
  }

  private static int port(HealthPlan.Target t) {
    return t.uri().getPort() > 0
        ? t.uri().getPort()
        : "https".equalsIgnoreCase(t.uri().getScheme()) ? 443 : 80;
  }

  private static String message(@Nullable Throwable t) {
    return t == null || t.getMessage() == null
        ? (t == null ? "unknown" : t.getClass().getSimpleName())
        : t.getMessage();
  }

  private static String label(Advice advice) {
    return switch (advice) {
      case REFUSED -> "refused";
      case TOO_LARGE -> "too large";
      case TIMEOUT -> "timed out";
      default -> "no answer";
    };
  }
}
