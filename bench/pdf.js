#!/usr/bin/env node
// PDFs per second and peak memory: tilpress against headless Chromium printing the same HTML,
// in the same run, on the pages of a generated corpus (bench/generate.js: text that varies as
// news does), each page printed once, so no renderer sees the same words twice more than real
// news would make it. Each renderer runs in a process of its own after a warm-up page.
// Usage: npm run compile && node bench/pdf.js [articles=20]
// Chromium is Debian's `chromium` package driven by playwright-core (apt-get install chromium).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { build, BuildSetUp } from "../lib/index.js";
import { createPdfEngine } from "../lib/pdf/engine.js";
import { renderPdf } from "../lib/pdf/renderPdf.js";
import { OLD_GENERATION_MB, YOUNG_GENERATION_MB } from "../lib/build/parallel.js";
import { generateProject } from "./generate.js";
import { treeCpuMs, treeRssMb } from "./processTree.js";

const articles = Number(process.argv[2] ?? 20);
const mode = process.argv[3];
/** What a build worker keeps between chunks: catalog, templates and the PDF engine. */
const setUp = new BuildSetUp();
// The corpus (made once by the parent): the first article warms up, the others are measured.
const root = process.argv[4];
const [first, ...ids] = root ? readdirSync(join(root, "data", "articles")).sort() : [];
const html = (only) =>
  build({ root, articles: only, formats: ["html"], partial: true }).outputs.filter((o) => o.format === "html");
const [warmUp] = mode === "layout" || mode === "chromium" ? html([first]) : [];
const pages = mode === "layout" || mode === "chromium" ? html(ids) : [];

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
  renderPdf(warmUp.contents.toString(), options(warmUp.locale)); // a warm-up page, as Chromium gets
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  let bytes = 0;
  for (const page of pages) {
    bytes += renderPdf(page.contents.toString(), options(page.locale)).pdf.length;
    count++;
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
 * The whole build in chunks of 12 articles, as a build worker does: load, validate, HTML and PDF
 * in three languages, with one BuildSetUp kept across chunks.
 */
function tilpressRun() {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  let bytes = 0;
  for (let i = 0; i < ids.length; i += 12) {
    const out = build({ root, articles: ids.slice(i, i + 12), partial: true }, setUp).outputs.filter(
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
  const page = await browser.newPage();
  const print = (content) =>
    page.setContent(content, { waitUntil: "load" }).then(() =>
      page.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate:
          '<span style="font-size:8px;margin:auto">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>',
        margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" },
      }),
    );
  await print(warmUp.contents.toString()); // fonts loaded, renderer started
  const started = performance.now();
  const cpuBefore = treeCpuMs(pid);
  let count = 0;
  let bytes = 0;
  for (const p of pages) {
    bytes += (await print(p.contents.toString())).length;
    count++;
  }
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
if (mode) {
  build({ root, articles: [first], partial: true }, setUp); // warm-up: fonts opened, code compiled
  const result = mode === "layout" ? layoutRun() : mode === "build" ? tilpressRun() : await chromiumRun();
  process.stdout.write(JSON.stringify(result ?? null));
} else {
  const self = new URL(import.meta.url).pathname;
  // Our renderers run with the heap sizes the CLI's build workers get (src/build/parallel.ts).
  const flags = (m) =>
    m === "chromium"
      ? []
      : [`--max-semi-space-size=${Math.round(YOUNG_GENERATION_MB / 3)}`, `--max-old-space-size=${OLD_GENERATION_MB}`];
  const corpus = mkdtempSync(join(tmpdir(), "tilpress-pdf-"));
  generateProject(corpus, articles + 1);
  const measure = (m) =>
    JSON.parse(execFileSync(process.execPath, [...flags(m), self, String(articles), m, corpus], { encoding: "utf8" }));
  const layout = measure("layout");
  const ours = measure("build");
  const theirs = measure("chromium");
  const row = (name, r) =>
    `| ${name} | ${r.count} | ${r.perSecond.toFixed(1)} | ${r.msPerPdf.toFixed(1)} ms | ${r.cpuMsPerPdf.toFixed(1)} ms | ${r.peakRssMb.toFixed(0)} MB | ${(r.bytes / 1024).toFixed(0)} KB |`;
  console.log(
    `${articles} generated articles × en, kk, ru, each page once (photos left out both ways); node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`,
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
  rmSync(corpus, { recursive: true, force: true });
}
