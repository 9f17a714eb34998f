#!/usr/bin/env node
// Long runs: generated corpora (bench/generate.js: text that varies as news does) built cold from
// the CLI with the default workers, each size in a project of its own, with wall time, CPU time
// (every thread) and peak RSS; for the largest, a no-op rebuild and a rebuild after editing one
// article too. The baseline, in the same run: one headless Chromium printing a sample of the
// largest corpus's HTML pages with one warm page (bench/chromium.js), its best marginal rate:
// launch and a warm-up left out, one page (two at once are slower on 2 cores); measured just
// before the largest cold build and just after it, and the ratio taken to the mean of the two,
// since this machine's speed moves by the hour (one sample after the build gave 6.9× and 11.3×
// on two evenings). The tool cache
// is the bench's own, empty at the start (the first build writes V8's code cache and the
// compiled templates, the later ones find them), so no earlier run's entries count.
// Usage: npm run compile && node bench/batch.js [sizes=250,500,1000] [jobs=cores]
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM } from "./chromium.js";
import { generateProject } from "./generate.js";
import { gnuTime } from "./processTree.js";

const sizes = (process.argv[2] ?? "250,500,1000").split(",").map(Number);
const jobs = Number(process.argv[3] ?? availableParallelism());
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;
const toolCache = mkdtempSync(join(tmpdir(), "tilpress-batch-tool-cache-"));

/** Wall, CPU (user + system, every thread) and peak RSS of one CLI run, by GNU time. */
function run(label, root, extra = []) {
  const { wall, cpu, rssMb } = gnuTime([bin, "build", "--root", root, "--jobs", String(jobs), "--quiet", ...extra], {
    TILPRESS_TOOL_CACHE: toolCache,
  });
  return { label, wall, cpu, rssMb };
}

const outputsOf = (root) => JSON.parse(readFileSync(join(root, "dist/manifest.json"), "utf8")).outputs;
const line = (r, pdfs) =>
  `| ${r.label} | ${r.wall.toFixed(1)} s | ${r.cpu.toFixed(1)} s | ${pdfs ? `${((r.cpu * 1000) / pdfs).toFixed(0)} ms` : "–"} | ${r.rssMb.toFixed(0)} MB |`;

console.log(`--jobs ${jobs}; node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`);
console.log("| run | wall | CPU | CPU per PDF | peak RSS |\n|---|---|---|---|---|");
/**
 * Chromium's best marginal rate on HTML pages of a corpus: 36 pages spread over it (every kind
 * and length, photos and tables as they come), one warm page (bench/chromium.js).
 */
function chromiumRate(pages, dir) {
  const step = Math.max(1, Math.floor(pages.length / 36));
  const sample = pages.filter((_, i) => i % step === 0).slice(0, 36);
  const list = join(dir, "chromium-pages.txt");
  writeFileSync(list, sample.join("\n"));
  return JSON.parse(
    execFileSync(process.execPath, [new URL("./chromium.js", import.meta.url).pathname, list, "6"], {
      encoding: "utf8",
    }),
  );
}

/**
 * Chromium before the largest cold build, on the HTML of 12 of its articles built apart (no
 * cache, no tool cache, not timed): with the rate after the build, it brackets the minute the
 * build ran in, since this machine's speed moves by the hour.
 */
function chromiumBefore(root) {
  const ids = readdirSync(join(root, "data/articles")).sort();
  const picked = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 12)) === 0).slice(0, 12);
  const out = mkdtempSync(join(tmpdir(), "tilpress-batch-sample-"));
  execFileSync(
    process.execPath,
    [
      bin,
      "build",
      "--root",
      root,
      "--no-cache",
      "--format",
      "html",
      "--quiet",
      "--out",
      out,
      ...picked.flatMap((id) => ["--article", id]),
    ],
    { env: { ...process.env, TILPRESS_TOOL_CACHE: "off" } },
  );
  const pages = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"))
    .outputs.filter((o) => o.article && o.format === "html")
    .map((o) => join(out, o.path));
  const rate = chromiumRate(pages, out);
  rmSync(out, { recursive: true, force: true });
  return rate;
}

let last;
let before;
for (const size of sizes) {
  const root = mkdtempSync(join(tmpdir(), "tilpress-batch-"));
  const corpus = generateProject(root, size);
  if (CHROMIUM && size === sizes.at(-1)) before = chromiumBefore(root);
  const cold = run(`cold build, ${size} articles`, root);
  const outputs = outputsOf(root);
  const pdfs = outputs.filter((o) => o.format === "pdf").length;
  cold.label += ` (${outputs.length} outputs, ${pdfs} PDFs; vocabulary en ${corpus.vocabulary.en}, kk ${corpus.vocabulary.kk}, ru ${corpus.vocabulary.ru})`;
  console.log(line(cold, pdfs));
  if (last) rmSync(last.root, { recursive: true, force: true });
  last = { root, cold, outputs, pdfs };
}

const { root, cold, outputs, pdfs } = last;
const noop = run("no-op rebuild (everything from the cache)", root);
console.log(line(noop));
const en = join(root, "data/articles/story-00001/en.md");
appendFileSync(en, "\nOne more sentence, added to the English.\n");
execFileSync(process.execPath, [bin, "review", "--root", root, "--article", "story-00001"], {
  env: { ...process.env, TILPRESS_TOOL_CACHE: toolCache },
});
const one = run("one article edited", root);
console.log(line(one));
console.log(`\nno-op rebuild: ${((noop.wall / cold.wall) * 100).toFixed(1)} % of the cold build's wall time`);

if (CHROMIUM) {
  const after = chromiumRate(
    outputs.filter((o) => o.article && o.format === "html").map((o) => join(root, "dist", o.path)),
    root,
  );
  const ourMs = (cold.wall * 1000) / pdfs;
  const ourCpuMs = (cold.cpu * 1000) / pdfs;
  const rates = [before, after].filter(Boolean);
  for (const [label, c] of [
    ["before the largest cold build", before],
    ["after it", after],
  ]) {
    if (!c) continue;
    console.log(
      `\nChromium ${label}, one warm page, ${c.pdfs} PDFs of this corpus: ${c.msPerPdf.toFixed(0)} ms wall, ` +
        `${c.cpuMsPerPdf.toFixed(0)} ms CPU per PDF, ${c.peakRssMb.toFixed(0)} MB peak RSS (all its processes): ` +
        `${(c.msPerPdf / ourMs).toFixed(1)}× wall, ${(c.cpuMsPerPdf / ourCpuMs).toFixed(1)}× per core.`,
    );
  }
  const mean = (key) => rates.reduce((sum, c) => sum + c[key], 0) / rates.length;
  console.log(
    `\nThe cold build, HTML and start-up included, makes PDFs at ${(mean("msPerPdf") / ourMs).toFixed(1)}× Chromium's ` +
      `best marginal rate (the mean of its rates; wall: ${ourMs.toFixed(1)} ms per PDF) and ${(mean("cpuMsPerPdf") / ourCpuMs).toFixed(1)}× ` +
      `per core (CPU: ${ourCpuMs.toFixed(1)} ms per PDF); Chromium would print the ${pdfs} PDFs alone in about ` +
      `${((mean("msPerPdf") * pdfs) / 1000).toFixed(0)} s.`,
  );
} else console.log("\n(no chromium binary: install Debian's chromium package to compare)");
rmSync(root, { recursive: true, force: true });
rmSync(toolCache, { recursive: true, force: true });
