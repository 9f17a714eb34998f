#!/usr/bin/env node
// What loading fontkit and pdfkit costs a fresh process, with and without the stand-ins of
// src/core/deferredModules.ts (brotli's decoder, AES), in alternating runs; and, with
// --per-package, each package's share of a CLI run's module loading (compiling and first
// evaluating its files, its own requires included), from a hook on Module.prototype._compile;
// with --requires, the time inside `require` of each request matching a pattern in a CLI run
// (resolving, reading, compiling and running it and what it requires), from a hook on Module._load.
// Usage: npm run compile && node bench/module-load.js [runs=12]
//        npm run compile && node bench/module-load.js --per-package check --no-cache --quiet
//        npm run compile && node bench/module-load.js --requires 'hyphen|unicode-properties' build --no-cache --quiet --out <dir>
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tilpress-module-load-"));

if (process.argv[2] === "--requires") {
  const hook = join(dir, "requires.cjs");
  writeFileSync(
    hook,
    `const Module = require("node:module");
const load = Module._load;
const pattern = new RegExp(${JSON.stringify(process.argv[3] ?? ".")});
const ms = new Map();
Module._load = function (request, ...rest) {
  if (!pattern.test(request)) return load.call(this, request, ...rest);
  const start = process.hrtime.bigint();
  try { return load.call(this, request, ...rest); }
  finally { ms.set(request, (ms.get(request) ?? 0) + Number(process.hrtime.bigint() - start) / 1e6); }
};
process.on("exit", () => {
  process.stderr.write("| request | ms inside require |\\n|---|---|\\n");
  for (const [request, t] of ms) process.stderr.write("| " + request + " | " + t.toFixed(1) + " |\\n");
  if (ms.size === 0) process.stderr.write("| (none required) | |\\n");
});
`,
  );
  try {
    execFileSync(process.execPath, ["-r", hook, join(repo, "bin/tilpress.js"), ...process.argv.slice(4)], {
      cwd: repo,
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch {
    // the command's own exit code does not matter here
  }
} else if (process.argv[2] === "--per-package") {
  const hook = join(dir, "hook.cjs");
  writeFileSync(
    hook,
    `const Module = require("node:module");
const compile = Module.prototype._compile;
const rows = [];
Module.prototype._compile = function (content, filename) {
  const start = process.hrtime.bigint();
  try { return compile.call(this, content, filename); }
  finally { rows.push([Number(process.hrtime.bigint() - start) / 1e6, filename]); }
};
process.on("exit", () => {
  const byPackage = new Map();
  for (const [ms, file] of rows) {
    const name = /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(file)?.[1] ?? file;
    const row = byPackage.get(name) ?? { ms: 0, files: 0 };
    row.ms += ms; row.files++;
    byPackage.set(name, row);
  }
  process.stderr.write("| package | ms (its requires included) | files |\\n|---|---|---|\\n");
  for (const [name, row] of [...byPackage].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
    process.stderr.write("| " + name + " | " + row.ms.toFixed(1) + " | " + row.files + " |\\n");
});
`,
  );
  const args = process.argv.slice(3);
  try {
    execFileSync(process.execPath, ["-r", hook, join(repo, "bin/tilpress.js"), ...args], {
      cwd: repo,
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch {
    // the command's own exit code (check with errors) does not matter here
  }
} else {
  const runs = Number(process.argv[2] ?? 12);
  const script = join(dir, "load.mjs");
  writeFileSync(
    script,
    `const start = process.hrtime.bigint();
if (process.argv[2] === "deferred") await import(${JSON.stringify(join(repo, "lib/core/deferredModules.js"))});
const { createRequire } = await import("node:module");
const require = createRequire(${JSON.stringify(join(repo, "package.json"))});
require("fontkit");
require("pdfkit");
console.log(Number(process.hrtime.bigint() - start) / 1e6);
`,
  );
  const times = { plain: [], deferred: [] };
  for (let i = 0; i < runs; i++)
    for (const side of ["plain", "deferred"])
      times[side].push(Number(execFileSync(process.execPath, [script, side], { encoding: "utf8" })));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `require("fontkit") and require("pdfkit") in a fresh process, mean of ${runs} alternating runs: ` +
      `${mean(times.plain).toFixed(0)} ms as they are, ${mean(times.deferred).toFixed(0)} ms with the stand-ins`,
  );
}
