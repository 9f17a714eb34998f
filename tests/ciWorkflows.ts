import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO } from "./helpers.js";

/**
 * A small runner for the CI workflows the docs show: it runs their shell steps for real, in the
 * order GitHub Actions or GitLab would, with `npx tilpress` pointing at this checkout, and plays
 * the few actions a tilpress workflow uses (checkout, artifacts, pages). Anything else it meets
 * is an error, so a doc cannot use a step the test silently skips.
 */

export interface DocBlock {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Every ```yaml block of a Markdown file, with the line its first YAML line is on. */
export function yamlBlocks(file: string): DocBlock[] {
  const lines = readFileSync(join(REPO, file), "utf8").split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "```yaml") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== "```") end++;
    blocks.push({ file, line: start + 1, text: lines.slice(start, end).join("\n") + "\n" });
    i = end;
  }
  return blocks;
}

export type CiKind = "github" | "gitlab";

export function ciKind(block: DocBlock): CiKind | undefined {
  if (/^jobs:/m.test(block.text) && /^on:/m.test(block.text)) return "github";
  if (/^stages:/m.test(block.text)) return "gitlab";
  return undefined;
}

/** What a workflow run leaves: the artifacts by name, and the folder it publishes (Pages). */
export interface CiRun {
  readonly artifacts: ReadonlyMap<string, string>;
  readonly published?: string;
  readonly log: readonly string[];
  /** GitLab: each job run, its checkout and the variables it ran with (predefined and its own). */
  readonly jobs?: readonly {
    readonly name: string;
    readonly workspace: string;
    readonly env: Record<string, string>;
  }[];
}

type Json = Record<string, unknown>;

const record = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** `npx tilpress …` runs this checkout's CLI; `npm ci` has nothing to install. */
function shimBin(): string {
  const bin = mkdtempSync(join(tmpdir(), "tilpress-ci-bin-"));
  const cli = join(REPO, "bin", "tilpress.js");
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh\nif [ "$1" = tilpress ]; then shift; exec node '${cli}' "$@"; fi\necho "npx $1: not simulated" >&2\nexit 127\n`,
  );
  writeFileSync(join(bin, "npm"), `#!/bin/sh\n[ "$1" = ci ] && exit 0\necho "npm $*: not simulated" >&2\nexit 127\n`);
  chmodSync(join(bin, "npx"), 0o755);
  chmodSync(join(bin, "npm"), 0o755);
  return bin;
}

interface Runner {
  readonly project: string;
  readonly bin: string;
  readonly work: string;
  readonly log: string[];
}

function checkout(runner: Runner, name: string): string {
  const dir = mkdtempSync(join(runner.work, `${name.replace(/[^\w-]/g, "_")}-`));
  for (const entry of readdirSync(runner.project))
    cpSync(join(runner.project, entry), join(dir, entry), { recursive: true });
  return dir;
}

function shell(runner: Runner, options: { cwd: string; script: string; env?: Record<string, string> }): void {
  runner.log.push(`$ ${options.script}`);
  try {
    execFileSync("bash", ["-e", "-c", options.script], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PATH: `${runner.bin}:${process.env.PATH ?? ""}` },
      stdio: "pipe",
      encoding: "utf8",
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`\`${options.script}\` exited ${e.status}\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: error });
  }
}

const globRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );

/** `${{ matrix.x }}` and `${{ github.sha }}` replaced; any other expression in a run step is an error. */
function expand(text: string, context: { matrix: Json; where: string }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const m = /^matrix\.(\w+)$/.exec(expr);
    if (m?.[1] !== undefined && m[1] in context.matrix) return String(context.matrix[m[1]]);
    if (expr === "github.sha") return "0123456789abcdef0123456789abcdef01234567";
    if (/^hashFiles\(/.test(expr)) return "hash";
    if (/^steps\.\w+\.outputs\./.test(expr)) return "";
    throw new Error(`${context.where}: expression \${{ ${expr} }} not simulated`);
  });
}

function matrixCombinations(strategy: unknown): Json[] {
  const matrix = record(record(strategy).matrix);
  let combos: Json[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (!Array.isArray(values)) throw new Error(`matrix.${key}: only lists are simulated`);
    combos = combos.flatMap((c) => values.map((v: unknown) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** Jobs in an order that respects `needs`. */
function jobOrder(jobs: Json): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    const needs = record(jobs[name]).needs;
    for (const n of Array.isArray(needs) ? needs : needs ? [needs] : []) visit(String(n));
    order.push(name);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

/** Run a GitHub Actions workflow's jobs on `project`, one job (and matrix entry) at a time. */
export function runGithubWorkflow(text: string, project: string): CiRun {
  const workflow = record(parse(text));
  const runner: Runner = { project, bin: shimBin(), work: mkdtempSync(join(tmpdir(), "tilpress-ci-")), log: [] };
  const store = join(runner.work, "artifacts");
  const artifacts = new Map<string, string>();
  let published: string | undefined;
  const jobs = record(workflow.jobs);
  for (const name of jobOrder(jobs)) {
    const job = record(jobs[name]);
    for (const matrix of matrixCombinations(job.strategy)) {
      let workspace: string | undefined;
      const steps = Array.isArray(job.steps) ? job.steps : [];
      steps.forEach((raw: unknown, i: number) => {
        const step = record(raw);
        const where = `jobs.${name}.steps[${i}]`;
        const w = Object.fromEntries(
          Object.entries(record(step.with)).map(([k, v]) => [k, expand(String(v), { matrix, where })]),
        );
        if (typeof step.run === "string") {
          if (!workspace) throw new Error(`${where}: runs before actions/checkout`);
          shell(runner, { cwd: workspace, script: expand(step.run, { matrix, where }) });
          return;
        }
        const uses = String(step.uses ?? "");
        const action = uses.replace(/@.*$/, "");
        if (action === "actions/checkout") workspace = checkout(runner, name);
        else if (action === "actions/setup-node") {
          if (Number(w["node-version"]) < 20) throw new Error(`${where}: tilpress needs Node 20 or newer`);
        } else if (action === "actions/cache") {
          if (!w.path || !w.key) throw new Error(`${where}: actions/cache needs path and key`);
        } else if (action === "actions/upload-artifact") {
          const from = join(workspace ?? "", w.path ?? "");
          if (!w.name || !existsSync(from)) throw new Error(`${where}: uploads ${w.path}, which the job did not make`);
          if (artifacts.has(w.name)) throw new Error(`${where}: artifact ${w.name} uploaded twice`);
          const to = join(store, w.name);
          cpSync(from, to, { recursive: true });
          artifacts.set(w.name, to);
        } else if (action === "actions/download-artifact") {
          const into = join(workspace ?? "", w.path ?? ".");
          const names = w.name ? [w.name] : [...artifacts.keys()].filter((a) => globRegExp(w.pattern ?? "*").test(a));
          if (names.length === 0) throw new Error(`${where}: no artifact matches`);
          // v4: one artifact goes straight into `path`; several (a pattern) into path/<name>.
          for (const a of names) cpSync(artifacts.get(a) ?? "", w.name ? into : join(into, a), { recursive: true });
        } else if (action === "actions/upload-pages-artifact") {
          published = join(workspace ?? "", w.path ?? "");
          if (!existsSync(join(published, "index.html"))) throw new Error(`${where}: ${w.path} has no index.html`);
        } else if (action === "actions/deploy-pages") {
          if (!published) throw new Error(`${where}: deploy-pages without a pages artifact`);
        } else throw new Error(`${where}: ${uses} is not simulated`);
      });
    }
  }
  return { artifacts, log: runner.log, ...(published ? { published } : {}) };
}

const GITLAB_KEYWORDS = new Set([
  "image",
  "stages",
  "variables",
  "default",
  "include",
  "workflow",
  "cache",
  "services",
]);

/** Run a GitLab CI pipeline on `project`: stages in order, `parallel:` jobs with CI_NODE_INDEX. */
export function runGitlabPipeline(text: string, project: string): CiRun {
  const pipeline = record(parse(text));
  const runner: Runner = { project, bin: shimBin(), work: mkdtempSync(join(tmpdir(), "tilpress-ci-")), log: [] };
  const artifactsDir = join(runner.work, "artifacts");
  mkdirSync(artifactsDir);
  const artifacts = new Map<string, string>();
  let published: string | undefined;
  const stages = Array.isArray(pipeline.stages) ? pipeline.stages.map(String) : ["test"];
  const jobs = Object.entries(pipeline).filter(([k]) => !GITLAB_KEYWORDS.has(k) && !k.startsWith("."));
  const ran: { name: string; workspace: string; env: Record<string, string> }[] = [];
  for (const stage of stages) {
    // A stage's jobs see the artifacts of earlier stages only.
    const made = mkdtempSync(join(runner.work, `stage-${stage}-`));
    for (const [name, raw] of jobs) {
      const job = record(raw);
      if (String(job.stage ?? "test") !== stage) continue;
      const total = job.parallel === undefined ? 0 : Number(job.parallel);
      for (let index = 1; index <= Math.max(1, total); index++) {
        const workspace = checkout(runner, name);
        // Artifacts of earlier stages are restored into every later job.
        cpSync(artifactsDir, workspace, { recursive: true });
        const env: Record<string, string> = {
          CI_PROJECT_DIR: workspace,
          ...(total ? { CI_NODE_INDEX: String(index), CI_NODE_TOTAL: String(total) } : {}),
        };
        // The pipeline's variables, then the job's, each expanded from those before it (as GitLab does).
        for (const [key, value] of [
          ...Object.entries(record(pipeline.variables)),
          ...Object.entries(record(job.variables)),
        ])
          env[key] = String(value).replace(/\$\{?(\w+)\}?/g, (_, v: string) => env[v] ?? "");
        ran.push({ name, workspace, env });
        const script = Array.isArray(job.script) ? job.script.map(String) : [];
        for (const line of script) shell(runner, { cwd: workspace, script: line, env });
        const paths = Array.isArray(record(job.artifacts).paths) ? (record(job.artifacts).paths as unknown[]) : [];
        for (const p of paths.map(String)) {
          const re = globRegExp(p.replace(/\/$/, ""));
          const found = readdirSync(workspace).filter((e) => re.test(e));
          if (found.length === 0) throw new Error(`${name}: artifacts path ${p} matches nothing`);
          for (const e of found) {
            cpSync(join(workspace, e), join(made, e), { recursive: true });
            artifacts.set(e, join(artifactsDir, e));
          }
        }
        if (name === "pages") published = join(workspace, "public");
      }
    }
    cpSync(made, artifactsDir, { recursive: true });
  }
  return { artifacts, log: runner.log, jobs: ran, ...(published ? { published } : {}) };
}
