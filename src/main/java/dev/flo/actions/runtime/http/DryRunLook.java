package dev.flo.actions.runtime.http;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The one rule every step's dry run follows when it reads the current state (the live deploy, the
 * ledger, the bucket): it looks with a short deadline; a server that does not answer is a warning
 * and an unknown in the plan (exit 0: the plan is still worth reading); a server that answers with
 * a refusal (a bad token, a missing service) is the step's error with its fix (exit 1), exactly as
 * in a real run.
 */
public final class DryRunLook {
  /** How long a dry run waits for the current state, every attempt and retry included. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  /** One attempt's limit: a dry run does not sit through a real run's retries. */
  static final Duration ATTEMPT = Duration.ofSeconds(3);

  private DryRunLook() {}

  /** The client a dry run looks with: 3 s an attempt, 5 s in all. */
  public static Http client(Http http) {
    return http.withRequestTimeout(ATTEMPT).withPolicy(http.policy().withDeadline(DEADLINE));
  }

  /** What the look found: the value, or why it is unknown. */
  public sealed interface Seen<T> {
    /** The state as read. */
    record Known<T>(T value) implements Seen<T> {}

    /** The server did not answer in time; the plan marks this as unknown. */
    record Unknown<T>(@Nullable String why) implements Seen<T> {}
  }

  /**
   * Runs {@code read}; when no answer came ({@link HttpException}), adds one warning naming {@code
   * what} and returns {@link Seen.Unknown}. Anything else, a refusal included, is thrown as in a
   * real run.
   *
   * @param what what was being read, such as "the live deploy on Render"
   */
  public static <T> Seen<T> look(String what, Annotations annotations, Callable<T> read)
      throws Exception {
    return look(what, annotations, e -> false, read);
  }

  /**
   * The same rule for a client other than {@link Http} (a database driver with its own short
   * timeouts): {@code noAnswer} tells which of its exceptions mean that no answer came in time; an
   * {@link HttpException} is one.
   */
  public static <T> Seen<T> look(
      String what, Annotations annotations, Predicate<? super Exception> noAnswer, Callable<T> read)
      throws Exception {
    try {
      return new Seen.Known<>(read.call());
    } catch (Exception e) {
      if (!(e instanceof HttpException) && !noAnswer.test(e)) {
        throw e;
      }
      String why = e.getMessage();
      annotations.add(
          Annotation.warning(
                  "Dry run: could not read "
                      + what
                      + " within "
                      + DurationText.exact(DEADLINE)
                      + " ("
                      + why
                      + "); the plan marks it unknown. A real run needs it: check the address and"
                      + " that the runner can reach it, then run the dry run again.")
              .withTitle("dry run: state unknown"));
      return new Seen.Unknown<>(why);
    }
  }
}
