#!/usr/bin/env node
// Cold start of the CLI, against bare `node` in the same run (ratios survive noisy machines).
// Wall time and CPU time (user + sys of the child and all its threads: what a shared machine's
// load changes least). Usage: npm run compile && node bench/cli-startup.js [runs]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[2] ?? 15);
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "tilpress-bench-"));
// The tool cache (shaped words, compiled templates; src/emit/toolCache.ts) in a folder of the
// bench's own, warmed by one build before the timed ones; "off" for a truly cold run.
const toolCache = mkdtempSync(join(tmpdir(), "tilpress-bench-tool-cache-"));

/** CPU time (ms) of this process's waited-for children, from /proc (Linux; clock ticks of 10 ms). */
function childrenCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args, env = { TILPRESS_TOOL_CACHE: toolCache }) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < runs; i++) {
    const cpu = childrenCpu();
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore", env: { ...process.env, ...env } });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpus.push(childrenCpu() - cpu);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

spawnSync(process.execPath, [bin, "build", "--quiet", "--out", out, "--no-cache"], {
  cwd: root,
  stdio: "ignore",
  env: { ...process.env, TILPRESS_TOOL_CACHE: toolCache },
});
const node = measure(["-e", "0"]);
const version = measure([bin, "--version"]);
// check keeps its results in .tilpress-cache/.check/: the first run fills it, the others replay it.
const check = measure([bin, "check", "--quiet"]);
const checkUncached = measure([bin, "check", "--quiet", "--no-cache"]);
const build = measure([bin, "build", "--quiet", "--out", out, "--no-cache"]);
const trulyCold = measure([bin, "build", "--quiet", "--out", out, "--no-cache"], { TILPRESS_TOOL_CACHE: "off" });
const noop = measure([bin, "build", "--quiet", "--out", out]);
rmSync(out, { recursive: true, force: true });
rmSync(toolCache, { recursive: true, force: true });
const row = (name, { wall, cpu }) =>
  `| ${name} | ${wall.toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${(wall / node.wall).toFixed(1)}× |`;
console.log(`median of ${runs} runs, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| command | wall time | CPU (user + sys) | wall vs `node -e 0` |\n|---|---|---|---|");
console.log(row("node -e 0", node));
console.log(row("tilpress --version", version));
console.log(row("tilpress check (bundled data; from its cache after the first run)", check));
console.log(row("tilpress check --no-cache (bundled data)", checkUncached));
console.log(
  row(
    "tilpress build --no-cache, tool cache warm (bundled project: 6 articles, 24 pages and their PDFs in 4 locales, 12 email files)",
    build,
  ),
);
console.log(
  row("the same with the tool cache off (`TILPRESS_TOOL_CACHE=off`: fonts shaped, templates compiled)", trulyCold),
);
console.log(row("tilpress build, nothing changed (from the cache)", noop));
