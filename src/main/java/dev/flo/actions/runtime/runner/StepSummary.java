package dev.flo.actions.runtime.runner;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small Markdown builder for {@code GITHUB_STEP_SUMMARY}. The runner refuses a summary over 1 MiB
 * and uploads nothing (runner {@code CreateStepSummaryCommand.AttachmentSizeLimit}), so {@link
 * #render} cuts it below that with a visible marker instead.
 */
public final class StepSummary {
  /** 1 MiB, counted in UTF-8 bytes as the runner counts the file size. */
  public static final int LIMIT_BYTES = 1024 * 1024;

  static final String TRUNCATED =
      "\n\n> [!WARNING]\n> This summary was cut here: it would have exceeded GitHub's 1 MiB limit. The full"
          + " details are in the job log.\n";

  private final StringBuilder md = new StringBuilder();

  public synchronized StepSummary heading(int level, String text) {
    md.append("#".repeat(Math.max(1, Math.min(6, level))))
        .append(' ')
        .append(inline(text))
        .append("\n\n");
    return this;
  }

  public synchronized StepSummary paragraph(String text) {
    md.append(text).append("\n\n");
    return this;
  }

  /** A GitHub alert block ({@code NOTE}, {@code TIP}, {@code WARNING}, {@code CAUTION}). */
  public synchronized StepSummary alert(String kind, String text) {
    md.append("> [!").append(kind).append("]\n");
    for (String line : text.split("\n")) {
      md.append("> ").append(line).append('\n');
    }
    md.append('\n');
    return this;
  }

  public synchronized StepSummary bullets(List<String> items) {
    for (String item : items) {
      md.append("- ").append(inline(item)).append('\n');
    }
    md.append('\n');
    return this;
  }

  public synchronized StepSummary table(List<String> headers, List<List<String>> rows) {
    md.append('|');
    headers.forEach(h -> md.append(' ').append(cell(h)).append(" |"));
    md.append("\n|");
    headers.forEach(h -> md.append(" --- |"));
    md.append('\n');
    for (List<String> row : rows) {
      md.append('|');
      row.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
      md.append('\n');
    }
    md.append('\n');
    return this;
  }

  /** A collapsible section; {@code body} is Markdown. */
  public synchronized StepSummary details(String summary, String body) {
    md.append("<details><summary>")
        .append(html(summary))
        .append("</summary>\n\n")
        .append(body)
        .append("\n\n</details>\n\n");
    return this;
  }

  public synchronized StepSummary code(String language, String text) {
    String fence = text.contains("```") ? "~~~~" : "```";
    md.append(fence).append(language == null ? "" : language).append('\n').append(text);
    if (!text.endsWith("\n")) {
      md.append('\n');
    }
    md.append(fence).append("\n\n");
    return this;
  }

  public synchronized StepSummary raw(String markdown) {
    md.append(markdown);
    return this;
  }

  public synchronized boolean isEmpty() {
    return md.isEmpty();
  }

  /** The Markdown, cut at a line boundary with a marker so it stays under {@code limitBytes}. */
  synchronized String render(int limitBytes) {
    return render(limitBytes, new Masker(null));
  }

  /**
   * The Markdown redacted by {@code masker}, then cut (never the other way round: see {@link
   * Masker#shorten}).
   */
  public synchronized String render(Masker masker) {
    return render(LIMIT_BYTES, masker);
  }

  synchronized String render(int limitBytes, Masker masker) {
    String text = masker.redact(md.toString());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= limitBytes) {
      return text;
    }
    int budget = limitBytes - TRUNCATED.getBytes(StandardCharsets.UTF_8).length;
    // Walk back to a whole UTF-8 character, then to the end of a line, so no table row is
    // half-printed.
    int end = Math.max(0, budget);
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    String cut = new String(bytes, 0, end, StandardCharsets.UTF_8);
    int nl = cut.lastIndexOf('\n');
    return (nl > 0 ? cut.substring(0, nl) : cut) + TRUNCATED;
  }

  synchronized String render() {
    return render(LIMIT_BYTES);
  }

  /** Escapes a table cell: pipes and line breaks would break the row. */
  public static String cell(String s) {
    if (s == null) {
      return "";
    }
    return html(s).replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
  }

  /** Text that must not become Markdown structure (a heading, a list item). */
  public static String inline(String s) {
    return s == null ? "" : s.replace("\r", "").replace("\n", " ");
  }

  public static String html(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Inline code that survives backticks inside the value. */
  public static String code(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String ticks = s.contains("`") ? "``" : "`";
    return ticks + (ticks.length() > 1 ? " " + s + " " : s) + ticks;
  }
}
