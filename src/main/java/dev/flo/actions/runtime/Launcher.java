package dev.flo.actions.runtime;

import dev.flo.actions.runtime.cli.CommandLine;
import dev.flo.actions.runtime.http.Http;
import dev.flo.actions.runtime.http.RunnerProxy;
import dev.flo.actions.runtime.http.TlsWarmUp;
import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.FileCommand;
import dev.flo.actions.runtime.runner.GitHubContext;
import dev.flo.actions.runtime.runner.LibraryLogging;
import dev.flo.actions.runtime.runner.Log;
import dev.flo.actions.runtime.runner.Masker;
import dev.flo.actions.runtime.runner.StepSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one step the way the runner expects: inputs from {@code INPUT_*} (or {@code --flags}),
 * secrets masked first, outputs, annotations and the summary written when the step ends however it
 * ends, exit code 0 or 1. The only class besides {@code Main} that reads the process environment or
 * decides the exit code.
 */
public final class Launcher {
  private static final String ISSUES = "https://github.com/flo-actions/flo-actions/issues";
  private final List<StepDefinition> steps;
  private final PrintStream out;
  private final Clock clock;
  private final Supplier<String> delimiters;
  private Consumer<Thread> addHook = Runtime.getRuntime()::addShutdownHook;
  private Consumer<Thread> removeHook = Runtime.getRuntime()::removeShutdownHook;
  private java.util.function.BooleanSupplier terminal =
      () -> System.console() != null && System.console().isTerminal();

  /**
   * How long the shutdown hook lets a cancelled step wind down (a deploy rolls back) before it
   * writes the runner files itself: the runner sends SIGINT, SIGTERM 7.5 s later and kills 2.5 s
   * after that (runtime-contract.md §1.2).
   */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(7);

  public Launcher(
      List<StepDefinition> steps, PrintStream out, Clock clock, Supplier<String> delimiters) {
    this.steps = steps;
    this.out = out;
    this.clock = clock;
    this.delimiters = delimiters;
  }

  /**
   * Where the cancel hook goes instead of the JVM's shutdown hooks, so a test can play the runner's
   * signal.
   */
  Launcher withShutdownHooks(Consumer<Thread> add, Consumer<Thread> remove) {
    this.addHook = add;
    this.removeHook = remove;
    return this;
  }

  /**
   * Whether stdout is a terminal (colour, and progress updating one line in place, on the command
   * line); a test plays one.
   */
  Launcher withTerminal(boolean isTerminal) {
    this.terminal = () -> isTerminal;
    return this;
  }

  /**
   * Standard output is a terminal (a run from the command line): colour, and progress updates one
   * line in place.
   */
  public Launcher onTerminal(boolean isTerminal) {
    return withTerminal(isTerminal);
  }

  public static Supplier<String> randomDelimiters() {
    return () -> "ghadelimiter_" + UUID.randomUUID();
  }

  /**
   * Runs {@code args} ({@code <step> [--input value]...}) against {@code processEnv}; returns the
   * exit code.
   */
  public int run(String[] args, Map<String, String> processEnv) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args, processEnv, steps);
    } catch (CommandLine.UsageError e) {
      out.println(
          render(
              Annotation.error(e.getMessage()).withTitle("flo-actions"),
              new Masker(null),
              processEnv));
      return 1;
    }
    if (cli.help() != null) {
      out.print(cli.help());
      return 0;
    }
    return runStep(
        java.util.Objects.requireNonNull(cli.step(), "a command line without help names a step"),
        cli.env());
  }

  int runStep(StepDefinition def, Map<String, String> env) {
    // Before anything else, so TLS is set up on the second core while the step gets going.
    TlsWarmUp.startFor(def.inputs(), env);
    Masker masker = new Masker(out, "true".equals(env.get("GITHUB_ACTIONS")));
    // Secrets first: nothing may be printed before the runner knows what to hide.
    for (InputDef input : def.inputs()) {
      if (input.secret()) {
        String v = env.get(InputDef.envName(input.name()));
        if (v != null && !v.isBlank()) {
          masker.mask(v.strip());
        }
      }
    }
    boolean debug = "1".equals(env.get("RUNNER_DEBUG"));
    boolean plain = !"true".equals(env.get("GITHUB_ACTIONS"));
    // On a runner stdout is a pipe anyway; GITHUB_ACTIONS guards a runner whose output is a
    // pseudo-terminal.
    Log log =
        new Log(
            out,
            masker,
            debug,
            () -> UUID.randomUUID().toString().replace("-", ""),
            plain,
            plain && terminal.getAsBoolean());
    LibraryLogging.routeTo(log);
    Outputs outputs = new Outputs(def);
    StepSummary summary = new StepSummary();
    Annotations annotations = new Annotations();
    GitHubContext github = GitHubContext.fromEnv(env);
    Http http = Http.create(RunnerProxy.fromEnv(env), clock, log, true);
    Toolkit kit =
        new Toolkit(
            Map.copyOf(env),
            log,
            masker,
            outputs,
            summary,
            annotations,
            clock,
            http,
            github,
            new Workspace(github.workspace()));

    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    Thread stepThread = Thread.currentThread();
    // The runner sends SIGINT/SIGTERM on cancel and kills 10 s later: interrupt the step so it
    // stops waiting and
    // winds down (a deploy rolls back), give it CANCEL_GRACE, and write outputs and the summary
    // either way.
    Thread hook =
        new Thread(
            () -> {
              cancelled.set(true);
              stepThread.interrupt();
              try {
                ended.await(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // Never wait on a wedged step for the files either: a hook that does not return keeps
              // the JVM from exiting.
              bounded(
                  HOOK_BUDGET,
                  () ->
                      report(
                          def,
                          masker,
                          env,
                          finish(
                              def,
                              kit,
                              env,
                              finished,
                              "The step was cancelled before it finished.")));
            });
    addHook.accept(hook);
    // Memory held back so that, after an OutOfMemoryError, there is room to write the outputs and
    // the annotation.
    byte[][] reserve = {new byte[RESERVE_BYTES]};
    // An Error in another thread (an HTTP client's, a pool's) would otherwise die silently while
    // this one waits.
    AtomicReference<String> fatal = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          if (e instanceof Error
              && fatal.compareAndSet(
                  null,
                  e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                      + " in thread "
                      + t.getName())) {
            reserve[0] = null;
            stepThread.interrupt();
          }
        });
    try {
      return runStep(
          def, env, kit, masker, debug, hook, finished, cancelled, fatal, reserve, previous);
    } finally {
      ended.countDown();
    }
  }

  private int runStep(
      StepDefinition def,
      Map<String, String> env,
      Toolkit kit,
      Masker masker,
      boolean debug,
      Thread hook,
      AtomicBoolean finished,
      AtomicBoolean cancelled,
      AtomicReference<String> fatal,
      byte[][] reserve,
      Thread.UncaughtExceptionHandler previous) {
    Log log = kit.log();
    Annotations annotations = kit.annotations();
    int code = 0;
    try {
      kit.start(def);
    } catch (StepFailure f) {
      annotations.add(
          Annotation.error(f).withTitle(def.name() + " failed").withRank(Integer.MIN_VALUE));
      if (debug && f.getCause() != null) {
        log.debug(stackTrace(f));
      }
      code = 1;
    } catch (InterruptedException e) {
      String why =
          fatal.get() != null
              ? fatalMessage(fatal.get())
              : cancelled.get()
                  ? "The step was cancelled (the runner sent a stop signal) before it finished."
                  : "The step was interrupted.";
      annotations.add(
          Annotation.error(why).withTitle(def.name() + " failed").withRank(Integer.MIN_VALUE));
      code = 1;
    } catch (VirtualMachineError e) {
      reserve[0] = null;
      annotations.add(
          Annotation.error(
                  fatalMessage(
                      e.getClass().getSimpleName()
                          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")))
              .withTitle(def.name() + " failed")
              .withRank(Integer.MIN_VALUE));
      if (debug) {
        log.debug(stackTrace(e));
      }
      code = 1;
    } catch (Exception | Error e) {
      String cause =
          e.getClass().getSimpleName()
              + (e.getMessage() == null
                  ? ""
                  : ": " + e.getMessage().lines().findFirst().orElse(""));
      String debugHow =
          "true".equals(env.get("GITHUB_ACTIONS"))
              ? "debug logging (secret ACTIONS_STEP_DEBUG=true)"
              : "RUNNER_DEBUG=1 in the environment";
      annotations.add(
          Annotation.error(
                  new StepFailure(
                      "Unexpected error: " + cause,
                      "Re-run with "
                          + debugHow
                          + " for the stack trace, and report it at "
                          + ISSUES
                          + "."))
              .withTitle(def.name() + " failed")
              .withRank(Integer.MIN_VALUE));
      if (debug) {
        log.debug(stackTrace(e));
      }
      code = 1;
    }
    Thread.setDefaultUncaughtExceptionHandler(previous);
    if (fatal.get() != null && code == 0) {
      annotations.add(
          Annotation.error(fatalMessage(fatal.get()))
              .withTitle(def.name() + " failed")
              .withRank(Integer.MIN_VALUE));
      code = 1;
    }
    // A cancel's interrupt must not cut short the writing of the runner files (an interrupted
    // channel closes).
    Thread.interrupted();
    List<String> unwritten = finish(def, kit, env, finished, null);
    // The step is over: stop its HTTP client, whose selector thread in native code would hold the
    // JVM's exit.
    kit.http().close();
    try {
      removeHook.accept(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: finish() already happened here, so it will do nothing.
    }
    // A missing runner file or a refused output fails the step, after everything else was written.
    report(def, masker, env, unwritten);
    out.flush();
    return unwritten.isEmpty() ? code : 1;
  }

  /**
   * Time the shutdown hook gives the outputs and summary after CANCEL_GRACE: both within the
   * runner's 10 s.
   */
  static final java.time.Duration HOOK_BUDGET = java.time.Duration.ofSeconds(2);

  private static final int RESERVE_BYTES = 2 << 20;

  private static String fatalMessage(String what) {
    return "flo-actions stopped on a fatal error: "
        + what
        + ". No input or server should cause this: please report it at "
        + ISSUES
        + " with this log. The outputs above are what was known when it stopped.";
  }

  /**
   * Runs {@code work} on a daemon thread and waits at most {@code budget}, so a wedged step cannot
   * hold the JVM.
   */
  private static void bounded(java.time.Duration budget, Runnable work) {
    Thread t = Thread.ofPlatform().daemon().name("flo-actions-finish").start(work);
    try {
      t.join(budget);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(
      StepDefinition def, Masker masker, Map<String, String> env, List<String> unwritten) {
    for (String problem : unwritten) {
      out.println(render(Annotation.error(problem).withTitle(def.name()), masker, env));
    }
    out.flush();
  }

  /**
   * An annotation as the reader of stdout takes it: a workflow command for the runner ({@code
   * GITHUB_ACTIONS=true}), readable lines for a person elsewhere, in colour only on a terminal (and
   * not with {@code NO_COLOR} or a dumb one).
   */
  private String render(Annotation a, Masker masker, Map<String, String> env) {
    if ("true".equals(env.get("GITHUB_ACTIONS"))) {
      return a.toCommand(masker);
    }
    boolean colour =
        terminal.getAsBoolean()
            && env.getOrDefault("NO_COLOR", "").isEmpty()
            && !"dumb".equals(env.get("TERM"));
    return a.toText(masker, colour);
  }

  /**
   * Writes outputs, annotations and the summary once, on normal exit or from the shutdown hook. A
   * runner file that cannot be written costs only itself: the rest is still written, and the
   * problems are returned.
   */
  private List<String> finish(
      StepDefinition def,
      Toolkit kit,
      Map<String, String> env,
      AtomicBoolean finished,
      @Nullable String interruption) {
    List<String> unwritten = new ArrayList<>();
    if (!finished.compareAndSet(false, true)) {
      return unwritten;
    }
    if (interruption != null) {
      kit.annotations()
          .add(
              Annotation.error(interruption)
                  .withTitle(def.name() + " cancelled")
                  .withRank(Integer.MIN_VALUE));
    }
    Map<String, String> outputs = kit.outputs().all();
    Path outputFile =
        runnerFile(
            env,
            "GITHUB_OUTPUT",
            "the step's outputs were not written (they are in the log below)",
            unwritten);
    if (outputFile != null) {
      FileCommand file = new FileCommand(outputFile, delimiters, kit.masker());
      // One refused value must not cost the other outputs, annotations or summary.
      outputs.forEach(
          (name, value) -> {
            try {
              file.append(name, value);
            } catch (IllegalArgumentException e) {
              unwritten.add(
                  "Output '"
                      + name
                      + "' was not written: "
                      + e.getMessage()
                      + ". This is a bug in flo-actions: please report it at "
                      + ISSUES
                      + ".");
            } catch (IllegalStateException e) {
              unwritten.add(
                  "Output '"
                      + name
                      + "' was not written: "
                      + e.getMessage()
                      + ". Check the runner's free disk space and that no earlier step changed the permissions of "
                      + outputFile
                      + ".");
            }
          });
    } else {
      outputs.forEach((k, v) -> kit.log().info(k + "=" + v));
    }
    for (Annotation a : kit.annotations().toEmit()) {
      kit.log().command(render(a, kit.masker(), env));
    }
    var overflow = kit.annotations().overflow();
    if (!overflow.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(
              "GitHub shows at most ten annotations of each kind per step; not shown: ");
      overflow.forEach(
          (level, n) ->
              sb.append(n).append(' ').append(level.command()).append(n == 1 ? ", " : "s, "));
      kit.summary()
          .alert(
              "NOTE",
              sb.substring(0, sb.length() - 2)
                  + ". Every finding is listed in this summary or the log.");
    }
    if (!kit.summary().isEmpty()) {
      String text = kit.summary().render(kit.masker());
      Path summaryFile =
          runnerFile(
              env,
              "GITHUB_STEP_SUMMARY",
              "the step summary was not written (it is in the log below)",
              unwritten);
      boolean written = false;
      if (summaryFile != null) {
        try {
          Files.writeString(summaryFile, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          written = true;
        } catch (IOException e) {
          unwritten.add(
              "The step summary could not be written to "
                  + summaryFile
                  + " ("
                  + e.getMessage()
                  + "); it is in the log instead. Check the runner's free disk space and that no earlier step changed the file's permissions.");
        }
      }
      if (!written && (!kit.github().actions() || !unwritten.isEmpty())) {
        kit.log().info("\n--- summary ---\n" + text);
      }
    }
    kit.log().flush();
    return unwritten;
  }

  /**
   * The runner file named by {@code variable}, or null when it is unset (off the runner) or
   * missing; a missing one is recorded in {@code unwritten}, saying what was lost and what to do.
   */
  private static @Nullable Path runnerFile(
      Map<String, String> env, String variable, String lost, List<String> unwritten) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value);
    if (!Files.exists(p)) {
      unwritten.add(
          variable
              + " names "
              + p
              + ", which does not exist, so "
              + lost
              + ". The runner creates this file for every step:"
              + " check that no earlier step deletes or moves it; outside GitHub Actions, unset "
              + variable
              + ".");
      return null;
    }
    return p;
  }

  private static String stackTrace(Throwable t) {
    var sw = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(sw));
    return sw.toString();
  }
}
