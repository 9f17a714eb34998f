#!/usr/bin/env node
// Before/after of a change on a noisy machine: the same tilpress command run by two or more
// checkouts in turn (A B A B …), each with a tool cache of its own warmed by two runs first,
// and the medians of wall time (from the clock), CPU time (user + system) and peak RSS (GNU
// time) printed side by side. A checkout is a folder with bin/ and a compiled lib/ (a `git
// worktree` of the commit, `npm ci && npm run compile` in it).
// A side may carry Node flags after an @ (`.@--interrupt-budget=67584`): the same checkout
// run under other V8 flags (a flag tilpress sets as it starts, src/cli/v8Flags.ts, wins over
// the command line's: compare such a flag with a checkout from before it).
// Usage: node bench/alternate.js <runs> "<tilpress arguments>" <checkout>[@<node flags>] <checkout> [...]
//   e.g. node bench/alternate.js 10 "build --quiet --no-cache --out /tmp/o" /tmp/before .
//        node bench/alternate.js 8 "check --no-cache" /tmp/before /tmp/before@--interrupt-budget=540672
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gnuTime } from "./processTree.js";

const [runsArg, argsArg, ...checkouts] = process.argv.slice(2);
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || !argsArg || checkouts.length < 2) {
  console.error(
    'usage: node bench/alternate.js <runs> "<tilpress arguments>" <checkout>[@<node flags>] <checkout> [...]',
  );
  process.exit(2);
}
const args = argsArg.split(/\s+/).filter(Boolean);
const sides = checkouts.map((side) => ({
  dir: side,
  flags: side.includes("@")
    ? side
        .slice(side.indexOf("@") + 1)
        .split(/\s+/)
        .filter(Boolean)
    : [],
  bin: join(resolve(side.split("@")[0]), "bin/tilpress.js"),
  toolCache: mkdtempSync(join(tmpdir(), "tilpress-alternate-")),
  rows: [],
}));
const run = (side) => {
  const start = process.hrtime.bigint();
  const r = gnuTime([...side.flags, side.bin, ...args], { TILPRESS_TOOL_CACHE: side.toolCache });
  // The clock's wall time: GNU time's is in hundredths of a second.
  return { ...r, wall: Number(process.hrtime.bigint() - start) / 1e9 };
};
for (const side of sides) for (let i = 0; i < 2; i++) run(side); // the code cache and tool cache written
for (let i = 0; i < runs; i++) for (const side of sides) side.rows.push(run(side));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
console.log(`tilpress ${args.join(" ")}; ${runs} alternating runs; medians (range)\n`);
console.log("| checkout | wall ms | CPU ms | peak RSS MB |\n|---|---|---|---|");
for (const side of sides) {
  const wall = side.rows.map((r) => r.wall * 1000);
  const cpu = side.rows.map((r) => r.cpu * 1000);
  const rss = side.rows.map((r) => r.rssMb);
  console.log(
    `| ${side.dir} | ${median(wall).toFixed(0)} (${range(wall)}) | ${median(cpu).toFixed(0)} (${range(cpu)}) | ${median(rss).toFixed(0)} (${range(rss)}) |`,
  );
  rmSync(side.toolCache, { recursive: true, force: true });
}
