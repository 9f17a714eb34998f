#!/usr/bin/env node
// The baseline of bench/small.js and bench/batch.js: one headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) printing HTML files to PDF with one page, the
// way a team would without tilpress. Prints JSON: how long the launch took, then per PDF the
// wall and CPU time (of every Chromium process) after `warm` PDFs printed first and not counted,
// and the CPU time of the whole run (launch included).
// Usage: node bench/chromium.js <file with one HTML path a line> [warm=0]
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { treeCpuMs, treeRssMb } from "./processTree.js";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

/** The print settings of tilpress's PDFs: A4, the page's margins, a page-number footer. */
const PRINT = {
  format: "A4",
  printBackground: true,
  displayHeaderFooter: true,
  headerTemplate: "<span></span>",
  footerTemplate:
    '<span style="font-size:8px;margin:auto">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>',
  margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" },
};

async function main() {
  const [list, warmArg] = process.argv.slice(2);
  if (!list) throw new Error("usage: node bench/chromium.js <list of HTML files> [warm=0]");
  if (!CHROMIUM) throw new Error("no chromium: apt-get install chromium");
  const files = readFileSync(list, "utf8").split("\n").filter(Boolean);
  const warm = Math.min(Number(warmArg ?? 0), files.length - 1);
  const { chromium } = await import("playwright-core");
  const started = performance.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
  const page = await browser.newPage();
  const launchMs = performance.now() - started;
  // Chromium's processes are this one's descendants: its tree's CPU and memory are Chromium's
  // plus this driver's (playwright's share of the work), and no other session's Chromium.
  const pid = process.pid;
  let peakRssMb = 0;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, treeRssMb(pid))), 50);
  let bytes = 0;
  let from = { wall: performance.now(), cpu: treeCpuMs(pid) };
  for (const [i, file] of files.entries()) {
    if (i === warm) from = { wall: performance.now(), cpu: treeCpuMs(pid) };
    // A file URL, so the page's images and relative links resolve as in the output folder.
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    bytes += (await page.pdf(PRINT)).length;
  }
  const counted = files.length - warm;
  const seconds = (performance.now() - from.wall) / 1000;
  const totalCpuMs = treeCpuMs(pid);
  const cpuMs = totalCpuMs - from.cpu;
  clearInterval(sampler);
  await browser.close();
  process.stdout.write(
    JSON.stringify({
      launchMs,
      pdfs: counted,
      seconds,
      msPerPdf: (seconds * 1000) / counted,
      cpuMsPerPdf: cpuMs / counted,
      peakRssMb,
      bytesPerPdf: bytes / files.length,
      // Everything since this process started (Chromium's launch included), read from /proc
      // before it closes: its helpers are not all reaped by this process, so rusage misses them.
      totalCpuMs,
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
