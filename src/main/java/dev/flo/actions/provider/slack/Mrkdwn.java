package dev.flo.actions.provider.slack;

/**
 * Slack's mrkdwn text rules: only {@code &}, {@code <} and {@code >} are control characters and
 * must be escaped (api.slack.com/reference/surfaces/formatting#escaping), so a commit message
 * cannot become a link or an {@code <!channel>} ping; everything else (quotes, backticks, emoji) is
 * sent as it is.
 */
public final class Mrkdwn {
  /** Appended where text was cut to fit a limit. */
  public static final String CUT_MARKER = "… (cut)";

  private Mrkdwn() {}

  public static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * A link {@code <url|label>}; the label is escaped and the characters that would end the link are
   * encoded.
   */
  public static String link(String url, String label) {
    String safeUrl =
        url.replace("&", "&amp;").replace("|", "%7C").replace("<", "%3C").replace(">", "%3E");
    return "<" + safeUrl + "|" + escape(label).replace("|", "¦") + ">";
  }

  /**
   * Cuts mrkdwn to at most {@code max} characters (UTF-16 units, which is at least what Slack
   * counts), ending with {@link #CUT_MARKER}. The cut never splits an emoji, an escape such as
   * {@code &amp;} or a {@code <link>}.
   */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = end(text, max);
    int lt = text.lastIndexOf('<', end - 1);
    if (lt >= 0 && text.lastIndexOf('>', end - 1) < lt) {
      end = lt;
    }
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && end - amp <= 5 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    return text.substring(0, end) + CUT_MARKER;
  }

  /** Cuts plain text (a header) the same way, without mrkdwn rules. */
  public static String cutPlain(String text, int max) {
    return text == null || text.length() <= max
        ? text
        : text.substring(0, end(text, max)) + CUT_MARKER;
  }

  /** Where to cut so the marker fits, never between the two halves of an emoji. */
  private static int end(String text, int max) {
    int end = Math.max(0, max - CUT_MARKER.length());
    return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
  }
}
