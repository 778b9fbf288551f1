package dev.flo.actions.step.deployfrontend;

import dev.flo.actions.provider.github.DeploymentState;
import dev.flo.actions.provider.github.GitHubApi;
import dev.flo.actions.provider.github.PullRequestComments;
import dev.flo.actions.provider.vercel.DeploymentFiles;
import dev.flo.actions.provider.vercel.MissingFilesUpload;
import dev.flo.actions.provider.vercel.VercelClient;
import dev.flo.actions.provider.vercel.VercelDeployment;
import dev.flo.actions.provider.vercel.VercelException;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Deadline;
import dev.flo.actions.runtime.Output;
import dev.flo.actions.runtime.Outputs;
import dev.flo.actions.runtime.Progress;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.StepFailure;
import dev.flo.actions.runtime.StepPort;
import dev.flo.actions.runtime.TypedStep;
import dev.flo.actions.runtime.Workspace;
import dev.flo.actions.runtime.http.DryRunLook;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.HttpException;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.GitHubDeployment;
import dev.flo.actions.step.common.ProviderAdvice;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deploys a frontend to Vercel through the REST flow the CLI uses: hash, create, upload only what
 * Vercel lacks, create again, wait for READY, assign aliases, and comment the URL on the pull
 * request.
 */
public final class DeployFrontendStep implements TypedStep<DeployFrontendInputs> {
  static final Output<String> DEPLOYMENT_ID =
      Output.named("deployment-id", "The Vercel deployment id (dpl_...).").text();
  static final Output<String> URL = Output.named("url", "The deployment's own https URL.").text();
  static final Output<String> INSPECTOR_URL =
      Output.named("inspector-url", "The deployment's page in Vercel, with the build log.").text();
  static final Output<List<String>> ALIASES =
      Output.named("aliases", "The domains assigned from `alias`, as https URLs, comma separated.")
          .as(
              (List<String> domains) ->
                  String.join(",", domains.stream().map(a -> "https://" + a).toList()));
  static final Output<String> PREVIOUS_DEPLOYMENT_ID =
      Output.named(
              "previous-deployment-id",
              "The production deployment that served before this one: the rollback target.")
          .text();
  static final Output<Integer> UPLOADED_FILES =
      Output.named("uploaded-files", "Distinct file contents uploaded (Vercel lacked them).")
          .integer();
  static final Output<Integer> REUSED_FILES =
      Output.named("reused-files", "Distinct file contents Vercel already had, not uploaded again.")
          .integer();
  static final Output<Long> GITHUB_DEPLOYMENT_ID =
      Output.named(
              "github-deployment-id", "The GitHub deployment recorded for this deploy, if any.")
          .number();

  public static final StepDefinition DEFINITION =
      StepDefinition.named(
              "deploy-frontend",
              "Deploy a prebuilt Vercel output or a static folder to Vercel, wait until it is ready, and comment the preview URL on the pull request.")
          .inputs(DeployFrontendInputs.ALL)
          .outputs(
              DEPLOYMENT_ID,
              URL,
              INSPECTOR_URL,
              ALIASES,
              PREVIOUS_DEPLOYMENT_ID,
              UPLOADED_FILES,
              REUSED_FILES,
              GITHUB_DEPLOYMENT_ID)
          .reads(DeployFrontendInputs::read)
          .create(DeployFrontendStep::new);

  private static final int MAX_UPLOAD_ROUNDS = 2;
  private static final int BUILD_LOG_LINES = 40;

  private final Log log;
  private final Masker masker;
  private final Outputs outputs;
  private final StepSummary summary;
  private final Annotations annotations;
  private final Clock clock;

  /**
   * The budget for stopping a deployment after the timeout (cancel it, or roll production back).
   */
  static final Duration WRAP_UP = Duration.ofSeconds(8);

  /** Hashing and uploading print at least this often. */
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final Http http;
  private final GitHubContext github;
  private final Workspace workspace;

  DeployFrontendStep(StepPort port) {
    this.log = port.log();
    this.masker = port.masker();
    this.outputs = port.outputs();
    this.summary = port.summary();
    this.annotations = port.annotations();
    this.clock = port.clock();
    this.http = port.http();
    this.github = port.github();
    this.workspace = port.workspace();
  }

  @Override
  public void run(DeployFrontendInputs in) throws Exception {
    DeployFrontendPlan plan = plan(in);
    plan.describe().forEach(log::info);
    // `timeout` bounds the whole step (every call, upload and poll); stopping a deployment that
    // timed out gets a
    // short budget of its own (guard()).
    Deadline deadline = Deadline.after(clock, in.timeout());
    // A dry run looks with a short deadline: no answer is a warning and an unknown, a refusal is
    // the error.
    VercelClient vercel =
        new VercelClient(
            in.dryRun() ? DryRunLook.client(http) : http.within(deadline.plus(Deadline.LAST_CALL)),
            in.apiUrl(),
            in.token(),
            in.teamId(),
            masker);
    GitHubDeployment record =
        GitHubDeployment.of(
            in.githubDeployment(),
            in.githubToken(),
            DEFINITION.name(),
            github,
            annotations,
            clock,
            log,
            http,
            null);
    try {
      if (in.dryRun()) {
        DryRunLook.Seen<VercelDeployment> seen =
            DryRunLook.look(
                "the project's production deployment on Vercel",
                annotations,
                () -> previousProduction(vercel, in, true));
        VercelDeployment previous =
            seen instanceof DryRunLook.Seen.Known<VercelDeployment> k ? k.value() : null;
        outputs.set(PREVIOUS_DEPLOYMENT_ID, previous == null ? "" : previous.id());
        if (seen instanceof DryRunLook.Seen.Unknown<VercelDeployment> u) {
          log.info("Production before: unknown (Vercel did not answer: %s).", u.why());
        }
        DeployFrontendReport.summary(
            summary,
            plan,
            new DeployFrontendResult(
                DeployFrontendResult.Status.PLANNED,
                null,
                List.of(),
                0,
                0,
                0,
                previous,
                null,
                List.of()));
        log.info("Dry-run: no file uploaded, no deployment created.");
        return;
      }
      VercelDeployment previous = previousProduction(vercel, in, false);
      outputs.set(PREVIOUS_DEPLOYMENT_ID, previous == null ? "" : previous.id());
      outputs.set(
          GITHUB_DEPLOYMENT_ID,
          record.start(
              plan.commitSha(),
              in.environment(),
              "vercel:" + in.projectId(),
              plan.githubDescription(),
              plan.githubDescription()));
      DeployFrontendResult r = deploy(vercel, plan, previous, deadline);
      record.finish(
          switch (r.status()) {
            case READY -> DeploymentState.SUCCESS;
            case CREATED, PLANNED -> DeploymentState.IN_PROGRESS;
            case FAILED, TIMED_OUT -> DeploymentState.FAILURE;
          },
          r.status() == DeployFrontendResult.Status.READY
              ? "Ready: " + r.deployment().httpsUrl()
              : "Vercel deployment " + r.deployment().id() + " " + r.status().label,
          r.deployment().httpsUrl());
      finish(plan, r);
    } catch (StepFailure f) {
      // Redacted before GitHub cuts it to 140 characters: a status description is as public as the
      // log.
      record.finish(DeploymentState.FAILURE, masker.redact(f.getMessage()), null);
      if (summary.isEmpty()) {
        DeployFrontendReport.stopped(
            summary, plan, f, outputs.get(DEPLOYMENT_ID), f instanceof CreateUnanswered);
      }
      throw f;
    }
  }

  /**
   * The production deployment serving now, our rollback target. A production deploy cannot go on
   * without it (an unverified deploy could not be undone); a preview only loses the "production
   * before" line, so it warns.
   */
  private VercelDeployment previousProduction(
      VercelClient vercel, DeployFrontendInputs in, boolean dryRun)
      throws StepFailure, InterruptedException, HttpException {
    try {
      return call(() -> vercel.currentProduction(in.projectId()).orElse(null));
    } catch (StepFailure f) {
      if (dryRun && f.getCause() instanceof HttpException noAnswer) {
        // The dry run's look: no answer is an unknown (DryRunLook), not this step's failure.
        throw noAnswer;
      }
      if (in.production() || (f.getCause() instanceof VercelException v && v.isAuth())) {
        throw f;
      }
      annotations.add(
          Annotation.warning(
                  "Could not read the project's production deployment ("
                      + f.getMessage()
                      + "); deploying the preview anyway.")
              .withTitle("deploy-frontend: no production deployment read"));
      return null;
    }
  }

  private DeployFrontendPlan plan(DeployFrontendInputs in) throws StepFailure {
    boolean tree = in.outputTree() != null;
    String source = workspace.relative(tree ? in.outputTree() : in.dir());
    DeploymentFiles files;
    try {
      // The walk first: hashing then reports against the total, with quarters and the time left.
      DeploymentFiles.Walk walk =
          DeploymentFiles.walk(
              tree ? in.outputTree() : in.dir(), tree ? ".vercel/output/" : "", !tree);
      log.info(
          "Hashing the %d files (%s) of %s", walk.files(), Progress.bytes(walk.bytes()), source);
      AtomicInteger hashedFiles = new AtomicInteger();
      Progress hashing =
          Progress.ofBytes(log, clock, "Hashed", walk.bytes(), false, PROGRESS_EVERY)
              .withDetail(() -> hashedFiles.get() + " of " + walk.files() + " files");
      try (Progress.Watch watch = hashing.watch()) {
        files =
            walk.hash(
                size -> {
                  hashedFiles.incrementAndGet();
                  hashing.add(size);
                });
        hashing.finish();
      }
    } catch (IOException e) {
      throw new StepFailure(
          "Could not read the files of " + source + ": " + e.getMessage(),
          "Check that the folder is readable by the runner (files written as root by an earlier container step may not be).",
          e);
    }
    if (files.files().isEmpty()) {
      throw new StepFailure(
          "There are no files to deploy in " + source + ".",
          "Check `dir`, and that the build ran before this step.");
    }
    if (files.files().size() > DeployFrontendPlan.FILE_LIMIT) {
      throw new StepFailure(
          source
              + " holds "
              + files.files().size()
              + " files; Vercel accepts at most "
              + DeployFrontendPlan.FILE_LIMIT
              + " per deployment.",
          "Deploy the build output (`vercel build`) rather than the source folder.");
    }
    return DeployFrontendPlan.of(in, source, files, github);
  }

  private DeployFrontendResult deploy(
      VercelClient vercel, DeployFrontendPlan plan, VercelDeployment previous, Deadline deadline)
      throws Exception {
    MissingFilesUpload uploader =
        new MissingFilesUpload(vercel, MissingFilesUpload.DEFAULT_PARALLEL);
    int uploaded = 0;
    long uploadedBytes = 0;
    VercelDeployment created = null;
    for (int round = 0; created == null; round++) {
      try {
        created = vercel.createDeployment(plan.request());
      } catch (VercelException e) {
        if (!"missing_files".equals(e.code()) || round >= MAX_UPLOAD_ROUNDS) {
          throw failure(e);
        }
        log.info(
            "Vercel lacks %d of %d distinct contents; uploading only those.",
            e.missing().size(), plan.files().distinct());
        MissingFilesUpload.Uploaded up = upload(uploader, plan, e.missing());
        uploaded += up.count();
        uploadedBytes += up.bytes();
      } catch (IOException e) {
        // No answer to a POST: Vercel may or may not have created it, and creating it twice is not
        // harmless.
        throw new CreateUnanswered(
            "Could not create the Vercel deployment: " + e.getMessage(),
            "Check the project's deployments in Vercel (one may have been created), `api-url` and the runner's network, then run the job again.",
            e);
      }
    }
    VercelDeployment d = created;
    int reused = plan.files().distinct() - uploaded;
    outputs.set(DEPLOYMENT_ID, d.id());
    outputs.set(URL, d.httpsUrl());
    outputs.set(INSPECTOR_URL, d.inspectorUrl());
    outputs.set(UPLOADED_FILES, uploaded);
    outputs.set(REUSED_FILES, reused);
    log.info("Created %s: %s (uploaded %d, reused %d)", d.id(), d.httpsUrl(), uploaded, reused);
    if (!plan.inputs().waitForReady()) {
      return new DeployFrontendResult(
          DeployFrontendResult.Status.CREATED,
          d,
          List.of(),
          uploaded,
          reused,
          uploadedBytes,
          previous,
          null,
          List.of());
    }
    DeploymentWatch.Watched w;
    try {
      w = new DeploymentWatch(vercel, clock, log).await(d, deadline.remaining());
    } catch (IOException e) {
      StepFailure lost =
          e instanceof VercelException v
              ? failure(v)
              : new StepFailure(
                  "Could not reach Vercel: " + e.getMessage(),
                  "Check `api-url` and the runner's network, then run the job again.",
                  e);
      if (!plan.inputs().production()) {
        throw lost;
      }
      // We can no longer tell whether it goes live: it must not serve production unverified.
      UnverifiedDeploymentGuard.Undo undo = guard(plan).stop(d, previous, true);
      throw new StepFailure(
          "Lost track of Vercel deployment "
              + d.id()
              + " while waiting for it: "
              + lost.getMessage()
              + " "
              + undo.text(),
          lost.hint(),
          e);
    }
    return switch (w.ending()) {
      case READY ->
          new DeployFrontendResult(
              DeployFrontendResult.Status.READY,
              w.deployment(),
              assignAliases(vercel, plan, w.deployment()),
              uploaded,
              reused,
              uploadedBytes,
              previous,
              null,
              List.of());
      case FAILED ->
          new DeployFrontendResult(
              DeployFrontendResult.Status.FAILED,
              w.deployment(),
              List.of(),
              uploaded,
              reused,
              uploadedBytes,
              previous,
              null,
              buildLog(vercel, w.deployment()));
      case TIMED_OUT ->
          new DeployFrontendResult(
              DeployFrontendResult.Status.TIMED_OUT,
              w.deployment(),
              List.of(),
              uploaded,
              reused,
              uploadedBytes,
              previous,
              guard(plan).stop(w.deployment(), previous, plan.inputs().production()),
              List.of());
    };
  }

  /**
   * The guard runs after the deadline may have passed: its calls get {@link #WRAP_UP} of their own.
   */
  private UnverifiedDeploymentGuard guard(DeployFrontendPlan plan) {
    DeployFrontendInputs in = plan.inputs();
    VercelClient wrapUp =
        new VercelClient(
            http.within(Deadline.after(clock, WRAP_UP)),
            in.apiUrl(),
            in.token(),
            in.teamId(),
            masker);
    return new UnverifiedDeploymentGuard(wrapUp, in.projectId(), log);
  }

  /**
   * Uploads what Vercel lacks; a content it asks for that we do not have is not a network problem.
   */
  private MissingFilesUpload.Uploaded upload(
      MissingFilesUpload uploader, DeployFrontendPlan plan, List<String> missing)
      throws StepFailure, InterruptedException {
    List<String> shas = missing.stream().distinct().toList();
    long total =
        shas.stream()
            .map(plan.files().sources()::get)
            .filter(Objects::nonNull)
            .mapToLong(DeploymentFiles.Source::size)
            .sum();
    int reused = plan.files().distinct() - shas.size();
    AtomicInteger sentFiles = new AtomicInteger();
    Progress sending =
        Progress.ofBytes(log, clock, "Uploaded", total, false, PROGRESS_EVERY)
            .withDetail(
                () ->
                    sentFiles.get()
                        + " of "
                        + shas.size()
                        + " files; "
                        + reused
                        + " reused, not uploaded");
    try (Progress.Watch watch = sending.watch()) {
      MissingFilesUpload.Uploaded up =
          call(
              () ->
                  uploader.upload(
                      plan.files(),
                      shas,
                      size -> {
                        sentFiles.incrementAndGet();
                        sending.add(size);
                      }));
      sending.finish();
      return up;
    } catch (StepFailure f) {
      if (f.getCause() instanceof MissingFilesUpload.UnknownFile u) {
        throw new StepFailure(
            u.getMessage() + ".",
            "The files of "
                + plan.source()
                + " changed while deploying, or Vercel's answer was wrong: make sure nothing writes into `dir` during this step, then run the job again.",
            u);
      }
      throw f;
    }
  }

  private List<String> assignAliases(
      VercelClient vercel, DeployFrontendPlan plan, VercelDeployment d) throws Exception {
    List<String> done = new ArrayList<>();
    for (String alias : plan.inputs().aliases()) {
      call(
          () -> {
            vercel.assignAlias(d.id(), alias);
            return null;
          });
      done.add(alias);
      log.info("Assigned https://%s to %s", alias, d.id());
      outputs.set(ALIASES, List.copyOf(done));
    }
    return List.copyOf(done);
  }

  /**
   * The tail of a failed build's log, shown fenced in the job log; a read failure only costs the
   * excerpt.
   */
  private List<String> buildLog(VercelClient vercel, VercelDeployment d)
      throws InterruptedException {
    try {
      List<String> lines = vercel.buildLog(d.id(), BUILD_LOG_LINES);
      log.info("The last %d lines of the build log of %s:", lines.size(), d.id());
      log.untrusted(String.join("\n", lines));
      return lines;
    } catch (IOException e) {
      log.info("Could not read the build log of %s: %s", d.id(), e.getMessage());
      return List.of();
    }
  }

  private void finish(DeployFrontendPlan plan, DeployFrontendResult r) throws StepFailure {
    comment(plan, r);
    DeployFrontendReport.summary(summary, plan, r);
    switch (r.status()) {
      case FAILED ->
          throw new StepFailure(
              "Vercel deployment " + r.deployment().id() + " failed: " + r.failureReason() + ".",
              "Open the inspector for the build log: " + r.deployment().inspectorUrl());
      case TIMED_OUT ->
          throw new StepFailure(
              "Vercel deployment "
                  + r.deployment().id()
                  + " was not ready within "
                  + plan.inputs().timeout().toSeconds()
                  + "s. "
                  + r.undo().text(),
              DeployFrontendReport.timeoutText(plan, r));
      default ->
          log.info(
              "Vercel deployment %s is %s: %s",
              r.deployment().id(), r.status().label, r.visitUrl());
    }
  }

  /**
   * The pull request comment is a courtesy: failing to write it warns, it never fails the
   * deployment.
   */
  private void comment(DeployFrontendPlan plan, DeployFrontendResult r) {
    if (plan.pullRequest() == null) {
      return;
    }
    if (plan.inputs().githubToken() == null || github.repository() == null) {
      log.info("No github-token (or no repository): skipping the pull request comment.");
      return;
    }
    try {
      Http bounded = http.within(Deadline.after(clock, WRAP_UP));
      var comments =
          new PullRequestComments(
              GitHubApi.connect(github.apiUrl(), plan.inputs().githubToken(), clock, log, bounded),
              github.graphqlUrl(),
              plan.inputs().githubToken(),
              bounded);
      var written =
          comments.upsert(
              github.repository(),
              plan.pullRequest(),
              DeployFrontendReport.marker(plan.inputs().projectId()),
              masker.redact(
                  DeployFrontendReport.comment(
                      plan, r, github.pr().get().headSha(), github.runUrl())));
      log.info(
          "Pull request #%d comment %s: %s",
          plan.pullRequest(),
          written.outcome().name().toLowerCase(java.util.Locale.ROOT),
          written.htmlUrl());
    } catch (PullRequestComments.GitHubCommentException e) {
      annotations.add(
          Annotation.warning(e.getMessage() + ". " + e.hint())
              .withTitle("deploy-frontend: no pull request comment"));
    } catch (IOException e) {
      annotations.add(
          Annotation.warning(
                  "Could not set up the GitHub client: "
                      + e.getMessage()
                      + ". The deploy is not affected; check GITHUB_API_URL and `github-token`.")
              .withTitle("deploy-frontend: no pull request comment"));
    }
  }

  /** A Vercel call whose error becomes the user's failure message. */
  private <T> T call(VercelCall<T> c) throws StepFailure, InterruptedException {
    try {
      return c.run();
    } catch (VercelException e) {
      throw failure(e);
    } catch (IOException e) {
      throw new StepFailure(
          "Could not reach Vercel: " + e.getMessage(),
          "Check `api-url` and the runner's network, then run the job again.",
          e);
    }
  }

  private static StepFailure failure(VercelException e) {
    return ProviderAdvice.failure(e);
  }

  /**
   * No answer to the create call: Vercel may or may not have created the deployment (the summary
   * says so).
   */
  private static final class CreateUnanswered extends StepFailure {
    CreateUnanswered(String message, String hint, Throwable cause) {
      super(message, hint, cause);
    }
  }

  @FunctionalInterface
  private interface VercelCall<T> {
    T run() throws IOException, InterruptedException;
  }
}
