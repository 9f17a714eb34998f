#!/usr/bin/env node
// What the tool cache (shaped words, compiled templates; src/emit/toolCache.ts) costs or saves
// in a cold build of a generated corpus (bench/generate.js): `build --no-cache` with an empty
// tool cache (the first run, which fills it), a warm one (the run after) and none
// (`TILPRESS_TOOL_CACHE=off`), alternating in each round; medians of wall time, CPU time (every
// thread) and peak RSS, by GNU time. On the bundled project see bench/cli-startup.js.
// Usage: npm run compile && node bench/tool-cache.js [articles=250] [rounds=1]
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { generateProject } from "./generate.js";
import { gnuTime } from "./processTree.js";

const count = Number(process.argv[2] ?? 250);
const rounds = Number(process.argv[3] ?? 1);
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "tilpress-tool-cache-bench-"));
generateProject(root, count);
const toolCache = join(root, ".tool-cache");
const build = (env) => gnuTime([bin, "build", "--root", root, "--no-cache", "--quiet"], { TILPRESS_TOOL_CACHE: env });

const runs = { empty: [], warm: [], off: [] };
for (let r = 0; r < rounds; r++) {
  rmSync(toolCache, { recursive: true, force: true });
  runs.empty.push(build(toolCache));
  runs.warm.push(build(toolCache));
  runs.off.push(build("off"));
}
rmSync(root, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${count} generated articles, build --no-cache, default --jobs; median of ${rounds} round(s); ` +
    `node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`,
);
console.log("| tool cache | wall | CPU | peak RSS |\n|---|---|---|---|");
for (const [name, list] of Object.entries(runs)) {
  const pick = (key) => median(list.map((x) => x[key]));
  console.log(
    `| ${name} | ${pick("wall").toFixed(1)} s | ${pick("cpu").toFixed(1)} s | ${pick("rssMb").toFixed(0)} MB |`,
  );
}
