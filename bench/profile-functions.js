#!/usr/bin/env node
// A CPU profile's time by function: how long the samples spent inside each named function
// (inclusive, counted once a sample however deep it recurses), or, with --callers, the stacks
// above the samples whose innermost frame matches a pattern (`readdir`: who lists folders).
// With --self, the functions the samples were in (self time, by function and the line it starts
// on, its file shortened), the top [count=30]. What docs/performance.md's per-function,
// per-caller and self-time figures are made from; phases are bench/profile-phases.js.
// Usage: node --cpu-prof --cpu-prof-dir=<dir> bin/tilpress.js <command>   (run twice with the
//        same flags: the second finds the V8 code cache the first made for them)
//        node bench/profile-functions.js <file.cpuprofile> readYaml loadCatalog ...
//        node bench/profile-functions.js <file.cpuprofile> --callers '^readdir' [depth=4]
//        node bench/profile-functions.js <file.cpuprofile> --self [count=30]
import { readSamples } from "./cpuProfile.js";

const [file, ...rest] = process.argv.slice(2);
if (!file || rest.length === 0) {
  console.error(
    "usage: node bench/profile-functions.js <file.cpuprofile> <function>... | --callers <pattern> [depth] | --self [count]",
  );
  process.exit(2);
}
const name = (node) => `${node.callFrame.functionName || "(anonymous)"}:${node.callFrame.lineNumber}`;
const samples = readSamples(file);
const total = samples.reduce((sum, s) => sum + s.ms, 0);
console.log(`${file}: ${total.toFixed(0)} ms of samples\n`);

if (rest[0] === "--self") {
  const self = new Map();
  for (const { stack, ms } of samples) {
    const { url } = stack[0].callFrame;
    const key = `${name(stack[0])} ${url.replace(/^.*node_modules\//, "").replace(/^.*\//, "")}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  console.log("| ms (self) | function:line file |\n|---|---|");
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(rest[1] ?? 30)))
    console.log(`| ${ms.toFixed(1)} | ${key} |`);
} else if (rest[0] === "--callers") {
  const pattern = new RegExp(rest[1] ?? ".");
  const depth = Number(rest[2] ?? 4);
  const byStack = new Map();
  let matched = 0;
  for (const { stack, ms } of samples) {
    if (!pattern.test(name(stack[0]))) continue;
    matched += ms;
    const key = stack
      .slice(1, 1 + depth)
      .map(name)
      .join(" < ");
    byStack.set(key, (byStack.get(key) ?? 0) + ms);
  }
  console.log(`samples in ${pattern}: ${matched.toFixed(1)} ms\n\n| ms | called from (innermost first) |\n|---|---|`);
  for (const [key, ms] of [...byStack].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`| ${ms.toFixed(1)} | ${key} |`);
} else {
  const inside = new Map(rest.map((f) => [f, 0]));
  for (const { stack, ms } of samples) {
    const names = new Set(stack.map((n) => n.callFrame.functionName));
    for (const f of rest) if (names.has(f)) inside.set(f, inside.get(f) + ms);
  }
  console.log("| function | ms (inclusive) | share |\n|---|---|---|");
  for (const [f, ms] of inside) console.log(`| ${f} | ${ms.toFixed(1)} | ${((100 * ms) / total).toFixed(1)} % |`);
}
