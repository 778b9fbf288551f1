package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.InputError;
import dev.flo.actions.runtime.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this run will do: the phases that run, each with its step's inputs, and the order of the halves. A phase
 * runs when its key input is set; any other input of a phase that does not run is an error naming that key.
 *
 * @param values per running phase, its step's inputs (the step's own names), shared ones included
 */
record DeployPlan(DeployPhases phases, Order order, Map<Phase, Map<String, String>> values, boolean dryRun) {

  /** How the halves go out. */
  enum Order {
    BACKEND_FIRST,
    PARALLEL,
    FRONTEND_FIRST
  }

  static DeployPlan read(Inputs in, DeployPhases phases) throws InputError {
    Order order = in.choice(DeployPhases.ORDER.name(), Order.class);
    boolean skipMigrate = in.bool(DeployPhases.MIGRATE_SKIP.name());
    boolean dryRun = in.dryRun();
    Map<Phase, Map<String, String>> given = new LinkedHashMap<>();
    phases.all().forEach(p -> given.put(p, new LinkedHashMap<>()));
    for (InputDef d : phases.inputs()) {
      Phase owner = phases.owner(d.name());
      if (owner != null && in.isSet(d.name())) {
        given.get(owner).put(owner.stepInput(d.name()), d.secret() ? in.secret(d.name()).reveal() : in.string(d.name()));
      }
    }
    boolean database = in.isSet(DeployPhases.DATABASE_URL.name());
    Map<Phase, String> keys = new LinkedHashMap<>();
    keys.put(phases.backup(), given.get(phases.backup()).containsKey("destination") ? null : "`backup-destination`");
    keys.put(phases.migrate(), skipMigrate ? "`database-url` (and `migrate-skip: false`)" : database ? null : "`database-url`");
    keys.put(phases.backend(), given.get(phases.backend()).containsKey("provider") ? null : "`backend-provider`");
    keys.put(phases.frontend(), given.get(phases.frontend()).containsKey("project-id") ? null : "`frontend-project-id`");
    keys.put(phases.backendVerify(), keys.get(phases.backend()) != null ? "`backend-provider`" : given.get(phases.backendVerify()).containsKey("url") ? null : "`backend-verify-url`");
    keys.put(phases.frontendVerify(), keys.get(phases.frontend()));
    Map<String, String> slack = given.get(phases.slack());
    keys.put(phases.slack(), slack.containsKey("token") || slack.containsKey("webhook-url") ? null : "`slack-token` or `slack-webhook-url`");
    Map<Phase, Map<String, String>> values = new LinkedHashMap<>();
    for (Phase p : phases.all()) {
      String missing = keys.get(p);
      if (missing != null) {
        for (String own : given.get(p).keySet()) {
          in.problem(p.prefix() + own, "is set, but the " + p.title() + " phase does not run", "Set " + missing + " to run it, or remove `" + p.prefix() + own + "`.");
        }
        continue;
      }
      Map<String, String> v = new LinkedHashMap<>(p.defaults());
      v.putAll(given.get(p));
      for (String shared : Phase.SHARED) {
        if (p.step().input(shared).isPresent() && in.isSet(shared)) {
          v.put(shared, in.string(shared));
        }
      }
      v.put("dry-run", String.valueOf(dryRun));
      values.put(p, v);
    }
    if (keys.get(phases.backup()) == null && !database) {
      in.problem("database-url", "is empty, but `backup-destination` is set", "Give the database to back up: `database-url: ${{ secrets.DATABASE_URL }}`.");
    }
    if (!values.containsKey(phases.backend()) && !values.containsKey(phases.frontend())) {
      in.problem("backend-provider", "and `frontend-project-id` are both empty: there is nothing to deploy", "Set `backend-provider` (render, railway, hook) or `frontend-project-id` (Vercel), or both.");
    }
    in.check();
    return new DeployPlan(phases, order, values, dryRun);
  }

  boolean runs(Phase p) {
    return values.containsKey(p);
  }

  /** A running phase's step inputs. */
  Map<String, String> inputs(Phase p) {
    return values.get(p);
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
      lines.add("Slack: one message, posted as started and updated with the outcome" + (inputs(phases.slack()).containsKey("token") ? "" : " (a webhook cannot update: one message at the end)") + ".");
    }
    if (runs(phases.backup())) {
      lines.add("Backup to " + inputs(phases.backup()).get("destination") + ". A failure stops here: nothing migrated or deployed.");
    }
    if (runs(phases.migrate())) {
      lines.add("Migrate" + (inputs(phases.migrate()).containsKey("dir") ? " " + inputs(phases.migrate()).get("dir") : "") + " (lint included). A failure stops here: nothing deployed.");
    }
    List<Half> before = new ArrayList<>();
    for (List<Half> wave : waves()) {
      for (Half h : wave) {
        String target = target(h);
        String undo = before.isEmpty() ? "nothing (the provider keeps what serves now)" : "the " + names(before);
        lines.add(h.title + " deploy to " + target + ". A failure rolls back " + (wave.size() > 1 ? "whichever half already went live" : undo) + ".");
        if (runs(h.verify(phases))) {
          lines.add(h.title + " check of " + inputs(h.verify(phases)).getOrDefault("url", "the deployment's URL") + ". A failure rolls back the " + (wave.size() > 1 ? "halves that went live" : names(with(before, h))) + ".");
        }
      }
      before.addAll(wave);
    }
    if (runs(phases.backend()) && "hook".equals(inputs(phases.backend()).get("provider"))) {
      lines.add("The backend goes out through a deploy hook, which reports no deploy ids: a failure after it cannot roll it back.");
    }
    lines.add("Order: " + order.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".");
    return lines;
  }

  String target(Half h) {
    Map<String, String> v = inputs(h.deploy(phases));
    return h == Half.BACKEND
        ? v.get("provider") + (v.containsKey("service-id") ? " " + v.get("service-id") : "")
        : "Vercel " + v.get("project-id") + " (" + v.getOrDefault("target", "preview") + ")";
  }

  private static List<Half> with(List<Half> before, Half h) {
    List<Half> all = new ArrayList<>(before);
    all.add(h);
    return all;
  }

  private static String names(List<Half> halves) {
    return String.join(" and ", halves.stream().map(h -> h.title.toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
