import { validateWorkflow } from "@action-validator/core";
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { ciKind, runGithubWorkflow, runGitlabPipeline, yamlBlocks, type CiRun, type DocBlock } from "./ciWorkflows.js";
import { projectCopy, REPO } from "./helpers.js";

// Every CI workflow the docs show is checked as a user would use it: copied out of the Markdown,
// parsed, validated against GitHub's workflow schema, and run (its shell steps for real).

const DOCS = [
  "README.md",
  ...readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const workflows: DocBlock[] = DOCS.flatMap(yamlBlocks).filter((b) => ciKind(b) !== undefined);

/**
 * The bundled project as a repository holds it, its tilpress.config.json (baseUrl) included:
 * `check --strict` would fail on the `site/no-base-url` warning without one.
 */
function bundledProject(): string {
  const root = projectCopy();
  cpSync(join(REPO, "tilpress.config.json"), join(root, "tilpress.config.json"));
  return root;
}

/** Every file of a folder with its bytes, by relative path. */
function files(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of files(join(dir, entry.name), `${rel}/`)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, entry.name)).toString("base64"));
  }
  return out;
}

let reference: Map<string, string> | undefined;
/** The bundled project built in one job, the way the README says. */
function oneBuild(): Map<string, string> {
  if (!reference) {
    const root = bundledProject();
    execFileSync("node", [join(REPO, "bin/tilpress.js"), "build", "--root", root, "--out", join(root, "dist")], {
      stdio: "pipe",
    });
    reference = files(join(root, "dist"));
  }
  return reference;
}

const runs = new Map<DocBlock, CiRun>();
/** Each workflow run once on the bundled project, for every test that looks at what it did. */
function runOf(block: DocBlock): CiRun {
  let run = runs.get(block);
  if (!run) {
    const project = bundledProject();
    run = ciKind(block) === "gitlab" ? runGitlabPipeline(block.text, project) : runGithubWorkflow(block.text, project);
    runs.set(block, run);
  }
  return run;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

describe("CI workflows in the docs", () => {
  it("the docs show the workflows the README promises (one job, GitHub matrix, GitLab parallel)", () => {
    expect(workflows.map((w) => `${w.file}:${ciKind(w)}`)).toEqual([
      "docs/ci.md:github",
      "docs/ci.md:github",
      "docs/ci.md:gitlab",
    ]);
  });

  it.each(workflows.map((w) => [`${w.file}:${w.line}`, w] as const))("%s is valid YAML", (_, block) => {
    const doc = parseDocument(block.text, { prettyErrors: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
  });

  it.each(workflows.filter((w) => ciKind(w) === "github").map((w) => [`${w.file}:${w.line}`, w] as const))(
    "%s passes GitHub's workflow schema",
    (_, block) => {
      expect(validateWorkflow(block.text).errors).toEqual([]);
    },
  );

  it("the schema check fails on the flow mapping the docs once had", () => {
    const broken =
      "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v4\n        with: { name: shard-${{ matrix.shard }}, path: x }\n";
    expect(validateWorkflow(broken).errors.map((e) => e.code)).toContain("parse_error");
  });

  it.each(workflows.map((w) => [`${w.file}:${w.line} (${ciKind(w)})`, w] as const))(
    "%s runs on the bundled project and publishes what one build makes",
    (_, block) => {
      const run = runOf(block);
      const site = run.published ?? run.artifacts.get("briefings");
      expect(site, `the workflow publishes nothing:\n${run.log.join("\n")}`).toBeDefined();
      const published = files(site ?? "");
      expect(published.has("manifest.json")).toBe(true);
      expect([...published.keys()].sort()).toEqual([...oneBuild().keys()].sort());
      for (const [path, bytes] of oneBuild()) expect(published.get(path), path).toBe(bytes);
    },
    120_000,
  );

  it("the GitLab pipeline keeps the tool cache in a folder it caches, and its builds fill it", () => {
    const block = workflows.find((w) => ciKind(w) === "gitlab")!;
    const cached = record(record(record(parse(block.text)).build).cache).paths;
    const builds = runOf(block).jobs?.filter((j) => j.name === "build") ?? [];
    expect(builds).toHaveLength(4);
    for (const { workspace, env } of builds) {
      const folder = env["TILPRESS_TOOL_CACHE"] ?? "";
      // GitLab caches paths inside the project only: the folder must be one of them.
      expect(folder.startsWith(`${workspace}/`), folder).toBe(true);
      expect(cached).toContain(`${relative(workspace, folder)}/`);
      expect(readdirSync(folder).length, folder).toBeGreaterThan(0);
    }
  }, 120_000);
});
