#!/usr/bin/env node
// PDFs per second and peak memory: tilpress against headless Chromium printing the same HTML,
// in the same run. Usage: npm run compile && node bench/pdf.js [rounds]
// Chromium is Debian's `chromium` package driven by playwright-core (apt-get install chromium).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { build } from "../lib/index.js";
import { renderPdf } from "../lib/pdf/renderPdf.js";

const rounds = Number(process.argv[2] ?? 20);
const root = new URL("..", import.meta.url).pathname;
const LOCALES = ["en", "kk", "ru"];

// The same inputs both ways: the seed briefing's HTML per locale.
const html = build({ root, templates: ["briefing"], formats: ["html"] }).outputs.filter((o) => o.format === "html" && o.template === "briefing");
const pages = LOCALES.map((l) => html.find((o) => o.locale === l).contents.toString());

/** HTML to PDF only: the same work Chromium does below. */
function layoutRun() {
  const meta = (lang) => ({ lang, title: "Briefing", author: "Outlet", creationDate: new Date(0), header: ["Outlet", "Date"], pageLabel: (p, n) => `Page ${p} of ${n}` });
  const started = performance.now();
  let count = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    pages.forEach((content, i) => {
      bytes += renderPdf(content, meta(LOCALES[i])).pdf.length;
      count++;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds, msPerPdf: (seconds * 1000) / count, peakRssMb: process.resourceUsage().maxRSS / 1024, bytes: bytes / count };
}

/** The whole build per round: load, validate, HTML and PDF for three locales. */
function tilpressRun() {
  const started = performance.now();
  let count = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    const out = build({ root, templates: ["briefing"], formats: ["pdf"] }).outputs.filter((o) => o.format === "pdf");
    count += out.length;
    bytes += out.reduce((n, o) => n + o.contents.length, 0);
  }
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds, msPerPdf: (seconds * 1000) / count, peakRssMb: process.resourceUsage().maxRSS / 1024, bytes: bytes / count };
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(pid) {
  let total = 0;
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const walk = (p) => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total += rss ? Number(rss[1]) / 1024 : 0;
    } catch {
      return;
    }
    for (const c of children(p)) walk(c);
  };
  walk(pid);
  return total;
}

async function chromiumRun() {
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
  if (!executablePath) return undefined;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const pid = browser.process?.()?.pid ?? Number(execFileSync("pgrep", ["-o", "chromium"], { encoding: "utf8" }).trim());
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), 20);
  const page = await browser.newPage();
  const started = performance.now();
  let count = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    for (const content of pages) {
      await page.setContent(content, { waitUntil: "load" });
      const pdf = await page.pdf({ format: "A4", printBackground: true, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: '<span style="font-size:8px;margin:auto">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>', margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" } });
      count++;
      bytes += pdf.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, treeRssMb(pid));
  clearInterval(sampler);
  await browser.close();
  return { count, seconds, perSecond: count / seconds, msPerPdf: (seconds * 1000) / count, peakRssMb: peak, bytes: bytes / count };
}

// Each renderer runs in a process of its own, so peak memory is its own.
const mode = process.argv[3];
if (mode) {
  build({ root, templates: ["briefing"], formats: ["pdf"] }); // warm-up: fonts opened, code compiled
  const result = mode === "layout" ? layoutRun() : mode === "build" ? tilpressRun() : await chromiumRun();
  process.stdout.write(JSON.stringify(result ?? null));
} else {
  const self = new URL(import.meta.url).pathname;
  const measure = (m) => JSON.parse(execFileSync(process.execPath, [self, String(rounds), m], { encoding: "utf8" }));
  const layout = measure("layout");
  const ours = measure("build");
  const theirs = measure("chromium");
  const row = (name, r) => `| ${name} | ${r.count} | ${r.perSecond.toFixed(1)} | ${r.msPerPdf.toFixed(1)} ms | ${r.peakRssMb.toFixed(0)} MB | ${(r.bytes / 1024).toFixed(0)} KB |`;
  console.log(`seed briefing in en, kk, ru × ${rounds} rounds; node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`);
  console.log("| renderer | PDFs | PDFs/s | per PDF | peak RSS | PDF size |\n|---|---|---|---|---|---|");
  console.log(row("tilpress, HTML → PDF (one process, one core)", layout));
  console.log(row("tilpress, whole build per PDF (data → HTML → PDF)", ours));
  if (theirs) {
    console.log(row("headless Chromium, HTML → PDF (all its processes)", theirs));
    console.log(`\nHTML → PDF: ${(layout.perSecond / theirs.perSecond).toFixed(1)}× Chromium's throughput at ${((layout.peakRssMb / theirs.peakRssMb) * 100).toFixed(0)} % of its memory; whole build: ${(ours.perSecond / theirs.perSecond).toFixed(1)}× at ${((ours.peakRssMb / theirs.peakRssMb) * 100).toFixed(0)} %`);
  } else console.log("\n(no chromium binary: install Debian's chromium package to compare)");
}
