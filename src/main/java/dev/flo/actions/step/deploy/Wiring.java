package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.StepDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Every input deploy sets on a composed step and every output it reads from one, declared once.
 * Deploy knows the steps only through their {@link StepDefinition}s (no step imports another), so
 * these are names; {@link #check} holds each against the composed step's declaration when deploy is
 * built, and a renamed input fails every test at once instead of one run in production.
 */
final class Wiring {
  private Wiring() {}

  /** A name of a composed step's input or output. */
  record Name(String name, boolean output) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Name composedInput(String name) {
    return new Name(name, false);
  }

  private static Name composedOutput(String name) {
    return new Name(name, true);
  }

  // db-backup
  static final Name BACKUP_DESTINATION = composedInput("destination");
  static final Name BACKUP_URI = composedOutput("uri");
  // migrate
  static final Name MIGRATE_DIR = composedInput("dir");
  static final Name MIGRATE_APPLIED = composedOutput("applied");
  // deploy-backend and deploy-frontend
  static final Name BACKEND_PROVIDER = composedInput("provider");
  static final Name BACKEND_SERVICE_ID = composedInput("service-id");
  static final Name BACKEND_DEPLOY_ID = composedOutput("deploy-id");
  static final Name BACKEND_PREVIOUS_DEPLOY_ID = composedOutput("previous-deploy-id");
  static final Name FRONTEND_PROJECT_ID = composedInput("project-id");
  static final Name FRONTEND_TARGET = composedInput("target");
  static final Name FRONTEND_DEPLOYMENT_ID = composedOutput("deployment-id");
  static final Name FRONTEND_PREVIOUS_DEPLOYMENT_ID = composedOutput("previous-deployment-id");
  static final Name DEPLOYED_URL = composedOutput("url");
  static final Name FRONTEND_INSPECTOR_URL = composedOutput("inspector-url");
  static final Name GITHUB_DEPLOYMENT_ID = composedOutput("github-deployment-id");
  // health-verify
  static final Name VERIFY_URL = composedInput("url");
  // rollback
  static final Name ROLLBACK_PROVIDER = composedInput("provider");
  static final Name ROLLBACK_TO = composedInput("to");
  static final Name ROLLBACK_DEPLOY_ID = composedInput("deploy-id");
  static final Name ROLLBACK_REASON = composedInput("reason");
  static final Name ROLLBACK_GITHUB_DEPLOYMENT_ID = composedInput("github-deployment-id");
  static final Name ROLLBACK_TIMEOUT = composedInput("timeout");
  // slack-notify
  static final Name SLACK_TOKEN = composedInput("token");
  static final Name SLACK_WEBHOOK_URL = composedInput("webhook-url");
  static final Name SLACK_DEPLOY_URL = composedInput("deploy-url");
  static final Name SLACK_STATUS = composedInput("status");
  static final Name SLACK_TEXT = composedInput("text");
  static final Name SLACK_MESSAGE_TS = composedInput("message-ts");
  static final Name SLACK_CHANNEL_ID_INPUT = composedInput("channel-id");
  static final Name SLACK_THREAD = composedInput("thread");
  static final Name SLACK_TS = composedOutput("ts");
  static final Name SLACK_CHANNEL_ID = composedOutput("channel-id");

  /** A name and the composed step that must declare it. */
  private record Use(StepDefinition step, Name name) {}

  private static List<Use> uses(DeployPhases p) {
    List<Use> uses = new ArrayList<>();
    add(uses, p.backup().step(), BACKUP_DESTINATION, BACKUP_URI);
    add(uses, p.migrate().step(), MIGRATE_DIR, MIGRATE_APPLIED);
    add(
        uses,
        p.backend().step(),
        BACKEND_PROVIDER,
        BACKEND_SERVICE_ID,
        BACKEND_DEPLOY_ID,
        BACKEND_PREVIOUS_DEPLOY_ID,
        DEPLOYED_URL,
        GITHUB_DEPLOYMENT_ID);
    add(
        uses,
        p.frontend().step(),
        FRONTEND_PROJECT_ID,
        FRONTEND_TARGET,
        FRONTEND_DEPLOYMENT_ID,
        FRONTEND_PREVIOUS_DEPLOYMENT_ID,
        DEPLOYED_URL,
        FRONTEND_INSPECTOR_URL,
        GITHUB_DEPLOYMENT_ID);
    add(uses, p.backendVerify().step(), VERIFY_URL);
    add(
        uses,
        p.rollback(),
        ROLLBACK_PROVIDER,
        ROLLBACK_TO,
        ROLLBACK_DEPLOY_ID,
        ROLLBACK_REASON,
        ROLLBACK_GITHUB_DEPLOYMENT_ID,
        ROLLBACK_TIMEOUT);
    add(
        uses,
        p.slack().step(),
        SLACK_TOKEN,
        SLACK_WEBHOOK_URL,
        SLACK_DEPLOY_URL,
        SLACK_STATUS,
        SLACK_TEXT,
        SLACK_MESSAGE_TS,
        SLACK_CHANNEL_ID_INPUT,
        SLACK_THREAD,
        SLACK_TS,
        SLACK_CHANNEL_ID);
    return uses;
  }

  private static void add(List<Use> uses, StepDefinition step, Name... names) {
    for (Name n : names) {
      uses.add(new Use(step, n));
    }
  }

  /**
   * Fails when a composed step does not declare a name deploy uses: a rename must reach deploy too.
   */
  static void check(DeployPhases phases) {
    List<String> missing = new ArrayList<>();
    for (Use use : uses(phases)) {
      StepDefinition step = use.step();
      Name n = use.name();
      boolean declared =
          n.output() ? step.declaresOutput(n.name()) : step.input(n.name()).isPresent();
      if (!declared) {
        missing.add(
            step.name()
                + " declares no "
                + (n.output() ? "output" : "input")
                + " '"
                + n.name()
                + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "deploy composes steps that changed: " + String.join("; ", missing));
    }
  }
}
