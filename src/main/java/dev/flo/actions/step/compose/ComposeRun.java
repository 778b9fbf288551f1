package dev.flo.actions.step.compose;

import dev.flo.actions.provider.compose.ComposeException;
import dev.flo.actions.provider.compose.ComposeRollout;
import dev.flo.actions.provider.compose.ComposeRollout.Decision;
import dev.flo.actions.provider.compose.HostReport;
import dev.flo.actions.provider.compose.SshConnector;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.StepSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs a compose rollout for a step and reports it: the log, each host's before and after, the
 * failure.
 */
public final class ComposeRun {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Log log;
  private final StepSummary md;
  private final Clock clock;
  private final GitHubContext github;

  public ComposeRun(Log log, StepSummary md, Clock clock, GitHubContext github) {
    this.log = log;
    this.md = md;
    this.clock = clock;
    this.github = github;
  }

  /**
   * @param what the summary's heading, such as "Backend deploy"
   * @param stopOnFailure stop at the first failed host (a deploy); a rollback goes on restoring the
   *     others
   */
  public List<HostReport> run(
      ComposeInputs in,
      Duration timeout,
      Decision decision,
      boolean dryRun,
      boolean stopOnFailure,
      String what)
      throws StepFailure, InterruptedException {
    String note =
        (github.runUrl() == null ? "a flo-actions run" : github.runUrl())
            + " ("
            + (github.sha() == null ? "no commit" : shortSha(github.sha()))
            + ") since "
            + clock.now();
    ComposeRollout.Settings settings =
        new ComposeRollout.Settings(
            in.project(),
            in.registry(),
            timeout,
            in.lockTimeout(),
            in.maxParallel(),
            note,
            github.sha(),
            github.runUrl());
    List<HostReport> reports;
    try (SshConnector ssh =
        SshConnector.start(
            in.user(),
            in.sshKey(),
            in.sshKeyPassphrase(),
            in.knownHosts(),
            CONNECT_TIMEOUT,
            KEEP_ALIVE)) {
      reports =
          new ComposeRollout(ssh, settings, clock, log)
              .run(in.hosts(), decision, dryRun, stopOnFailure);
    } catch (ComposeException e) {
      String message = String.valueOf(e.getMessage());
      summaryFailed(what, message, e.advice());
      throw new StepFailure(message, e.advice());
    }
    for (HostReport r : reports) {
      for (HostReport.ContainerLog l : r.logs()) {
        log.info(r.host() + ": last log lines of " + l.container().describe() + ":");
        // Lines from the app: never read as workflow commands, and masked by the log.
        log.untrusted(l.lines().isBlank() ? "(the container printed nothing)" : l.lines());
      }
    }
    summary(what, reports, dryRun);
    return reports;
  }

  /**
   * The failure of the first failed host (with how many failed), or null when every host is fine.
   */
  public static @Nullable StepFailure failure(List<HostReport> reports, String what) {
    List<HostReport> failed = reports.stream().filter(HostReport::failed).toList();
    if (failed.isEmpty()) {
      return null;
    }
    HostReport first = failed.getFirst();
    long skipped = reports.stream().filter(r -> r.outcome() == HostReport.Outcome.SKIPPED).count();
    long changed = reports.stream().filter(r -> r.outcome() == HostReport.Outcome.CHANGED).count();
    String more =
        (failed.size() > 1 ? " " + (failed.size() - 1) + " more host(s) failed too." : "")
            + (skipped > 0 ? " " + skipped + " host(s) were not touched." : "")
            + (changed > 0
                ? " " + changed + " host(s) were updated before: `rollback` restores them."
                : "");
    return new StepFailure(
        what + " failed on " + first.host() + ": " + first.message() + more, first.advice());
  }

  private void summary(String what, List<HostReport> reports, boolean dryRun) {
    md.heading(2, what + " on Compose hosts" + (dryRun ? " (dry run)" : ""));
    List<List<String>> rows = new ArrayList<>();
    for (HostReport r : reports) {
      rows.add(
          List.of(
              r.host().toString(),
              value(r.before()),
              value(r.after()),
              verdict(r),
              r.message() == null ? "" : r.message()));
    }
    md.table(List.of("Host", "Before", "After", "Result", "Details"), rows);
    StepFailure f = failure(reports, what);
    if (f != null) {
      md.alert(
          "CAUTION",
          StepSummary.html(String.valueOf(f.getMessage()))
              + (f.hint() == null ? "" : "\n\n" + StepSummary.html(f.hint())));
    } else if (dryRun) {
      md.paragraph("Dry run: nothing was changed on any host; no lock was taken.");
    }
  }

  private void summaryFailed(String what, String message, @Nullable String advice) {
    md.heading(2, what + " on Compose hosts failed");
    md.alert(
        "CAUTION",
        StepSummary.html(message) + (advice == null ? "" : "\n\n" + StepSummary.html(advice)));
  }

  private static String verdict(HostReport r) {
    return switch (r.outcome()) {
      case CHANGED -> "updated, healthy";
      case UNCHANGED -> "unchanged";
      case PLANNED -> "would update";
      case FAILED -> "failed";
      case SKIPPED -> "not touched";
    };
  }

  private static String value(@Nullable String v) {
    return v == null ? "(none)" : v;
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
