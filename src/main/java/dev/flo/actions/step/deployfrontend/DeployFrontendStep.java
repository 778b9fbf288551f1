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
import dev.flo.actions.runtime.runner.Secret;
import dev.flo.actions.runtime.runner.StepSummary;
import dev.flo.actions.step.common.GitHubDeployment;
import dev.flo.actions.step.common.ProviderAdvice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

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
    plan.facts().forEach(log::info);
    // `timeout` bounds the whole step (every call, upload and poll); stopping a deployment that
    // timed out gets a short budget of its own (guard()).
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
        dryRun(vercel, plan);
        return;
      }
      finish(plan, execute(vercel, record, plan, deadline));
    } catch (StepFailure f) {
      // Redacted before GitHub cuts it to 140 characters: a status description is as public as the
      // log.
      record.finish(DeploymentState.FAILURE, masker.redact(String.valueOf(f.getMessage())), null);
      if (summary.isEmpty()) {
        DeployFrontendReport.stopped(
            summary, plan, f, outputs.get(DEPLOYMENT_ID), f instanceof CreateUnanswered);
      }
      throw f;
    }
  }

  /** Prints the plan's actions and reads only the production deployment (the rollback target). */
  private void dryRun(VercelClient vercel, DeployFrontendPlan plan) throws Exception {
    List<FrontendAction> actions = plan.actions();
    for (int i = 0; i < actions.size(); i++) {
      log.info(DeployFrontendPlan.numbered(i, actions.size(), actions.get(i)));
    }
    DryRunLook.Seen<VercelDeployment> seen =
        DryRunLook.look(
            "the project's production deployment on Vercel",
            annotations,
            () -> previousProduction(vercel, plan.inputs(), true));
    @Nullable VercelDeployment previous =
        seen instanceof DryRunLook.Seen.Known<VercelDeployment> k ? k.value() : null;
    outputs.set(PREVIOUS_DEPLOYMENT_ID, previous == null ? "" : previous.id());
    if (seen instanceof DryRunLook.Seen.Unknown<VercelDeployment> u) {
      log.info("Production before: unknown (Vercel did not answer: %s).", String.valueOf(u.why()));
    }
    DeployFrontendReport.summary(summary, plan, DeployFrontendResult.planned(previous));
    log.info("Dry-run: no file uploaded, no deployment created.");
  }

  /**
   * Executes the plan's actions in order, printing each as it starts (as the dry run prints them).
   * The result so far is the only thing one action hands the next.
   */
  private DeployFrontendResult execute(
      VercelClient vercel, GitHubDeployment record, DeployFrontendPlan plan, Deadline deadline)
      throws Exception {
    DeployFrontendInputs in = plan.inputs();
    List<FrontendAction> actions = plan.actions();
    @Nullable VercelDeployment previous = null;
    @Nullable Creation creation = null;
    @Nullable DeployFrontendResult r = null;
    List<String> assigned = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      FrontendAction action = actions.get(i);
      log.info(DeployFrontendPlan.numbered(i, actions.size(), action));
      switch (action) {
        case FrontendAction.ReadProduction read -> {
          previous = previousProduction(vercel, in, false);
          outputs.set(PREVIOUS_DEPLOYMENT_ID, previous == null ? "" : previous.id());
        }
        case FrontendAction.StartGitHubDeployment start ->
            outputs.set(
                GITHUB_DEPLOYMENT_ID,
                record.start(
                    plan.commitSha(),
                    start.environment(),
                    "vercel:" + in.projectId(),
                    plan.githubDescription(),
                    plan.githubDescription()));
        case FrontendAction.CreateDeployment create -> {
          creation = create(vercel, plan);
          if (creation instanceof Creation.Created c) {
            r = created(plan, c.deployment(), new MissingFilesUpload.Uploaded(0, 0), previous);
          }
        }
        case FrontendAction.UploadMissingFiles upload -> {
          if (Objects.requireNonNull(creation, "the plan creates before it uploads")
              instanceof Creation.Missing m) {
            UploadedAndCreated done = uploadAndCreate(vercel, plan, upload, m.shas());
            r = created(plan, done.deployment(), done.uploaded(), previous);
          }
        }
        case FrontendAction.AwaitReady await ->
            r =
                await(
                    vercel,
                    plan,
                    Objects.requireNonNull(r, "the plan creates before it waits"),
                    deadline);
        case FrontendAction.AssignAlias alias -> {
          DeployFrontendResult ready = Objects.requireNonNull(r, "the plan waits before aliases");
          if (ready.status() == DeployFrontendResult.Status.READY) {
            assignAlias(vercel, ready.created(), alias.alias());
            assigned.add(alias.alias());
            outputs.set(ALIASES, List.copyOf(assigned));
            r = ready.withAliases(assigned);
          } else {
            log.info("Skipped: the deployment did not become ready (%s).", ready.status().label);
          }
        }
        case FrontendAction.FinishGitHubDeployment finish -> {
          DeployFrontendResult done =
              Objects.requireNonNull(r, "the plan creates before it finishes");
          record.finish(
              switch (done.status()) {
                case READY -> DeploymentState.SUCCESS;
                case CREATED, PLANNED -> DeploymentState.IN_PROGRESS;
                case FAILED, TIMED_OUT -> DeploymentState.FAILURE;
              },
              done.status() == DeployFrontendResult.Status.READY
                  ? "Ready: " + done.created().httpsUrl()
                  : "Vercel deployment " + done.created().id() + " " + done.status().label,
              done.created().httpsUrl());
        }
        case FrontendAction.CommentOnPullRequest comment ->
            comment(
                plan,
                Objects.requireNonNull(r, "the plan creates before it comments"),
                comment.number());
      }
    }
    return Objects.requireNonNull(r, "every plan creates a deployment");
  }

  /** What the first create call got: the deployment, or the contents Vercel lacks. */
  private sealed interface Creation {
    record Created(VercelDeployment deployment) implements Creation {}

    record Missing(List<String> shas) implements Creation {}
  }

  private record UploadedAndCreated(
      VercelDeployment deployment, MissingFilesUpload.Uploaded uploaded) {}

  private Creation create(VercelClient vercel, DeployFrontendPlan plan)
      throws StepFailure, InterruptedException {
    try {
      return new Creation.Created(createOnce(vercel, plan));
    } catch (VercelException e) {
      if (!"missing_files".equals(e.code())) {
        throw failure(e);
      }
      return new Creation.Missing(e.missing());
    }
  }

  /**
   * Uploads what Vercel lacks and creates again, for at most the plan's rounds; a content still
   * missing then means Vercel's answer is wrong.
   */
  private UploadedAndCreated uploadAndCreate(
      VercelClient vercel,
      DeployFrontendPlan plan,
      FrontendAction.UploadMissingFiles action,
      List<String> firstMissing)
      throws StepFailure, InterruptedException {
    MissingFilesUpload uploader =
        new MissingFilesUpload(vercel, MissingFilesUpload.DEFAULT_PARALLEL);
    int uploaded = 0;
    long uploadedBytes = 0;
    List<String> missing = firstMissing;
    for (int round = 0; ; round++) {
      log.info(
          "Vercel lacks %d of %d distinct contents; uploading only those.",
          missing.size(), plan.files().distinct());
      MissingFilesUpload.Uploaded up = upload(uploader, plan, missing);
      uploaded += up.count();
      uploadedBytes += up.bytes();
      try {
        return new UploadedAndCreated(
            createOnce(vercel, plan), new MissingFilesUpload.Uploaded(uploaded, uploadedBytes));
      } catch (VercelException e) {
        if (!"missing_files".equals(e.code()) || round + 1 >= action.rounds()) {
          throw failure(e);
        }
        missing = e.missing();
      }
    }
  }

  /**
   * One create call. No answer to it is its own failure: Vercel may or may not have created the
   * deployment, and creating it twice is not harmless. An answer without an id is not one we can
   * follow.
   */
  private VercelDeployment createOnce(VercelClient vercel, DeployFrontendPlan plan)
      throws StepFailure, VercelException, InterruptedException {
    VercelDeployment d;
    try {
      d = vercel.createDeployment(plan.request());
    } catch (VercelException e) {
      throw e;
    } catch (IOException e) {
      throw new CreateUnanswered(
          "Could not create the Vercel deployment: " + e.getMessage(),
          "Check the project's deployments in Vercel (one may have been created), `api-url` and the runner's network, then run the job again.",
          e);
    }
    if (d.id() == null) {
      throw new StepFailure(
          "Vercel answered the create call of project "
              + plan.inputs().projectId()
              + " without a deployment id, so it cannot be followed.",
          "Check the project's deployments in Vercel (one may have been created) and `api-url` (it must be Vercel's API), then run the job again.");
    }
    return d;
  }

  /** The deployment is created: its outputs are set and the result starts from it. */
  private DeployFrontendResult created(
      DeployFrontendPlan plan,
      VercelDeployment d,
      MissingFilesUpload.Uploaded uploaded,
      @Nullable VercelDeployment previous) {
    int reused = plan.files().distinct() - uploaded.count();
    outputs.set(DEPLOYMENT_ID, d.id());
    outputs.set(URL, d.httpsUrl());
    outputs.set(INSPECTOR_URL, d.inspectorUrl());
    outputs.set(UPLOADED_FILES, uploaded.count());
    outputs.set(REUSED_FILES, reused);
    log.info(
        "Created %s: %s (uploaded %d, reused %d)",
        id(d), String.valueOf(d.httpsUrl()), uploaded.count(), reused);
    return DeployFrontendResult.created(d, uploaded.count(), reused, uploaded.bytes(), previous);
  }

  /** The id of a deployment we created ({@link #createOnce} checked Vercel gave one). */
  private static String id(VercelDeployment created) {
    return Objects.requireNonNull(created.id(), "createOnce checks the created deployment's id");
  }

  /**
   * Waits for READY; a build that failed gets its log's tail, one still building at the timeout is
   * stopped from going live unverified, and so is a production deployment we lost track of.
   */
  private DeployFrontendResult await(
      VercelClient vercel, DeployFrontendPlan plan, DeployFrontendResult r, Deadline deadline)
      throws Exception {
    VercelDeployment d = r.created();
    String id = id(d);
    DeploymentWatch.Watched w;
    try {
      w = new DeploymentWatch(vercel, clock, log).await(id, d, deadline.remaining());
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
      UnverifiedDeploymentGuard.Undo undo = guard(plan).stop(id, d, r.previous(), true);
      throw new StepFailure(
          "Lost track of Vercel deployment "
              + id
              + " while waiting for it: "
              + lost.getMessage()
              + " "
              + undo.text(),
          lost.hint(),
          e);
    }
    return switch (w.ending()) {
      case READY -> r.ended(DeployFrontendResult.Status.READY, w.deployment(), null, List.of());
      case FAILED ->
          r.ended(DeployFrontendResult.Status.FAILED, w.deployment(), null, buildLog(vercel, id));
      case TIMED_OUT ->
          r.ended(
              DeployFrontendResult.Status.TIMED_OUT,
              w.deployment(),
              guard(plan).stop(id, w.deployment(), r.previous(), plan.inputs().production()),
              List.of());
    };
  }

  /**
   * The production deployment serving now, our rollback target. A production deploy cannot go on
   * without it (an unverified deploy could not be undone); a preview only loses the "production
   * before" line, so it warns.
   */
  private @Nullable VercelDeployment previousProduction(
      VercelClient vercel, DeployFrontendInputs in, boolean dryRun)
      throws StepFailure, InterruptedException, HttpException {
    try {
      // Only one with an id can be rolled back to (or named).
      return call(() -> vercel.currentProduction(in.projectId()))
          .filter(d -> d.id() != null)
          .orElse(null);
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
    Path outputTree = in.outputTree();
    boolean tree = outputTree != null;
    Path root = outputTree != null ? outputTree : in.dir();
    String source = workspace.relative(root);
    DeploymentFiles files;
    try {
      // The walk first: hashing then reports against the total, with quarters and the time left.
      DeploymentFiles.Walk walk = DeploymentFiles.walk(root, tree ? ".vercel/output/" : "", !tree);
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

  private void assignAlias(VercelClient vercel, VercelDeployment d, String alias)
      throws StepFailure, InterruptedException {
    String id = id(d);
    call(
        () -> {
          vercel.assignAlias(id, alias);
          return alias;
        });
    log.info("Assigned https://%s to %s", alias, id);
  }

  /**
   * The tail of a failed build's log, shown fenced in the job log; a read failure only costs the
   * excerpt.
   */
  private List<String> buildLog(VercelClient vercel, String id) throws InterruptedException {
    try {
      List<String> lines = vercel.buildLog(id, BUILD_LOG_LINES);
      log.info("The last %d lines of the build log of %s:", lines.size(), id);
      log.untrusted(String.join("\n", lines));
      return lines;
    } catch (IOException e) {
      log.info("Could not read the build log of %s: %s", id, String.valueOf(e.getMessage()));
      return List.of();
    }
  }

  /** The summary, and the step's end: a failed or timed-out deployment fails the step. */
  private void finish(DeployFrontendPlan plan, DeployFrontendResult r) throws StepFailure {
    DeployFrontendReport.summary(summary, plan, r);
    String id = id(r.created());
    switch (r.status()) {
      case FAILED ->
          throw new StepFailure(
              "Vercel deployment " + id + " failed: " + r.failureReason() + ".",
              "Open the inspector for the build log: " + r.created().inspectorUrl());
      case TIMED_OUT ->
          throw new StepFailure(
              "Vercel deployment "
                  + id
                  + " was not ready within "
                  + plan.inputs().timeout().toSeconds()
                  + "s. "
                  + Objects.requireNonNull(r.undo(), "a timed-out deployment is stopped").text(),
              DeployFrontendReport.timeoutText(plan, r));
      default -> log.info("Vercel deployment %s is %s: %s", id, r.status().label, r.visitUrl());
    }
  }

  /**
   * The pull request comment is a courtesy: failing to write it warns, it never fails the
   * deployment.
   */
  private void comment(DeployFrontendPlan plan, DeployFrontendResult r, int pullRequest) {
    Secret token = plan.inputs().githubToken();
    String repository = github.repository();
    if (token == null || repository == null) {
      log.info("No github-token (or no repository): skipping the pull request comment.");
      return;
    }
    try {
      Http bounded = http.within(Deadline.after(clock, WRAP_UP));
      var comments =
          new PullRequestComments(
              GitHubApi.connect(github.apiUrl(), token, clock, log, bounded),
              github.graphqlUrl(),
              token,
              bounded);
      var written =
          comments.upsert(
              repository,
              pullRequest,
              DeployFrontendReport.marker(plan.inputs().projectId()),
              masker.redact(
                  DeployFrontendReport.comment(
                      plan,
                      r,
                      github.pr().map(GitHubContext.PullRequest::headSha).orElse(null),
                      github.runUrl())));
      log.info(
          "Pull request #%d comment %s: %s",
          pullRequest,
          written.outcome().name().toLowerCase(java.util.Locale.ROOT),
          String.valueOf(written.htmlUrl()));
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
