// GitHub's own workflow parser and expression evaluator behind a line-per-request JSON protocol on stdin/stdout,
// for WorkflowRehearsal (Java), which runs the steps. Bundled by esbuild (see the test): @actions/workflow-parser's
// dist imports JSON without an import attribute, which Node refuses to load directly.
//   {"op":"parse","name":"deploy.yml","content":"..."}      -> {"jobs":[...]} or {"errors":[...]}
//   {"op":"eval","expr":"...","contexts":{...},"status":{}}  -> {"value":<json>,"truthy":bool}
import { createInterface } from "node:readline";
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter, isBasicExpression, isMapping, isLiteral } from "@actions/workflow-parser";
import { Lexer, Parser, Evaluator, data } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";

/** A template value: {"expr": "..."} when it holds ${{ }} (converted to one expression), else {"lit": "..."}. */
function value(token) {
  if (token === undefined || token === null) return null;
  if (isBasicExpression(token)) return { expr: token.expression };
  if (isLiteral(token)) return { lit: String(token.value) };
  if (isMapping(token)) return { map: mapping(token) };
  return { lit: String(token) };
}

function mapping(token) {
  const out = {};
  if (!token || !isMapping(token)) return out;
  for (let i = 0; i < token.count; i++) {
    const pair = token.get(i);
    out[String(pair.key.value ?? pair.key)] = value(pair.value);
  }
  return out;
}

function step(s) {
  return {
    id: s.id,
    name: s.name ? value(s.name) : null,
    uses: s.uses ? String(s.uses.value) : null,
    run: s.run ? value(s.run) : null,
    if: s.if ? s.if.expression : "success()",
    env: s.env ? mapping(s.env) : {},
    continueOnError: typeof s["continue-on-error"] === "boolean" ? s["continue-on-error"] : s["continue-on-error"] ? value(s["continue-on-error"]) : false,
  };
}

async function parse(req) {
  const trace = new NoOperationTraceWriter();
  const parsed = parseWorkflow({ name: req.name, content: req.content }, trace);
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return { errors };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors && template.errors.length > 0) return { errors: template.errors.map((e) => e.Message) };
  return {
    jobs: template.jobs.map((j) => ({
      id: j.id.value,
      needs: (j.needs || []).map((n) => n.value),
      if: j.if ? j.if.expression : "success()",
      environment: j.environment ? value(j.environment) : null,
      env: j.env ? mapping(j.env) : {},
      outputs: j.outputs ? mapping(j.outputs) : {},
      steps: (j.steps || []).map((s, i) => ({ ...step(s), with: mapping(rawSteps(parsed.value, j.id.value)[i]?.find("with")) })),
    })),
  };
}

/** The converter drops a step's `with:`; the parsed template still has it (expressions already parsed). */
function rawSteps(root, jobId) {
  const steps = root.find("jobs")?.find(jobId)?.find("steps");
  const out = [];
  if (steps) for (let i = 0; i < steps.count; i++) out.push(steps.get(i));
  return out;
}

function statusFunction(name, result) {
  return { name, description: name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(result) };
}

function evaluate(req) {
  const st = req.status || {};
  const fns = [
    statusFunction("success", !!st.success),
    statusFunction("failure", !!st.failure),
    statusFunction("cancelled", !!st.cancelled),
    statusFunction("always", true),
  ];
  const contexts = JSON.parse(JSON.stringify(req.contexts || {}), data.reviver);
  const tokens = new Lexer(req.expr).lex();
  const expr = new Parser(tokens.tokens, Object.keys(req.contexts || {}), fns).parse();
  const result = new Evaluator(expr, contexts, new Map(fns.map((f) => [f.name.toLowerCase(), f]))).evaluate();
  return { value: JSON.parse(JSON.stringify(result, data.replacer)), truthy: truthy(result) };
}

const rl = createInterface({ input: process.stdin, terminal: false });
for await (const line of rl) {
  if (!line.trim()) continue;
  let answer;
  try {
    const req = JSON.parse(line);
    answer = req.op === "parse" ? await parse(req) : evaluate(req);
  } catch (e) {
    answer = { errors: [String(e && e.stack ? e.stack : e)] };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
