#!/usr/bin/env node
// A small batch, as people build most often: a generated project of N articles (bench/generate.js)
// built cold from the CLI (`tilpress build --no-cache`, default workers, process start included)
// against one headless Chromium printing the same HTML pages with one warm page, browser launch
// and process start included (bench/chromium.js). Rounds alternate the two; medians are printed,
// wall time and CPU time (every thread and process) side by side. Chromium's peak RSS is that of
// the processes GNU time saw (not all of its helpers); bench/pdf.js samples all of them.
// Usage: npm run compile && node bench/small.js [articles=8] [rounds=3]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM } from "./chromium.js";
import { generateProject } from "./generate.js";
import { gnuTime } from "./processTree.js";

const count = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "tilpress-small-"));
generateProject(root, count);
const out = join(root, "dist");

// tilpress's threads all belong to the one process GNU time waits for.
const timed = (args) => gnuTime(args);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = [];
const theirs = [];
let pdfs = 0;
let list;
for (let r = 0; r < rounds; r++) {
  ours.push(timed([bin, "build", "--root", root, "--out", out, "--no-cache", "--quiet"]));
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  const pages = manifest.outputs.filter((o) => o.article && o.format === "html").map((o) => join(out, o.path));
  pdfs = manifest.outputs.filter((o) => o.format === "pdf").length;
  if (!list) writeFileSync((list = join(root, "pages.txt")), pages.join("\n"));
  if (CHROMIUM) {
    const run = timed([new URL("./chromium.js", import.meta.url).pathname, list, "0"]);
    // CPU from /proc (bench/chromium.js): GNU time misses Chromium's helpers it does not reap.
    theirs.push({ ...run, cpu: JSON.parse(run.stdout).totalCpuMs / 1000 });
  }
}

const row = (name, runs) => {
  const wall = median(runs.map((x) => x.wall));
  const cpu = median(runs.map((x) => x.cpu));
  return {
    wall,
    cpu,
    text: `| ${name} | ${pdfs} | ${wall.toFixed(2)} s | ${(pdfs / wall).toFixed(1)} | ${cpu.toFixed(2)} s | ${((cpu * 1000) / pdfs).toFixed(0)} ms | ${median(runs.map((x) => x.rssMb)).toFixed(0)} MB |`,
  };
};
console.log(
  `${count} generated articles × 3 languages; median of ${rounds} rounds; default --jobs (${availableParallelism()}); ` +
    `node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`,
);
console.log("| run | PDFs | wall | PDFs/s | CPU | CPU per PDF | peak RSS |\n|---|---|---|---|---|---|---|");
const a = row("tilpress build --no-cache (process start, HTML and PDF)", ours);
console.log(a.text);
if (theirs.length) {
  const b = row("Chromium, one warm page (process start and launch, PDF only)", theirs);
  console.log(b.text);
  console.log(
    `\ntilpress makes the PDFs at ${(b.wall / a.wall).toFixed(1)}× Chromium's rate (wall), ${(b.cpu / a.cpu).toFixed(1)}× per core (CPU time)`,
  );
} else console.log("\n(no chromium binary: install Debian's chromium package to compare)");
rmSync(root, { recursive: true, force: true });
