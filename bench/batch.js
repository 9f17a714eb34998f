#!/usr/bin/env node
// A large batch: N generated articles × 3 locales × 2 templates × (HTML + PDF).
// Measures (a) a cold build, (b) a no-op rebuild, (c) a rebuild after editing one article, each
// with peak RSS, and Chromium printing a sample of the same PDFs in the same run as the baseline.
// Usage: npm run compile && node bench/batch.js [articles=1000] [jobs=cores]
import { execFileSync, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateProject } from "./generate.js";

const count = Number(process.argv[2] ?? 1000);
const jobs = Number(process.argv[3] ?? availableParallelism());
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "tilpress-batch-"));
generateProject(root, count);

/** Wall time and peak RSS of one CLI run (GNU time). */
function run(label) {
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %M", process.execPath, bin, "build", "--root", root, "--jobs", String(jobs), "--quiet"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { label, seconds, rssMb: kb / 1024 };
}

const cold = run("cold build");
const noop = run("no-op rebuild");
const en = join(root, "data/articles/story-00001/en.md");
writeFileSync(en, readFileSync(en, "utf8").replace("sealing off the square", "sealing off the central square"));
execFileSync(process.execPath, [bin, "review", "--root", root, "--article", "story-00001"]);
const one = run("one article edited");
const outputs = JSON.parse(readFileSync(join(root, "dist/manifest.json"), "utf8")).outputs.filter(
  (o) => o.article && o.format !== "image",
).length;
const pdfs = outputs / 2;

// Chromium on a sample of the same PDFs, in the same run (bench/pdf.js measures it).
let chromium;
try {
  // As many pages printing at once as the build has workers: the same cores for both.
  chromium = JSON.parse(
    execFileSync(process.execPath, [new URL("./pdf.js", import.meta.url).pathname, "5", "chromium", String(jobs)], {
      encoding: "utf8",
    }),
  );
} catch {
  chromium = null;
}

console.log(
  `${count} articles × 3 locales × 2 templates × (HTML + PDF) = ${outputs} outputs; --jobs ${jobs}; node ${process.version}\n`,
);
console.log("| run | wall time | peak RSS |\n|---|---|---|");
for (const r of [cold, noop, one]) console.log(`| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.rssMb.toFixed(0)} MB |`);
console.log(`\nno-op rebuild: ${((noop.seconds / cold.seconds) * 100).toFixed(1)} % of the cold build`);
if (chromium) {
  const chromiumSeconds = pdfs / chromium.perSecond;
  console.log(
    `Chromium with ${jobs} pages printing at once would print the ${pdfs} PDFs alone in about ${chromiumSeconds.toFixed(0)} s (${chromium.perSecond.toFixed(1)} PDFs/s, measured on ${chromium.count} in this run): the cold build's throughput is ${(chromiumSeconds / cold.seconds).toFixed(1)}× Chromium's, PDFs and HTML included`,
  );
}
rmSync(root, { recursive: true, force: true });
