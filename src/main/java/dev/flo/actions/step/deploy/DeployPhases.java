package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps deploy composes, as phases. Deploy's inputs are generated from their definitions, so a step that
 * gains an input (a new provider) offers it through deploy too, prefixed, with nothing to list by hand.
 */
public record DeployPhases(Phase backup, Phase migrate, Phase backend, Phase frontend, Phase backendVerify, Phase frontendVerify, StepDefinition rollback, Phase slack) {

  static final InputDef ORDER =
      InputDef.withDefault(
          "order",
          "How the halves go out: `backend-first` (the frontend deploys only after the backend is verified), `parallel` (both deploy and verify at once), or `frontend-first`.",
          "backend-first");
  static final InputDef MIGRATE_SKIP = InputDef.withDefault("migrate-skip", "Do not migrate, though `database-url` is set (it is then used for the backup only).", "false");
  static final InputDef DATABASE_URL =
      InputDef.optional("database-url", "The PostgreSQL URL to back up and migrate (postgres://user:password@host:5432/db, not a pooler). Switches the migrate phase on.").asSecret();
  static final InputDef GITHUB_TOKEN =
      InputDef.withDefault("github-token", "Token for GitHub deployments (needs `deployments: write`) and the pull request comment.", "${{ github.token }}").asSecret();
  static final InputDef GITHUB_DEPLOYMENT =
      InputDef.optional("github-deployment", "Record a GitHub deployment per half, ending in success, failure or (after a rollback) the restored one. Default: true when `github-token` is set.");
  static final InputDef ENVIRONMENT =
      InputDef.optional("environment", "The GitHub environment of the deployments, also shown in Slack. Default: production (the frontend: production for target production, else preview).");

  /**
   * The usual phases over the given steps.
   *
   * @param verify health-verify, run once per half
   * @param rollback its inputs come from the half's own ({@code backend-token} is the rollback's {@code token})
   */
  public static DeployPhases of(
      StepDefinition backup, StepDefinition migrate, StepDefinition backend, StepDefinition frontend, StepDefinition verify, StepDefinition rollback, StepDefinition slack) {
    return new DeployPhases(
        new Phase("backup", "backup-", backup, Set.of(), Map.of()),
        new Phase("migrate", "migrate-", migrate, Set.of(), Map.of()),
        new Phase("backend", "backend-", backend, Set.of(), Map.of()),
        new Phase("frontend", "frontend-", frontend, Set.of(), Map.of("target", "production")),
        new Phase("backend verify", "backend-verify-", verify, Set.of(), Map.of()),
        new Phase("frontend verify", "frontend-verify-", verify, Set.of(), Map.of()),
        rollback,
        new Phase("Slack", "slack-", slack, Set.of("status", "message-ts", "channel-id", "thread", "text"), Map.of()));
  }

  public List<Phase> all() {
    return List.of(backup, migrate, backend, frontend, backendVerify, frontendVerify, slack);
  }

  /** Deploy's inputs: the shared ones, then every phase's, prefixed. */
  public List<InputDef> inputs() {
    List<InputDef> inputs = new ArrayList<>(List.of(ORDER, DATABASE_URL, MIGRATE_SKIP, GITHUB_TOKEN, GITHUB_DEPLOYMENT, ENVIRONMENT));
    all().forEach(p -> inputs.addAll(p.inputs()));
    return List.copyOf(inputs);
  }

  /**
   * The rollback of a half as a phase: it takes the half's own values ({@code backend-token} is its {@code token});
   * what the half's deploy step does not declare (the deploy to restore, the reason) the pipeline sets.
   */
  Phase rollbackOf(Half half) {
    Phase deploy = half.deploy(this);
    Set<String> driven = new java.util.HashSet<>();
    rollback.inputs().forEach(i -> {
      if (deploy.step().input(i.name()).isEmpty()) {
        driven.add(i.name());
      }
    });
    return new Phase(half.label() + " rollback", deploy.prefix(), rollback, driven, Map.of());
  }

  /** The phase whose input deploy's {@code name} is, or null for a shared one. */
  Phase owner(String name) {
    // The longest prefix first: backend-verify-url is the backend check's, not the backend's.
    return all().stream()
        .filter(p -> p.stepInput(name) != null)
        .max(java.util.Comparator.comparingInt(p -> p.prefix().length()))
        .orElse(null);
  }
}
