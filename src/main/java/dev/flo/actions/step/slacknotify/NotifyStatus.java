package dev.flo.actions.step.slacknotify;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The status a message reports: GitHub's {@code job.status} values, {@code started}, or any word of
 * the user's, each with its colour bar, emoji and the phrase that ends the headline.
 */
public record NotifyStatus(String word, Kind kind) {
  /** What the status means to the message. */
  public enum Kind {
    SUCCESS("#2eb886", ":white_check_mark:", "succeeded"),
    FAILURE("#d40e0d", ":x:", "failed"),
    CANCELLED("#9e9e9e", ":no_entry_sign:", "was cancelled"),
    STARTED("#1d9bd1", ":rocket:", "started"),
    OTHER("#dddddd", ":information_source:", null);

    private final String color;
    private final String emoji;
    private final @Nullable String phrase;

    Kind(String color, String emoji, @Nullable String phrase) {
      this.color = color;
      this.emoji = emoji;
      this.phrase = phrase;
    }
  }

  public static NotifyStatus of(String word) {
    String w = word.strip();
    Kind kind =
        switch (w.toLowerCase(Locale.ROOT)) {
          case "success", "succeeded", "successful", "ok", "passed", "deployed" -> Kind.SUCCESS;
          case "failure", "failed", "fail", "error" -> Kind.FAILURE;
          case "cancelled", "canceled" -> Kind.CANCELLED;
          case "started",
              "start",
              "starting",
              "in_progress",
              "in progress",
              "deploying",
              "running" ->
              Kind.STARTED;
          default -> Kind.OTHER;
        };
    return new NotifyStatus(w, kind);
  }

  public String color() {
    return kind.color;
  }

  public String emoji() {
    return kind.emoji;
  }

  public boolean failed() {
    return kind == Kind.FAILURE;
  }

  /** "deploy of shop to production" + " failed", or ": rolled back" for a word of the user's. */
  public String headline(String subject) {
    return kind.phrase == null ? subject + ": " + word : subject + " " + kind.phrase;
  }
}
