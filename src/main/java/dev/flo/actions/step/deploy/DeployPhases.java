package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.Input;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.runner.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The steps deploy composes, as phases. Deploy's inputs are generated from their definitions, so a
 * step that gains an input (a new provider) offers it through deploy too, prefixed, with nothing to
 * list by hand.
 */
public record DeployPhases(
    Phase backup,
    Phase migrate,
    Phase backend,
    Phase frontend,
    Phase backendVerify,
    Phase frontendVerify,
    StepDefinition rollback,
    Phase slack) {

  static final Input<DeployPlan.Order> ORDER =
      Input.named(
              "order",
              "How the halves go out: `backend-first` (the frontend deploys only after the backend is verified), `parallel` (both deploy and verify at once), or `frontend-first`.")
          .choice(DeployPlan.Order.class)
          .byDefault("backend-first");
  static final Input<Boolean> MIGRATE_SKIP =
      Input.named(
              "migrate-skip",
              "Do not migrate, though `database-url` is set (it is then used for the backup only).")
          .bool()
          .byDefault("false");
  static final Input<Secret> DATABASE_URL =
      Input.named(
              "database-url",
              "The PostgreSQL URL to back up and migrate (postgres://user:password@host:5432/db, not a pooler). Switches the migrate phase on.")
          .secretText();
  static final Input<Secret> GITHUB_TOKEN =
      Input.named(
              "github-token",
              "Token for GitHub deployments (needs `deployments: write`) and the pull request comment.")
          .secretText()
          .byDefault("${{ github.token }}");
  static final Input<String> GITHUB_DEPLOYMENT =
      Input.named(
              "github-deployment",
              "Record a GitHub deployment per half, ending in success, failure or (after a rollback) the restored one. Default: true when `github-token` is set.")
          .text();
  static final Input<String> ENVIRONMENT =
      Input.named(
              "environment",
              "The GitHub environment of the deployments, also shown in Slack. Default: production (the frontend: production for target production, else preview).")
          .text();

  /**
   * Deploy's own inputs: read by it, and handed unprefixed to every phase that declares them
   * (dry-run too).
   */
  static final List<Input<?>> OWN =
      List.of(ORDER, DATABASE_URL, MIGRATE_SKIP, GITHUB_TOKEN, GITHUB_DEPLOYMENT, ENVIRONMENT);

  /**
   * The usual phases over the given steps.
   *
   * @param verify health-verify, run once per half
   * @param rollback its inputs come from the half's own ({@code backend-token} is the rollback's
   *     {@code token})
   */
  public static DeployPhases of(
      StepDefinition backup,
      StepDefinition migrate,
      StepDefinition backend,
      StepDefinition frontend,
      StepDefinition verify,
      StepDefinition rollback,
      StepDefinition slack) {
    return new DeployPhases(
        new Phase("backup", "backup-", backup, Set.of(), Map.of()),
        new Phase("migrate", "migrate-", migrate, Set.of(), Map.of()),
        new Phase("backend", "backend-", backend, Set.of(), Map.of()),
        new Phase(
            "frontend",
            "frontend-",
            frontend,
            Set.of(),
            Map.of(Wiring.FRONTEND_TARGET.name(), "production")),
        new Phase("backend verify", "backend-verify-", verify, Set.of(), Map.of()),
        new Phase("frontend verify", "frontend-verify-", verify, Set.of(), Map.of()),
        rollback,
        new Phase(
            "Slack",
            "slack-",
            slack,
            Set.of(
                Wiring.SLACK_STATUS.name(),
                Wiring.SLACK_MESSAGE_TS.name(),
                Wiring.SLACK_CHANNEL_ID_INPUT.name(),
                Wiring.SLACK_THREAD.name(),
                Wiring.SLACK_TEXT.name()),
            Map.of()));
  }

  public List<Phase> all() {
    return List.of(backup, migrate, backend, frontend, backendVerify, frontendVerify, slack);
  }

  /** Deploy's inputs: the shared ones, then every phase's, prefixed. */
  public List<InputDef> inputs() {
    List<InputDef> inputs = new ArrayList<>(OWN.stream().map(Input::def).toList());
    all().forEach(p -> inputs.addAll(p.inputs()));
    return List.copyOf(inputs);
  }

  /**
   * The rollback of a half as a phase: it takes the half's own values ({@code backend-token} is its
   * {@code token}); what the half's deploy step does not declare (the deploy to restore, the
   * reason) the pipeline sets.
   */
  Phase rollbackOf(Half half) {
    Phase deploy = half.deploy(this);
    Set<String> driven = new java.util.HashSet<>();
    rollback
        .inputs()
        .forEach(
            i -> {
              if (deploy.step().input(i.name()).isEmpty()) {
                driven.add(i.name());
              }
            });
    return new Phase(half.label() + " rollback", deploy.prefix(), rollback, driven, Map.of());
  }

  /** The phase whose input deploy's {@code name} is, or null for a shared one. */
  @Nullable Phase owner(String name) {
    // The longest prefix first: backend-verify-url is the backend check's, not the backend's.
    return all().stream()
        .filter(p -> p.stepInput(name) != null)
        .max(java.util.Comparator.comparingInt(p -> p.prefix().length()))
        .orElse(null);
  }
}
