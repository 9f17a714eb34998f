#!/usr/bin/env node
// PDFs per second and peak memory: tilpress against headless Chromium printing the same HTML,
// in the same run. Usage: npm run compile && node bench/pdf.js [rounds=50]
// Chromium is Debian's `chromium` package driven by playwright-core (apt-get install chromium).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { build, BuildSetUp } from "../lib/index.js";
import { createPdfEngine } from "../lib/pdf/engine.js";
import { renderPdf } from "../lib/pdf/renderPdf.js";
import { OLD_GENERATION_MB, YOUNG_GENERATION_MB } from "../lib/build/parallel.js";

const rounds = Number(process.argv[2] ?? 50);
const root = new URL("..", import.meta.url).pathname;
/** What a build worker keeps between chunks: catalog, templates and the PDF engine. */
const setUp = new BuildSetUp();
const LOCALES = ["en", "kk", "ru"];

// The same inputs both ways: the seed briefing's HTML per locale.
const html = build({ root, templates: ["briefing"], formats: ["html"] }).outputs.filter(
  (o) => o.format === "html" && o.template === "briefing",
);
const pages = LOCALES.map((l) => html.find((o) => o.locale === l).contents.toString());

/** HTML to PDF only: the same work Chromium does below. */
function layoutRun() {
  const engine = createPdfEngine();
  const options = (lang) => ({
    engine,
    meta: {
      lang,
      title: "Briefing",
      author: "Outlet",
      creationDate: new Date(0),
      header: ["Outlet", "Date"],
      pageLabel: (p, n) => `Page ${p} of ${n}`,
    },
  });
  pages.forEach((content, i) => renderPdf(content, options(LOCALES[i]))); // warm-up round, as Chromium gets
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    pages.forEach((content, i) => {
      bytes += renderPdf(content, options(LOCALES[i])).pdf.length;
      count++;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    count,
    seconds,
    perSecond: count / seconds,
    msPerPdf: (seconds * 1000) / count,
    cpuMsPerPdf: cpuMs(process.cpuUsage(cpu)) / count,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    bytes: bytes / count,
  };
}

const cpuMs = (u) => (u.user + u.system) / 1000;

/**
 * The whole build per round: load, validate, HTML and PDF for three locales, with one
 * BuildSetUp kept across rounds as a build worker keeps it across chunks.
 */
function tilpressRun() {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    const out = build({ root, templates: ["briefing"], formats: ["pdf"] }, setUp).outputs.filter(
      (o) => o.format === "pdf",
    );
    count += out.length;
    bytes += out.reduce((n, o) => n + o.contents.length, 0);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    count,
    seconds,
    perSecond: count / seconds,
    msPerPdf: (seconds * 1000) / count,
    cpuMsPerPdf: cpuMs(process.cpuUsage(cpu)) / count,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    bytes: bytes / count,
  };
}

/** The pids of a process and all its descendants (Linux /proc). */
function processTree(pid) {
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children(p)) walk(c);
  };
  walk(pid);
  return out;
}

/** CPU time of a process tree in ms: user + system, with that of reaped children (/proc/<pid>/stat). */
function treeCpuMs(pid) {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited between listing and reading
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total += rss ? Number(rss[1]) / 1024 : 0;
    } catch {
      // exited between listing and reading
    }
  }
  return total;
}

async function chromiumRun() {
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
  if (!executablePath) return undefined;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const pid =
    browser.process?.()?.pid ?? Number(execFileSync("pgrep", ["-o", "chromium"], { encoding: "utf8" }).trim());
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), 20);
  // Pages printing at once (bench/batch.js gives Chromium as many as the build has workers).
  const parallel = Math.max(1, Number(process.argv[4] ?? 1));
  const tabs = await Promise.all(Array.from({ length: parallel }, () => browser.newPage()));
  const page = tabs[0];
  const print = (content, tab = page) =>
    tab.setContent(content, { waitUntil: "load" }).then(() =>
      tab.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate:
          '<span style="font-size:8px;margin:auto">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>',
        margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" },
      }),
    );
  // Warm-up round in every tab: fonts loaded, renderers started.
  await Promise.all(
    tabs.map(async (tab) => {
      for (const content of pages) await print(content, tab);
    }),
  );
  const started = performance.now();
  const cpuBefore = treeCpuMs(pid);
  let count = 0;
  let bytes = 0;
  const jobs = [];
  for (let r = 0; r < rounds; r++) jobs.push(...pages);
  await Promise.all(
    tabs.map(async (tab) => {
      for (let content = jobs.shift(); content !== undefined; content = jobs.shift()) {
        const pdf = await print(content, tab);
        count++;
        bytes += pdf.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerPdf = (treeCpuMs(pid) - cpuBefore) / count;
  peak = Math.max(peak, treeRssMb(pid));
  clearInterval(sampler);
  await browser.close();
  return {
    count,
    seconds,
    perSecond: count / seconds,
    msPerPdf: (seconds * 1000) / count,
    cpuMsPerPdf,
    peakRssMb: peak,
    bytes: bytes / count,
  };
}

// Each renderer runs in a process of its own, so peak memory is its own.
const mode = process.argv[3];
if (mode) {
  build({ root, templates: ["briefing"], formats: ["pdf"] }, setUp); // warm-up: fonts opened, code compiled
  const result = mode === "layout" ? layoutRun() : mode === "build" ? tilpressRun() : await chromiumRun();
  process.stdout.write(JSON.stringify(result ?? null));
} else {
  const self = new URL(import.meta.url).pathname;
  // Our renderers run with the heap sizes the CLI's build workers get (src/build/parallel.ts).
  const flags = (m) =>
    m === "chromium"
      ? []
      : [`--max-semi-space-size=${Math.round(YOUNG_GENERATION_MB / 3)}`, `--max-old-space-size=${OLD_GENERATION_MB}`];
  const measure = (m) =>
    JSON.parse(execFileSync(process.execPath, [...flags(m), self, String(rounds), m], { encoding: "utf8" }));
  const layout = measure("layout");
  const ours = measure("build");
  const theirs = measure("chromium");
  const row = (name, r) =>
    `| ${name} | ${r.count} | ${r.perSecond.toFixed(1)} | ${r.msPerPdf.toFixed(1)} ms | ${r.cpuMsPerPdf.toFixed(1)} ms | ${r.peakRssMb.toFixed(0)} MB | ${(r.bytes / 1024).toFixed(0)} KB |`;
  console.log(
    `seed briefing in en, kk, ru × ${rounds} rounds; node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`,
  );
  console.log(
    "| renderer | PDFs | PDFs/s | wall per PDF | CPU per PDF | peak RSS | PDF size |\n|---|---|---|---|---|---|---|",
  );
  console.log(row("tilpress, HTML → PDF (one process, one core)", layout));
  console.log(row("tilpress, whole build per PDF (data → HTML → PDF)", ours));
  if (theirs) {
    console.log(row("headless Chromium, HTML → PDF (all its processes)", theirs));
    const perCore = (r) => (theirs.cpuMsPerPdf / r.cpuMsPerPdf).toFixed(1);
    console.log(
      `\nHTML → PDF: ${(layout.perSecond / theirs.perSecond).toFixed(1)}× Chromium's throughput (wall), ${perCore(layout)}× per core (CPU time), at ${((layout.peakRssMb / theirs.peakRssMb) * 100).toFixed(0)} % of its memory`,
    );
    console.log(
      `whole build: ${(ours.perSecond / theirs.perSecond).toFixed(1)}× (wall), ${perCore(ours)}× per core, at ${((ours.peakRssMb / theirs.peakRssMb) * 100).toFixed(0)} % of its memory`,
    );
  } else console.log("\n(no chromium binary: install Debian's chromium package to compare)");
}
