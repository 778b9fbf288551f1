package dev.flo.actions.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flo.actions.Steps;
import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.InputDef;
import dev.flo.actions.runtime.StepDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an example workflow's job as the runner would, with GitHub's own workflow parser and
 * expression evaluator ({@code @actions/workflow-parser}, {@code @actions/expressions} from npm,
 * driven by src/test/rehearsal/harness.mjs bundled with esbuild): every {@code if:} and {@code ${{
 * }}} is evaluated by GitHub's code against the {@code github}, {@code secrets}, {@code vars},
 * {@code env}, {@code needs}, {@code steps} and {@code job} contexts. Our steps run through the
 * real launcher ({@link StepHarness}) with the evaluated {@code with:} plus the defaults of
 * action.yml, as {@code INPUT_*}; {@code run:} steps run in bash; any other action must have a
 * declared stand-in.
 */
public final class WorkflowRehearsal implements AutoCloseable {
  public static final Path TOOL = Path.of("src/test/rehearsal");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WHOLE_EXPRESSION =
      Pattern.compile("^\\$\\{\\{(.*)}}$", Pattern.DOTALL);

  /**
   * A stand-in for an action we do not run: gets the evaluated inputs, returns outputs; throws to
   * fail the step.
   */
  @FunctionalInterface
  public interface StandIn {
    Map<String, String> run(Path workspace, Map<String, String> inputs) throws Exception;
  }

  /** How one step went, as the {@code steps} context and the log would show it. */
  public record StepRun(
      String id,
      String name,
      boolean ran,
      String outcome,
      Map<String, String> outputs,
      String log,
      String summary) {}

  public record JobRun(
      String id, boolean ran, String status, List<StepRun> steps, Map<String, String> outputs) {
    /** The step with this id or name. */
    public StepRun step(String id) {
      return steps.stream()
          .filter(s -> s.id().equals(id) || s.name().equals(id))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no step " + id + " in " + steps));
    }

    /** Every line our steps and the run steps printed, and their summaries. */
    public String log() {
      StringBuilder b = new StringBuilder();
      steps.forEach(s -> b.append(s.log()).append(s.summary()));
      return b.toString();
    }
  }

  private final Process node;
  private final Writer toNode;
  private final BufferedReader fromNode;
  private final Path workspace;
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final Map<String, String> vars = new LinkedHashMap<>();
  private final ObjectNode github = JSON.createObjectNode();
  private final Map<String, StandIn> standIns = new LinkedHashMap<>();
  private final Map<String, String> redirects = new LinkedHashMap<>();
  private final Map<String, String> redirectConditions = new LinkedHashMap<>();
  private final Map<String, String> stepEnv = new LinkedHashMap<>();
  private final Map<String, JobRun> finished = new LinkedHashMap<>();
  private Clock clock = new FakeClock();
  private final Map<String, Clock> stepClocks = new LinkedHashMap<>();
  private JsonNode jobs;
  private final java.util.Set<String> reviewed = new java.util.HashSet<>();
  private final java.util.Set<String> approved = new java.util.HashSet<>();
  private String cancelStep;
  private java.util.function.BooleanSupplier cancelWhen;
  private StepHarness.Cancelled cancel;
  private boolean runCancelled;

  private WorkflowRehearsal(Path workspace) throws IOException {
    this.workspace = workspace;
    Path bundle = bundle();
    node =
        new ProcessBuilder("node", bundle.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    toNode = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    fromNode =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    github
        .put("repository", "acme/shop")
        .put("repository_owner", "acme")
        .put("sha", "0123456789abcdef0123456789abcdef01234567")
        .put("run_id", "42")
        .put("server_url", "https://github.com")
        .put("api_url", "https://api.github.com")
        .put("actor", "octocat")
        .put("workspace", workspace.toString())
        .put("event_name", "push")
        .put("ref", "refs/heads/main")
        .put("ref_name", "main");
  }

  /**
   * Loads a workflow with GitHub's parser; skips (or, under CI, fails) when the npm packages are
   * not installed.
   */
  public static WorkflowRehearsal load(Path workflow, Path workspace) throws IOException {
    boolean installed = Files.isDirectory(TOOL.resolve("node_modules/@actions/workflow-parser"));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "src/test/rehearsal/node_modules is missing: .ci/run must `npm ci --prefix src/test/rehearsal`");
    }
    assumeTrue(
        installed,
        "run `npm ci --prefix src/test/rehearsal` to rehearse the examples with GitHub's parser");
    WorkflowRehearsal r = new WorkflowRehearsal(workspace);
    JsonNode parsed =
        r.ask(
            JSON.createObjectNode()
                .put("op", "parse")
                .put("name", workflow.getFileName().toString())
                .put("content", Files.readString(workflow)));
    if (parsed.has("errors")) {
      r.close();
      throw new AssertionError(
          workflow + " does not parse with GitHub's workflow parser: " + parsed.get("errors"));
    }
    r.jobs = parsed.get("jobs");
    return r;
  }

  /** esbuild's bundle of the harness, built once per checkout of the harness into target/. */
  private static synchronized Path bundle() throws IOException {
    Path out = Path.of("target/rehearsal/harness.bundle.mjs");
    Path src = TOOL.resolve("harness.mjs");
    if (Files.exists(out)
        && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) > 0) {
      return out;
    }
    Files.createDirectories(out.getParent());
    Process p =
        new ProcessBuilder(
                TOOL.resolve("node_modules/.bin/esbuild").toString(),
                src.toString(),
                "--bundle",
                "--platform=node",
                "--format=esm",
                "--log-level=warning",
                "--outfile=" + out,
                "--banner:js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("esbuild failed: " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  private synchronized JsonNode ask(ObjectNode request) throws IOException {
    toNode.write(JSON.writeValueAsString(request) + "\n");
    toNode.flush();
    String line = fromNode.readLine();
    if (line == null) {
      throw new IOException("the rehearsal harness (node) exited");
    }
    return JSON.readTree(line);
  }

  public WorkflowRehearsal secret(String name, String value) {
    secrets.put(name, value);
    return this;
  }

  public WorkflowRehearsal var(String name, String value) {
    vars.put(name, value);
    return this;
  }

  /** A {@code github} context value ({@code event_name}, {@code ref}, {@code event} as JSON…). */
  public WorkflowRehearsal github(String name, Object value) {
    github.set(name, JSON.valueToTree(value));
    return this;
  }

  /**
   * A stand-in for the actions whose {@code uses:} starts with this prefix, or the step with this
   * id or name.
   */
  public WorkflowRehearsal standIn(String usesPrefixOrStepId, StandIn standIn) {
    standIns.put(usesPrefixOrStepId, standIn);
    return this;
  }

  /**
   * An input our steps get when they declare it and the workflow does not set it: the providers'
   * API URLs, pointed at the local fakes (the one thing a real run has that a rehearsal cannot).
   */
  public WorkflowRehearsal redirect(String input, String value) {
    return redirect(input, value, null);
  }

  /**
   * As {@link #redirect(String, String)}, only for steps whose {@code with:} sets {@code onlyWith}
   * (non-empty).
   */
  public WorkflowRehearsal redirect(String input, String value, String onlyWith) {
    redirects.put(input, value);
    if (onlyWith != null) {
      redirectConditions.put(input, onlyWith);
    }
    return this;
  }

  /** An environment variable every step sees (as the runner's own GITHUB_API_URL). */
  public WorkflowRehearsal runnerEnv(String name, String value) {
    stepEnv.put(name, value);
    return this;
  }

  public WorkflowRehearsal clock(Clock c) {
    this.clock = c;
    return this;
  }

  /**
   * A clock for our steps of one kind ({@code deploy-backend}…), such as the real one where
   * containers must really start.
   */
  public WorkflowRehearsal clock(String step, Clock c) {
    stepClocks.put(step, c);
    return this;
  }

  /**
   * The environment has required reviewers (Settings → Environments): a job that names it waits for
   * an approval before any of its steps run, and a run nobody approves never ships (its dependents
   * do not run either).
   */
  public WorkflowRehearsal requiredReviewers(String environment) {
    reviewed.add(environment);
    return this;
  }

  /** A reviewer approves the jobs waiting on this environment. */
  public WorkflowRehearsal approve(String environment) {
    approved.add(environment);
    return this;
  }

  /**
   * Cancels the run (the Cancel workflow button, or a newer run with {@code cancel-in-progress})
   * while this step (id or name, one of ours) runs, once {@code when} holds: the step runs in a JVM
   * of its own and gets the runner's signals ({@link StepHarness#runCancelled}); then, as the
   * runner does, only the steps whose {@code if:} holds with {@code cancelled()} true run ({@code
   * always()}, {@code cancelled()}), {@code job.status} is {@code cancelled}, and later jobs see
   * the run cancelled.
   */
  public WorkflowRehearsal cancelDuring(
      String stepIdOrName, java.util.function.BooleanSupplier when) {
    this.cancelStep = stepIdOrName;
    this.cancelWhen = when;
    return this;
  }

  /** How the cancelled step ended: which signal, how long after the first. */
  public StepHarness.Cancelled cancelled() {
    return cancel;
  }

  /** The job's {@code environment:} name, or null. */
  private String environment(JsonNode job, ObjectNode contexts) throws IOException {
    JsonNode e = job.get("environment");
    if (e == null || e.isNull()) {
      return null;
    }
    return e.has("map") ? text(e.get("map").get("name"), contexts) : text(e, contexts);
  }

  /**
   * The jobs as GitHub's parser gave them: id, needs, if, env, and each step's id, name, uses, run,
   * if, env and with.
   */
  public JsonNode jobs() {
    return jobs;
  }

  public List<String> jobIds() {
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(j.get("id").asText()));
    return ids;
  }

  /**
   * Runs every job in the file's order (needs are listed earlier in all our examples), and returns
   * them.
   */
  public Map<String, JobRun> runAll() throws Exception {
    for (String id : jobIds()) {
      run(id);
    }
    return finished;
  }

  /** Runs one job; the jobs it needs must have run already. */
  public JobRun run(String jobId) throws Exception {
    JsonNode job = null;
    for (JsonNode j : jobs) {
      if (j.get("id").asText().equals(jobId)) {
        job = j;
      }
    }
    if (job == null) {
      throw new AssertionError("no job " + jobId + " in " + jobIds());
    }
    ObjectNode needs = JSON.createObjectNode();
    boolean needsOk = true;
    for (JsonNode n : job.get("needs")) {
      JobRun dep = finished.get(n.asText());
      if (dep == null) {
        throw new AssertionError("job " + jobId + " needs " + n.asText() + ", which has not run");
      }
      needs
          .putObject(n.asText())
          .put("result", dep.ran() ? dep.status() : "skipped")
          .set("outputs", JSON.valueToTree(dep.outputs()));
      needsOk &= dep.ran() && dep.status().equals("success");
    }
    ObjectNode contexts =
        contexts(
            needs,
            JSON.createObjectNode(),
            runCancelled ? "cancelled" : "success",
            JSON.createObjectNode());
    boolean runs =
        truthy(
            job.get("if").asText(),
            contexts,
            needsOk && !runCancelled,
            !needsOk && !runCancelled,
            runCancelled);
    if (!runs) {
      JobRun skipped = new JobRun(jobId, false, "skipped", List.of(), Map.of());
      finished.put(jobId, skipped);
      return skipped;
    }
    String environment = environment(job, contexts);
    if (environment != null && reviewed.contains(environment) && !approved.contains(environment)) {
      JobRun waiting = new JobRun(jobId, false, "waiting", List.of(), Map.of());
      finished.put(jobId, waiting);
      return waiting;
    }
    ObjectNode jobEnv = evaluateMap(job.get("env"), contexts, "");
    ObjectNode steps = JSON.createObjectNode();
    List<StepRun> runsList = new ArrayList<>();
    boolean failed = false;
    for (JsonNode step : job.get("steps")) {
      String status = runCancelled ? "cancelled" : failed ? "failure" : "success";
      ObjectNode ctx = contexts(needs, steps, status, jobEnv);
      String id = step.get("id").asText();
      String name = step.get("name").isNull() ? id : text(step.get("name"), ctx);
      if (!truthy(
          step.get("if").asText(),
          ctx,
          !failed && !runCancelled,
          failed && !runCancelled,
          runCancelled)) {
        steps
            .putObject(id)
            .put("outcome", "skipped")
            .put("conclusion", "skipped")
            .putObject("outputs");
        runsList.add(new StepRun(id, name, false, "skipped", Map.of(), "", ""));
        continue;
      }
      ObjectNode env = jobEnv.deepCopy();
      env.setAll(evaluateMap(step.get("env"), ctx, ""));
      ctx.set("env", env);
      StepRun r = runStep(id, name, step, ctx, env);
      boolean continueOnError =
          step.get("continueOnError").isBoolean()
              ? step.get("continueOnError").asBoolean()
              : Boolean.parseBoolean(text(step.get("continueOnError"), ctx));
      String conclusion =
          r.outcome().equals("failure") && continueOnError ? "success" : r.outcome();
      failed |= conclusion.equals("failure");
      runCancelled |= conclusion.equals("cancelled");
      steps
          .putObject(id)
          .put("outcome", r.outcome())
          .put("conclusion", conclusion)
          .set("outputs", JSON.valueToTree(r.outputs()));
      runsList.add(r);
    }
    String status = runCancelled ? "cancelled" : failed ? "failure" : "success";
    ObjectNode ctx = contexts(needs, steps, status, jobEnv);
    Map<String, String> outputs = new LinkedHashMap<>();
    evaluateMap(job.get("outputs"), ctx, "")
        .properties()
        .forEach(e -> outputs.put(e.getKey(), e.getValue().asText()));
    JobRun done = new JobRun(jobId, true, status, runsList, outputs);
    finished.put(jobId, done);
    return done;
  }

  private StepRun runStep(String id, String name, JsonNode step, ObjectNode ctx, ObjectNode env)
      throws Exception {
    Map<String, String> with = new LinkedHashMap<>();
    evaluateMap(step.get("with"), ctx, "")
        .properties()
        .forEach(e -> with.put(e.getKey(), e.getValue().asText()));
    String uses = step.get("uses").isNull() ? null : step.get("uses").asText();
    StandIn standIn = standIns.containsKey(id) ? standIns.get(id) : standIns.get(name);
    if (standIn == null && uses != null) {
      standIn =
          standIns.entrySet().stream()
              .filter(e -> uses.startsWith(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    if (standIn != null) {
      try {
        return new StepRun(
            id, name, true, "success", standIn.run(workspace, with), "stand-in " + name + "\n", "");
      } catch (Exception | AssertionError e) {
        return new StepRun(
            id,
            name,
            true,
            "failure",
            Map.of(),
            "stand-in " + name + " failed: " + e.getMessage() + "\n",
            "");
      }
    }
    if (uses == null) {
      return runScript(id, name, text(step.get("run"), ctx), env);
    }
    Matcher m =
        Pattern.compile("flo-actions/flo-actions/(?:actions/)?([a-z-]+)@v\\d+").matcher(uses);
    if (!m.matches()) {
      throw new AssertionError("step " + name + " uses " + uses + ": declare a stand-in for it");
    }
    StepDefinition def =
        Steps.ALL.stream().filter(s -> s.name().equals(m.group(1))).findFirst().orElseThrow();
    StepHarness h =
        new StepHarness(def, workspace).clock(stepClocks.getOrDefault(def.name(), clock));
    github
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isTextual()) {
                h.env(
                    "GITHUB_" + e.getKey().toUpperCase(java.util.Locale.ROOT),
                    e.getValue().asText());
              }
            });
    if (github.has("event")) {
      Path event = Files.createTempFile(workspace.getParent(), "event", ".json");
      Files.writeString(event, JSON.writeValueAsString(github.get("event")));
      h.env("GITHUB_EVENT_PATH", event.toString());
    }
    stepEnv.forEach(h::env);
    env.properties().forEach(e -> h.env(e.getKey(), e.getValue().asText()));
    // The runner passes every declared input: the workflow's value, else action.yml's default
    // (evaluated).
    for (InputDef input : def.inputs()) {
      String value = with.get(input.name());
      String condition = redirectConditions.get(input.name());
      if (value == null
          && redirects.containsKey(input.name())
          && (condition == null || !with.getOrDefault(condition, "").isEmpty())) {
        value = redirects.get(input.name());
      }
      if (value == null && input.defaultValue() != null) {
        Matcher whole = WHOLE_EXPRESSION.matcher(input.defaultValue().trim());
        value =
            whole.matches()
                ? text(JSON.createObjectNode().put("expr", whole.group(1).trim()), ctx)
                : input.defaultValue();
      }
      if (value != null) {
        h.input(input.name(), value);
      }
    }
    if (cancelWhen != null && (id.equals(cancelStep) || name.equals(cancelStep))) {
      cancel = h.runCancelled(cancelWhen, java.time.Duration.ofMinutes(2));
      StepHarness.Result r = cancel.result();
      return new StepRun(id, name, true, "cancelled", r.outputs(), r.stdout(), r.summary());
    }
    StepHarness.Result r = h.run();
    return new StepRun(
        id,
        name,
        true,
        r.exitCode() == 0 ? "success" : "failure",
        r.outputs(),
        r.stdout(),
        r.summary());
  }

  private StepRun runScript(String id, String name, String script, ObjectNode env)
      throws Exception {
    Path output = Files.createTempFile(workspace, "set_output_", "");
    Path summary = Files.createTempFile(workspace, "step_summary_", "");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
            .directory(workspace.toFile())
            .redirectErrorStream(true);
    pb.environment().put("GITHUB_OUTPUT", output.toString());
    pb.environment().put("GITHUB_STEP_SUMMARY", summary.toString());
    pb.environment().put("GITHUB_WORKSPACE", workspace.toString());
    env.properties().forEach(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("run step " + name + " hung");
    }
    return new StepRun(
        id,
        name,
        true,
        p.exitValue() == 0 ? "success" : "failure",
        RunnerFileCommands.parse(Files.readString(output)),
        log,
        Files.readString(summary));
  }

  private ObjectNode contexts(
      ObjectNode needs, ObjectNode steps, String jobStatus, ObjectNode env) {
    ObjectNode c = JSON.createObjectNode();
    c.set("github", github.deepCopy().put("token", secrets.getOrDefault("GITHUB_TOKEN", "")));
    c.set("secrets", JSON.valueToTree(secrets));
    c.set("vars", JSON.valueToTree(vars));
    c.set("env", env);
    c.set("needs", needs);
    c.set("steps", steps);
    c.putObject("job").put("status", jobStatus);
    c.putObject("runner").put("os", "Linux").put("temp", workspace.toString());
    c.putObject("inputs");
    c.putObject("matrix");
    c.putObject("strategy");
    return c;
  }

  private boolean truthy(
      String condition, ObjectNode contexts, boolean success, boolean failure, boolean cancelled)
      throws IOException {
    ObjectNode req = JSON.createObjectNode().put("op", "eval").put("expr", condition);
    req.set("contexts", contexts);
    req.putObject("status")
        .put("success", success)
        .put("failure", failure)
        .put("cancelled", cancelled);
    JsonNode answer = ask(req);
    if (answer.has("errors")) {
      throw new AssertionError("if: " + condition + ": " + answer.get("errors"));
    }
    return answer.get("truthy").asBoolean();
  }

  /** A template value as a string, as the runner makes one for an input or env variable. */
  private String text(JsonNode template, ObjectNode contexts) throws IOException {
    if (template == null || template.isNull()) {
      return "";
    }
    if (template.has("lit")) {
      return template.get("lit").asText();
    }
    ObjectNode req =
        JSON.createObjectNode().put("op", "eval").put("expr", template.get("expr").asText());
    req.set("contexts", contexts);
    req.putObject("status").put("success", true).put("failure", false).put("cancelled", false);
    JsonNode answer = ask(req);
    if (answer.has("errors")) {
      throw new AssertionError(template.get("expr").asText() + ": " + answer.get("errors"));
    }
    JsonNode v = answer.get("value");
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isNumber()) {
      return v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble())
          ? Long.toString(v.asLong())
          : v.asText();
    }
    return v.isContainerNode() ? JSON.writeValueAsString(v) : v.asText();
  }

  private ObjectNode evaluateMap(JsonNode map, ObjectNode contexts, String unused)
      throws IOException {
    ObjectNode out = JSON.createObjectNode();
    if (map == null || map.isNull()) {
      return out;
    }
    for (var e : map.properties()) {
      out.put(e.getKey(), text(e.getValue(), contexts));
    }
    return out;
  }

  public Map<String, JobRun> finished() {
    return new HashMap<>(finished);
  }

  @Override
  public void close() {
    try {
      toNode.close();
      node.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // closing anyway
    }
    node.destroyForcibly();
  }
}
