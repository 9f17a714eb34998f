#!/usr/bin/env node
// `tilpress check` over N generated articles × 3 locales, against a full build (HTML + PDF) of
// a sample of them in the same run, as a fraction per article.
// Usage: npm run compile && node bench/check.js [articles=1000] [build sample=20]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateProject } from "./generate.js";

const count = Number(process.argv[2] ?? 1000);
const sample = Number(process.argv[3] ?? 20);
const bin = new URL("../bin/tilpress.js", import.meta.url).pathname;

function timed(args) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [bin, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { ms: performance.now() - started, out };
}

const big = mkdtempSync(join(tmpdir(), "tilpress-check-"));
const small = mkdtempSync(join(tmpdir(), "tilpress-build-"));
generateProject(big, count);
generateProject(small, sample);
const check = timed(["check", "--root", big, "--quiet", "--strict"]);
const build = timed(["build", "--root", small, "--quiet", "--strict"]);
const checkPerArticle = check.ms / count;
const buildPerArticle = build.ms / sample;
console.log(
  `check: ${count} articles × 3 locales in ${(check.ms / 1000).toFixed(1)} s (${checkPerArticle.toFixed(1)} ms per article)`,
);
console.log(
  `build: ${sample} articles × 3 locales × 2 templates × HTML + PDF in ${(build.ms / 1000).toFixed(1)} s (${buildPerArticle.toFixed(1)} ms per article)`,
);
console.log(`check costs ${((checkPerArticle / buildPerArticle) * 100).toFixed(0)} % of a build, per article`);
rmSync(big, { recursive: true, force: true });
rmSync(small, { recursive: true, force: true });
