package dev.flo.actions.provider.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Publishes a check run with every annotation through the Checks API
 * (docs.github.com/rest/checks/runs), which, unlike workflow-command annotations, shows more than
 * ten per level. The library sends annotations 50 per request as the API requires (one create, then
 * updates). A re-run on the same commit updates its own check run: GitHub appends annotations on
 * every update and cannot remove one, so the run's {@code external_id} carries a fingerprint of its
 * annotations; the same set is not sent again, and a different set goes to a new check run while
 * the old one is marked superseded.
 */
public final class CheckRuns {
  /**
   * GitHub's limits on a check run's output (docs.github.com/rest/checks/runs#create-a-check-run).
   */
  static final int MAX_OUTPUT_TEXT = 65_535;

  static final int MAX_TITLE = 255;

  private static final String EXTERNAL_ID_PREFIX = "flo-actions:";

  private final GitHub github;

  public enum Level {
    NOTICE,
    WARNING,
    FAILURE
  }

  public enum Conclusion {
    SUCCESS,
    FAILURE,
    NEUTRAL
  }

  /**
   * One annotation; columns only when the annotation is on one line (the API ignores them
   * otherwise).
   */
  public record Annotation(
      String path,
      int startLine,
      int endLine,
      @Nullable Integer startColumn,
      @Nullable Integer endColumn,
      Level level,
      String title,
      String message,
      @Nullable String rawDetails) {}

  /**
   * The check run to publish.
   *
   * @param name the check's name in the pull request's checks list
   * @param headSha the commit it reports on (the pull request's head, so it shows on the pull
   *     request)
   */
  public record Report(
      String name,
      String headSha,
      String title,
      String summary,
      @Nullable String text,
      Conclusion conclusion,
      @Nullable String detailsUrl,
      List<Annotation> annotations) {
    public Report {
      annotations = List.copyOf(annotations);
    }
  }

  public enum Outcome {
    CREATED,
    UPDATED,
    /**
     * Created anew; this run's earlier check run on the commit, whose annotations differed, is
     * marked superseded.
     */
    REPLACED
  }

  public record Published(Outcome outcome, long id, @Nullable String htmlUrl) {}

  /** Check runs through {@code github}, a client from {@link GitHubApi#connect}. */
  public CheckRuns(GitHub github) {
    this.github = github;
  }

  public Published publish(String repository, Report report) throws GitHubPublishException {
    String externalId =
        EXTERNAL_ID_PREFIX + report.name().hashCode() + ":" + fingerprint(report.annotations());
    String what = "create check run '" + report.name() + "' on " + repository;
    try {
      GHRepository repo = github.getRepository(repository);
      GHCheckRun earlier = earlier(repo, report);
      if (earlier != null && externalId.equals(earlier.getExternalId())) {
        what = "update check run " + earlier.getId();
        GHCheckRun run = fill(repo.updateCheckRun(earlier.getId()), report, false).create();
        return new Published(Outcome.UPDATED, run.getId(), url(run));
      }
      GHCheckRun run =
          fill(repo.createCheckRun(report.name(), report.headSha()), report, true)
              .withExternalID(externalId)
              .create();
      if (earlier == null) {
        return new Published(Outcome.CREATED, run.getId(), url(run));
      }
      what = "mark the earlier check run " + earlier.getId() + " superseded";
      repo.updateCheckRun(earlier.getId())
          .withConclusion(GHCheckRun.Conclusion.NEUTRAL)
          .withStatus(GHCheckRun.Status.COMPLETED)
          .add(
              new GHCheckRunBuilder.Output(
                  "Superseded",
                  "A later run of this check on the same commit reported other findings: "
                      + url(run)))
          .create();
      return new Published(Outcome.REPLACED, run.getId(), url(run));
    } catch (IOException e) {
      throw GitHubPublishException.of(what, "checks: write", e);
    }
  }

  /**
   * Our check run of this name on the commit, recognised by its external id; the newest when there
   * are several.
   */
  private static @Nullable GHCheckRun earlier(GHRepository repo, Report report) throws IOException {
    GHCheckRun newest = null;
    String prefix = EXTERNAL_ID_PREFIX + report.name().hashCode() + ":";
    for (GHCheckRun run :
        repo.getCheckRuns(report.headSha(), Map.of("check_name", report.name()))) {
      if (run.getExternalId() != null
          && run.getExternalId().startsWith(prefix)
          && (newest == null || run.getId() > newest.getId())) {
        newest = run;
      }
    }
    return newest;
  }

  private static GHCheckRunBuilder fill(
      GHCheckRunBuilder b, Report report, boolean withAnnotations) {
    GHCheckRunBuilder.Output output =
        new GHCheckRunBuilder.Output(
            cut(report.title(), MAX_TITLE), cut(report.summary(), MAX_OUTPUT_TEXT));
    if (report.text() != null && !report.text().isEmpty()) {
      output.withText(cut(report.text(), MAX_OUTPUT_TEXT));
    }
    if (withAnnotations) {
      report.annotations().forEach(a -> output.add(annotation(a)));
    }
    b.withStatus(GHCheckRun.Status.COMPLETED)
        .withConclusion(GHCheckRun.Conclusion.valueOf(report.conclusion().name()))
        .add(output);
    return report.detailsUrl() == null ? b : b.withDetailsURL(report.detailsUrl());
  }

  private static GHCheckRunBuilder.Annotation annotation(Annotation a) {
    var level = GHCheckRun.AnnotationLevel.valueOf(a.level().name());
    var out =
        new GHCheckRunBuilder.Annotation(
            a.path(),
            a.startLine(),
            Math.max(a.startLine(), a.endLine()),
            level,
            cut(a.message(), MAX_OUTPUT_TEXT));
    if (a.title() != null) {
      out.withTitle(cut(a.title(), MAX_TITLE));
    }
    if (a.rawDetails() != null) {
      out.withRawDetails(cut(a.rawDetails(), MAX_OUTPUT_TEXT));
    }
    if (a.startLine() == a.endLine() && a.startColumn() != null) {
      out.withStartColumn(a.startColumn())
          .withEndColumn(a.endColumn() == null ? a.startColumn() : a.endColumn());
    }
    return out;
  }

  /**
   * 16 hex digits of SHA-256 over the annotations, order included: equal sets of findings give
   * equal ids.
   */
  static String fingerprint(List<Annotation> annotations) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Annotation a : annotations) {
        sha.update((a + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static @Nullable String url(GHCheckRun run) {
    return run.getHtmlUrl() == null ? null : run.getHtmlUrl().toString();
  }
}
