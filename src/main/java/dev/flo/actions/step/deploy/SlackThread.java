package dev.flo.actions.step.deploy;

import dev.flo.actions.runtime.runner.Annotation;
import dev.flo.actions.runtime.runner.Annotations;
import dev.flo.actions.runtime.runner.Masker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The run's one Slack message: posted as started, then updated in place with the outcome, the
 * timeline and the reason. A webhook cannot update, so with one the message is posted once, at the
 * end. Slack never changes the outcome: a message that cannot be sent is a warning.
 */
final class SlackThread {
  private final DeployPlan plan;
  private final PhaseRunner runner;
  private final Annotations annotations;
  private final Masker masker;
  private @Nullable String ts;
  private @Nullable String channelId;

  SlackThread(DeployPlan plan, PhaseRunner runner, Annotations annotations, Masker masker) {
    this.plan = plan;
    this.runner = runner;
    this.annotations = annotations;
    this.masker = masker;
  }

  private boolean on() {
    return plan.runs(plan.phases().slack());
  }

  private boolean canUpdate() {
    return on() && plan.inputs(plan.phases().slack()).containsKey(Wiring.SLACK_TOKEN.name());
  }

  void started(String plannedText) {
    if (!canUpdate()) {
      return;
    }
    PhaseResult r = send("started", plannedText, null);
    if (r.cancelled()) {
      // The cancel came while Slack was being told; the pipeline must still see it and stop before
      // deploying.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @param deployUrl the new frontend's (else backend's) URL, shown as the message's link unless
   *     slack-deploy-url is set
   */
  void finished(Ending ending, List<String> timeline, @Nullable String deployUrl) {
    if (!on()) {
      return;
    }
    StringBuilder text = new StringBuilder("*Outcome:* ").append(ending.outcome());
    if (!ending.ok()) {
      text.append("\n*Why:* ").append(ending.reason());
    }
    text.append("\n*Serving now:*\n");
    ending.serving().forEach(s -> text.append("• ").append(s).append('\n'));
    text.append("*Timeline:*\n");
    timeline.forEach(l -> text.append("• ").append(l).append('\n'));
    String status = ending.ok() ? "success" : ending.cancelled() ? "cancelled" : "failure";
    send(status, text.toString().strip(), ending.ok() ? deployUrl : null);
  }

  @Nullable String ts() {
    return ts;
  }

  @Nullable String channelId() {
    return channelId;
  }

  private PhaseResult send(String status, String text, @Nullable String deployUrl) {
    Map<String, String> v = new LinkedHashMap<>(plan.inputs(plan.phases().slack()));
    if (deployUrl != null) {
      v.putIfAbsent(Wiring.SLACK_DEPLOY_URL.name(), deployUrl);
    }
    v.put(Wiring.SLACK_STATUS.name(), status);
    // What goes to Slack is masked as the log is: a failure reason may quote a value we hide.
    v.put(Wiring.SLACK_TEXT.name(), masker.redact(text));
    if (ts != null && channelId != null) {
      v.put(Wiring.SLACK_MESSAGE_TS.name(), ts);
      v.put(Wiring.SLACK_CHANNEL_ID_INPUT.name(), channelId);
    }
    PhaseResult r = runner.run(plan.phases().slack(), "Slack " + status, v);
    if (!r.ok()) {
      annotations.add(
          Annotation.warning(
                  "The Slack message ("
                      + status
                      + ") was not sent: "
                      + r.failureMessage()
                      + " The deploy's outcome does not depend on it.")
              .withTitle("deploy: Slack"));
    } else if (r.output(Wiring.SLACK_TS.name()) != null) {
      ts = r.output(Wiring.SLACK_TS.name());
      channelId = r.output(Wiring.SLACK_CHANNEL_ID.name());
    }
    return r;
  }
}
