#!/usr/bin/env node
// A CPU profile's samples by phase of a build: each sample counted in the first phase (in the
// order below) any frame of its stack belongs to, by function name; the rest by the function
// it was in. What the README's "Where a cold build spends its time" table is made from.
// Usage: node --cpu-prof --cpu-prof-dir=<dir> bin/tilpress.js build --no-cache   (run it twice
//        with the same <dir> flag: the second run finds the V8 code cache the first made)
//        node bench/profile-phases.js <dir>/<file>.cpuprofile
import { readSamples } from "./cpuProfile.js";

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
const ms = new Map();
let total = 0;
for (const { stack, ms: dt } of readSamples(file)) {
  const names = new Set(stack.map((node) => node.callFrame.functionName));
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
