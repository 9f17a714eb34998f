#!/usr/bin/env node
// Where a build worker's memory goes: the articles of a generated corpus built in chunks, as a
// worker of `tilpress build` builds them (one BuildSetUp kept across chunks, the worker's heap
// limits), printing after each chunk the live heap (after a full collection), RSS, and the
// estimated bytes of each bounded cache. Live heap should level off as the caches fill; if it
// keeps growing with the articles, something is unbounded. Hit rates are since the start. `--snapshot` writes a heap snapshot
// at the end (open it in Chrome DevTools, Memory tab).
// Usage: npm run compile && node bench/memory.js [articles=120] [--snapshot]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { OLD_GENERATION_MB, YOUNG_GENERATION_MB } from "../lib/build/parallel.js";
import { generateProject } from "./generate.js";

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 120);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

if (!process.env.TILPRESS_MEMORY_CHILD) {
  // Again in a child with the worker's heap limits and an exposed gc.
  execFileSync(
    process.execPath,
    [
      "--expose-gc",
      `--max-semi-space-size=${Math.round(YOUNG_GENERATION_MB / 3)}`,
      `--max-old-space-size=${OLD_GENERATION_MB}`,
      new URL(import.meta.url).pathname,
      ...args,
    ],
    { stdio: "inherit", env: { ...process.env, TILPRESS_MEMORY_CHILD: "1" } },
  );
} else {
  const { build, BuildSetUp } = await import("../lib/index.js");
  const { HYPHENATION_CACHE } = await import("../lib/typography/hyphenate.js");
  const root = mkdtempSync(join(tmpdir(), "tilpress-memory-"));
  generateProject(root, count);
  const ids = readdirSync(join(root, "data", "articles")).sort();
  const setUp = new BuildSetUp();
  console.log(`${count} generated articles in chunks of 12, one BuildSetUp; node ${process.version}\n`);
  console.log("| articles | live heap | RSS | shaped words | measured runs | hyphenation |");
  console.log("|---|---|---|---|---|---|");
  for (let i = 0; i < ids.length; i += 12) {
    const result = build({ root, articles: ids.slice(i, i + 12), partial: true }, setUp);
    if (result.diagnostics.some((d) => d.severity === "error")) throw new Error("the corpus has errors");
    globalThis.gc();
    const { fonts, measuredRuns } = setUp.pdf;
    const cache = (c) => `${mb(c.bytes)} MB, ${((100 * c.hits) / Math.max(1, c.hits + c.misses)).toFixed(0)} % hits`;
    console.log(
      `| ${Math.min(i + 12, ids.length)} | ${mb(process.memoryUsage().heapUsed)} MB | ${mb(process.memoryUsage().rss)} MB | ` +
        `${cache(fonts.shapedWords)} | ${cache(measuredRuns)} | ${cache(HYPHENATION_CACHE)} |`,
    );
  }
  console.log(`\npeak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
  if (args.includes("--snapshot")) console.log(`heap snapshot: ${writeHeapSnapshot()}`);
  rmSync(root, { recursive: true, force: true });
}
