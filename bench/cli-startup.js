#!/usr/bin/env node
// Cold start of the CLI, against bare `node` in the same run (ratios survive noisy machines).
// Usage: npm run compile && node bench/cli-startup.js [runs]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[2] ?? 15);
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "tilpress-bench-"));

function median(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const node = median(["-e", "0"]);
const version = median([bin, "--version"]);
const check = median([bin, "check", "--quiet"]);
const build = median([bin, "build", "--quiet", "--out", out, "--no-cache"]);
const noop = median([bin, "build", "--quiet", "--out", out]);
rmSync(out, { recursive: true, force: true });
const row = (name, ms) => `| ${name} | ${ms.toFixed(0)} ms | ${(ms / node).toFixed(1)}× |`;
console.log(`median of ${runs} runs, node ${process.version}\n`);
console.log("| command | wall time | vs `node -e 0` |\n|---|---|---|");
console.log(row("node -e 0", node));
console.log(row("tilpress --version", version));
console.log(row("tilpress check (bundled data)", check));
console.log(row("tilpress build --no-cache (bundled data: 6 HTML, 6 PDF, 3 emails)", build));
console.log(row("tilpress build, nothing changed (from the cache)", noop));
