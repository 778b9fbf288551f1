package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.DurationText;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Ships the halves in the planned order and, when a deploy or a check fails or the job is
 * cancelled, rolls back every half that went live in this run to the deploy that served before it,
 * and waits until that serves again.
 */
final class Release {
  /**
   * How long a rollback may wait after a cancel: the runner kills the container 10 s after its
   * first signal (runtime-contract.md §1.2), and the Slack update and the runner files still need a
   * moment after it.
   */
  static final Duration CANCEL_BUDGET = Duration.ofSeconds(6);

  /** One half as this run left it. */
  static final class HalfRun {
    final Half half;
    volatile @Nullable PhaseResult deploy;
    volatile @Nullable PhaseResult verify;
    volatile @Nullable PhaseResult rollback;
    volatile boolean live;
    volatile @Nullable String rollbackProblem;

    HalfRun(Half half) {
      this.half = half;
    }

    @Nullable PhaseResult failed() {
      return deploy != null && !deploy.ok()
          ? deploy
          : verify != null && !verify.ok() ? verify : null;
    }
  }

  private final DeployPlan plan;
  private final PhaseRunner runner;
  private final Timeline timeline;
  private final Map<Half, HalfRun> halves = new EnumMap<>(Half.class);
  private final AtomicBoolean cancelled = new AtomicBoolean();

  Release(DeployPlan plan, PhaseRunner runner, Timeline timeline) {
    this.plan = plan;
    this.runner = runner;
    this.timeline = timeline;
    plan.waves().forEach(w -> w.forEach(h -> halves.put(h, new HalfRun(h))));
  }

  Map<Half, HalfRun> halves() {
    return halves;
  }

  private HalfRun run(Half h) {
    return Objects.requireNonNull(halves.get(h), "every planned half has a run");
  }

  boolean cancelled() {
    return cancelled.get();
  }

  /**
   * Deploys and checks wave after wave; stops at the first wave with a failure. Returns true when
   * all is well.
   */
  boolean ship() {
    for (List<Half> wave : plan.waves()) {
      if (Thread.interrupted()) {
        cancelled.set(true);
        return false;
      }
      if (wave.size() == 1) {
        ship(run(wave.getFirst()), runner);
      } else {
        shipTogether(wave);
      }
      if (cancelled.get() || wave.stream().anyMatch(h -> run(h).failed() != null)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Both halves at once, each on its own thread; a cancel interrupts both and waits for them to
   * stop.
   */
  private void shipTogether(List<Half> wave) {
    PhaseRunner together = runner.ungrouped();
    if (!together(wave.stream().<Runnable>map(h -> () -> ship(run(h), together)).toList())) {
      cancelled.set(true);
    }
  }

  /**
   * Runs {@code jobs} on threads of their own and waits for all of them. Returns false when
   * interrupted while waiting: the jobs are interrupted in turn and get two seconds to stop.
   */
  private static boolean together(List<Runnable> jobs) {
    List<Thread> threads = jobs.stream().map(j -> Thread.ofVirtual().start(j)).toList();
    try {
      for (Thread t : threads) {
        t.join();
      }
      return true;
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread t : threads) {
        try {
          t.join(Duration.ofSeconds(2));
        } catch (InterruptedException again) {
          // A second signal: the jobs were told to stop already.
        }
      }
      return false;
    }
  }

  private void ship(HalfRun run, PhaseRunner runner) {
    Phase deploy = run.half.deploy(plan.phases());
    run.deploy =
        timeline.add(runner.run(deploy, run.half.label() + " deploy", plan.inputs(deploy)));
    noteCancel(run.deploy);
    if (!run.deploy.ok()) {
      // Render, Railway and Vercel keep the old release serving until a new one is healthy; Compose
      // replaces the
      // containers in place, so a failed Compose deploy with a release before it is live and must
      // be rolled back.
      run.live =
          plan.replacesInPlace(run.half) && run.deploy.output(run.half.previousOutput) != null;
      return;
    }
    // A frontend preview never serves production, so it has nothing to undo.
    run.live =
        run.half == Half.BACKEND
            || "production".equals(plan.inputs(deploy).get(Wiring.FRONTEND_TARGET.name()));
    Phase verify = run.half.verify(plan.phases());
    if (!plan.runs(verify) || cancelled.get()) {
      return;
    }
    Map<String, String> check = new LinkedHashMap<>(plan.inputs(verify));
    String url = Wiring.VERIFY_URL.name();
    if (!check.containsKey(url) && run.deploy.output(Wiring.DEPLOYED_URL.name()) == null) {
      // A dry run creates no deployment, so there is no URL of it to check.
      return;
    }
    check.putIfAbsent(url, run.deploy.output(Wiring.DEPLOYED_URL.name()));
    run.verify = timeline.add(runner.run(verify, run.half.label() + " check", check));
    noteCancel(run.verify);
  }

  private void noteCancel(PhaseResult r) {
    if (r.cancelled()) {
      cancelled.set(true);
    }
  }

  /**
   * Rolls back every half that went live, to the deploy its step reported as serving before (never
   * a guess), and waits for it; both halves at once, so that after a cancel both fit in {@link
   * #CANCEL_BUDGET}.
   */
  void rollBack(String reason) {
    // The cancel that brought us here must not also stop the rollback's own requests.
    Thread.interrupted();
    List<HalfRun> live = halves.values().stream().filter(r -> r.live).toList();
    if (live.size() == 1) {
      rollBack(live.getFirst(), reason, runner);
    } else if (live.size() > 1) {
      PhaseRunner together = runner.ungrouped();
      together(live.stream().<Runnable>map(r -> () -> rollBack(r, reason, together)).toList());
    }
  }

  private void rollBack(HalfRun run, String reason, PhaseRunner runner) {
    PhaseResult deployed = Objects.requireNonNull(run.deploy, "a live half was deployed");
    String previous = deployed.output(run.half.previousOutput);
    String id = deployed.output(run.half.idOutput);
    if (previous == null) {
      run.rollbackProblem =
          id == null
              ? "the "
                  + run.half.label()
                  + " deploy reports no deploy ids (a deploy hook cannot be followed), so flo-actions cannot tell what to restore."
              : "no "
                  + run.half.label()
                  + " deploy served before "
                  + id
                  + " (its deploy step reported none), so there is nothing to restore.";
      return;
    }
    Phase rollback = plan.phases().rollbackOf(run.half);
    Map<String, String> v = new LinkedHashMap<>();
    Map<String, String> own = plan.inputs(run.half.deploy(plan.phases()));
    for (InputDef i : rollback.step().inputs()) {
      if (own.containsKey(i.name()) && !rollback.driven().contains(i.name())) {
        v.put(i.name(), own.get(i.name()));
      }
    }
    if (run.half.rollbackProvider != null) {
      v.put(Wiring.ROLLBACK_PROVIDER.name(), run.half.rollbackProvider);
    }
    v.put(Wiring.ROLLBACK_TO.name(), previous);
    v.put(Wiring.ROLLBACK_DEPLOY_ID.name(), id);
    v.put(Wiring.ROLLBACK_REASON.name(), reason);
    v.put(
        Wiring.ROLLBACK_GITHUB_DEPLOYMENT_ID.name(),
        deployed.output(Wiring.GITHUB_DEPLOYMENT_ID.name()));
    if (cancelled.get()) {
      String timeout = Wiring.ROLLBACK_TIMEOUT.name();
      Duration wait = v.containsKey(timeout) ? Inputs.parseDuration(v.get(timeout)) : null;
      v.put(
          timeout,
          DurationText.exact(
              wait == null || wait.compareTo(CANCEL_BUDGET) > 0 ? CANCEL_BUDGET : wait));
    }
    PhaseResult rolledBack = timeline.add(runner.run(rollback, run.half.label() + " rollback", v));
    run.rollback = rolledBack;
    if (!rolledBack.ok()) {
      run.rollbackProblem = rolledBack.failureMessage();
    }
  }
}
