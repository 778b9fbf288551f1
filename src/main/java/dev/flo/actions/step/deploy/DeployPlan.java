package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.Inputs;
import dev.flo.actions.runtime.StepDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What this run will do: the phases that run, each with its step's inputs, and the order of the
 * halves. A phase runs when its key input is set; any other input of a phase that does not run is
 * an error naming that key.
 *
 * @param values per running phase, its step's inputs (the step's own names), shared ones included
 */
record DeployPlan(
    DeployPhases phases, Order order, Map<Phase, Map<String, String>> values, boolean dryRun) {

  /** How the halves go out. */
  enum Order {
    BACKEND_FIRST,
    PARALLEL,
    FRONTEND_FIRST
  }

  /**
   * Checks deploy's inputs against each other and splits them by phase; null when an input has a
   * problem.
   */
  static @Nullable DeployPlan read(Inputs in, DeployPhases phases) {
    Order order = in.get(DeployPhases.ORDER);
    boolean skipMigrate =
        Objects.requireNonNull(in.get(DeployPhases.MIGRATE_SKIP), "migrate-skip has a default");
    boolean dryRun = in.dryRun();
    Map<Phase, Map<String, String>> given = new LinkedHashMap<>();
    phases.all().forEach(p -> given.put(p, new LinkedHashMap<>()));
    for (InputDef d : phases.inputs()) {
      Phase owner = phases.owner(d.name());
      if (owner != null && in.isSet(d.name())) {
        given(given, owner)
            .put(
                Objects.requireNonNull(
                    owner.stepInput(d.name()), "the owner is the phase it names"),
                in.raw(d));
      }
    }
    boolean database = in.isSet(DeployPhases.DATABASE_URL);
    Map<Phase, @Nullable String> keys = new LinkedHashMap<>();
    String databaseUrl = "`" + DeployPhases.DATABASE_URL.name() + "`";
    keys.put(phases.backup(), key(phases.backup(), given, Wiring.BACKUP_DESTINATION));
    keys.put(
        phases.migrate(),
        skipMigrate
            ? databaseUrl + " (and `" + DeployPhases.MIGRATE_SKIP.name() + ": false`)"
            : database ? null : databaseUrl);
    keys.put(phases.backend(), key(phases.backend(), given, Wiring.BACKEND_PROVIDER));
    keys.put(phases.frontend(), key(phases.frontend(), given, Wiring.FRONTEND_PROJECT_ID));
    keys.put(
        phases.backendVerify(),
        keys.get(phases.backend()) != null
            ? keys.get(phases.backend())
            : key(phases.backendVerify(), given, Wiring.VERIFY_URL));
    keys.put(phases.frontendVerify(), keys.get(phases.frontend()));
    String slackToken = key(phases.slack(), given, Wiring.SLACK_TOKEN);
    String slackWebhook = key(phases.slack(), given, Wiring.SLACK_WEBHOOK_URL);
    keys.put(
        phases.slack(),
        slackToken == null || slackWebhook == null ? null : slackToken + " or " + slackWebhook);
    Map<Phase, Map<String, String>> values = new LinkedHashMap<>();
    for (Phase p : phases.all()) {
      String missing = keys.get(p);
      if (missing != null) {
        for (String own : given(given, p).keySet()) {
          in.problem(
              p.prefix() + own,
              "is set, but the " + p.title() + " phase does not run",
              "Set " + missing + " to run it, or remove `" + p.prefix() + own + "`.");
        }
        continue;
      }
      Map<String, String> v = new LinkedHashMap<>(p.defaults());
      v.putAll(given(given, p));
      for (String shared : Phase.SHARED) {
        if (p.step().input(shared).isPresent() && in.isSet(shared)) {
          v.put(shared, in.string(shared));
        }
      }
      v.put(StepDefinition.DRY_RUN.name(), String.valueOf(dryRun));
      values.put(p, v);
    }
    if (keys.get(phases.backup()) == null && !database) {
      in.problem(
          DeployPhases.DATABASE_URL,
          "is empty, but `" + phases.backup().prefix() + Wiring.BACKUP_DESTINATION + "` is set",
          "Give the database to back up: `"
              + DeployPhases.DATABASE_URL.name()
              + ": ${{ secrets.DATABASE_URL }}`.");
    }
    if (!values.containsKey(phases.backend()) && !values.containsKey(phases.frontend())) {
      String backend = phases.backend().prefix() + Wiring.BACKEND_PROVIDER;
      String frontend = phases.frontend().prefix() + Wiring.FRONTEND_PROJECT_ID;
      in.problem(
          backend,
          "and `" + frontend + "` are both empty: there is nothing to deploy",
          "Set `" + backend + "` (render, railway, hook) or `" + frontend + "` (Vercel), or both.");
    }
    return in.hasProblems()
        ? null
        : new DeployPlan(
            phases, Objects.requireNonNull(order, "order has a default"), values, dryRun);
  }

  /** Null when the phase's key input is set, else that input as deploy names it, in backticks. */
  private static @Nullable String key(
      Phase p, Map<Phase, Map<String, String>> given, Wiring.Name input) {
    return given(given, p).containsKey(input.name()) ? null : "`" + p.prefix() + input.name() + "`";
  }

  private static Map<String, String> given(Map<Phase, Map<String, String>> given, Phase p) {
    return Objects.requireNonNull(given.get(p), "every phase has its map");
  }

  boolean runs(Phase p) {
    return values.containsKey(p);
  }

  /** A running phase's step inputs. */
  Map<String, String> inputs(Phase p) {
    return Objects.requireNonNull(values.get(p), "asked only for a phase that runs");
  }

  /** The halves in the order they go out (one list for {@code parallel}: both at once). */
  List<List<Half>> waves() {
    List<Half> halves = new ArrayList<>();
    if (runs(phases.backend())) {
      halves.add(Half.BACKEND);
    }
    if (runs(phases.frontend())) {
      halves.add(Half.FRONTEND);
    }
    return switch (order) {
      case PARALLEL -> List.of(halves);
      case BACKEND_FIRST -> halves.stream().map(List::of).toList();
      case FRONTEND_FIRST -> halves.reversed().stream().map(List::of).toList();
    };
  }

  /** The plan in words: what runs, where to, and what a failure at each point rolls back. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (runs(phases.slack())) {
      lines.add(
          "Slack: one message, posted as started and updated with the outcome"
              + (inputs(phases.slack()).containsKey(Wiring.SLACK_TOKEN.name())
                  ? ""
                  : " (a webhook cannot update: one message at the end)")
              + ".");
    }
    if (runs(phases.backup())) {
      lines.add(
          "Backup to "
              + inputs(phases.backup()).get(Wiring.BACKUP_DESTINATION.name())
              + ". A failure stops here: nothing migrated or deployed.");
    }
    if (runs(phases.migrate())) {
      String dir = inputs(phases.migrate()).get(Wiring.MIGRATE_DIR.name());
      lines.add(
          "Migrate"
              + (dir != null ? " " + dir : "")
              + " (lint included). A failure stops here: nothing deployed.");
    }
    List<Half> before = new ArrayList<>();
    for (List<Half> wave : waves()) {
      for (Half h : wave) {
        String target = target(h);
        String undo =
            before.isEmpty()
                ? replacesInPlace(h)
                    ? "the " + names(List.of(h)) + " (Compose replaces the containers in place)"
                    : "nothing (the provider keeps what serves now)"
                : replacesInPlace(h) ? "the " + names(with(before, h)) : "the " + names(before);
        lines.add(
            h.title
                + " deploy to "
                + target
                + ". A failure rolls back "
                + (wave.size() > 1 ? "whichever half already went live" : undo)
                + ".");
        if (runs(h.verify(phases))) {
          lines.add(
              h.title
                  + " check of "
                  + inputs(h.verify(phases))
                      .getOrDefault(Wiring.VERIFY_URL.name(), "the deployment's URL")
                  + ". A failure rolls back the "
                  + (wave.size() > 1 ? "halves that went live" : names(with(before, h)))
                  + ".");
        }
      }
      before.addAll(wave);
    }
    if (runs(phases.backend())
        && "hook".equals(inputs(phases.backend()).get(Wiring.BACKEND_PROVIDER.name()))) {
      lines.add(
          "The backend goes out through a deploy hook, which reports no deploy ids: a failure after it cannot roll it back.");
    }
    lines.add("Order: " + order.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".");
    return lines;
  }

  /**
   * Whether the half's provider swaps the running release for the new one before it is known to be
   * healthy (Compose: {@code docker compose up} replaces the containers), so that a failed deploy
   * is already live.
   */
  boolean replacesInPlace(Half h) {
    return h == Half.BACKEND
        && runs(phases.backend())
        && COMPOSE.equals(inputs(phases.backend()).get(Wiring.BACKEND_PROVIDER.name()));
  }

  /** deploy-backend's provider that replaces containers in place. */
  private static final String COMPOSE = "compose";

  String target(Half h) {
    Map<String, String> v = inputs(h.deploy(phases));
    return h == Half.BACKEND
        ? v.get(Wiring.BACKEND_PROVIDER.name())
            + (v.containsKey(Wiring.BACKEND_SERVICE_ID.name())
                ? " " + v.get(Wiring.BACKEND_SERVICE_ID.name())
                : "")
        : "Vercel "
            + v.get(Wiring.FRONTEND_PROJECT_ID.name())
            + " ("
            + v.getOrDefault(Wiring.FRONTEND_TARGET.name(), "preview")
            + ")";
  }

  private static List<Half> with(List<Half> before, Half h) {
    List<Half> all = new ArrayList<>(before);
    all.add(h);
    return all;
  }

  private static String names(List<Half> halves) {
    return String.join(
        " and ", halves.stream().map(h -> h.title.toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
