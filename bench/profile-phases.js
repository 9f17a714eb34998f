#!/usr/bin/env node
// A CPU profile's samples by phase of a build: each sample counted in the first phase (in the
// order below) any frame of its stack belongs to, by function name; the rest by the function
// it was in. What the README's "Where a cold build spends its time" table is made from.
// Usage: node --cpu-prof --cpu-prof-dir=<dir> bin/tilpress.js build --no-cache   (run it twice
//        with the same <dir> flag: the second run finds the V8 code cache the first made)
//        node bench/profile-phases.js <dir>/<file>.cpuprofile
import { readFileSync } from "node:fs";

const PHASES = [
  ["garbage collector", ["(garbage collector)"]],
  ["PDFs laid out and painted", ["renderPdf"]],
  ["newsletter issues", ["composeIssues"]],
  ["pages rendered", ["buildPage", "render"]],
  ["loading the program", ["Module._compile", "__init", "Script", "runBundle", "compileForInternalLoader"]],
  ["loading and validating the project", ["loadContext"]],
];

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/profile-phases.js <file.cpuprofile>");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const ms = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  const names = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id))
    names.add(byId.get(id).callFrame.functionName);
  if (names.has("(idle)")) continue;
  total += dt;
  const phase = PHASES.find(([, fns]) => fns.some((f) => names.has(f)))?.[0] ?? "the rest";
  ms.set(phase, (ms.get(phase) ?? 0) + dt);
}
console.log(`${file}: ${total.toFixed(0)} ms of samples (idle left out)\n`);
console.log("| phase | ms | share |\n|---|---|---|");
for (const [phase] of [...PHASES, ["the rest"]])
  console.log(
    `| ${phase} | ${(ms.get(phase) ?? 0).toFixed(0)} | ${((100 * (ms.get(phase) ?? 0)) / total).toFixed(0)} % |`,
  );
