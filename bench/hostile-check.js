#!/usr/bin/env node
// `tilpress check --no-cache` on hostile bodies, each checkout in turn: the figures of
// docs/performance.md, "Hostile input that made check slow". Each project is a copy of the
// bundled one with one article's text grown:
// - untranslated numbers: 50,000 lines «жол N» appended to kk.md that en.md lacks (each a
//   translation/number-mismatch placed at its line and column);
// - decimal commas: 60,000 numbers written `N,5` appended to en.md (each a typography/decimal-mark
//   warning with its code frame, in the text reporter);
// - a run of brackets: 30,000 `[` in the lede of en.md, whose body has a link;
// - an unclosed link destination: 80,000 `](` in the lede of en.md, no `)` after them.
// Usage: npm run compile && node bench/hostile-check.js <checkout> [<checkout> ...]
//   (a checkout is a folder with bin/ and a compiled lib/, as for bench/alternate.js; `.` is this one)
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const checkouts = process.argv.slice(2).map((c) => resolve(c));
if (checkouts.length === 0) {
  console.error("usage: node bench/hostile-check.js <checkout> [<checkout> ...]");
  process.exit(2);
}
const repo = resolve(import.meta.dirname, "..");
const article = "data/articles/kazakhstan-rallies-2020-02-22";

function project(grow) {
  const root = mkdtempSync(join(tmpdir(), "tilpress-hostile-"));
  for (const folder of ["data", "locales", "templates"])
    cpSync(join(repo, folder), join(root, folder), { recursive: true });
  grow(root);
  return root;
}

const cases = {
  "untranslated numbers (50,000 in kk)": project((root) => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `жол ${i + 100_000}`).join("\n");
    appendFileSync(join(root, article, "kk.md"), `\n\n${lines}\n`);
  }),
  "decimal commas (60,000 in en)": project((root) => {
    const annex = Array.from({ length: 60_000 }, (_, i) => `${(i % 9) + 1},5`).join(" ");
    appendFileSync(join(root, article, "en.md"), `\nAnnex: ${annex}\n`);
  }),
  "a run of 30,000 [ in the lede": project((root) => {
    const file = join(root, article, "en.md");
    const text = readFileSync(file, "utf8");
    // The lede is the body's first paragraph, after the front matter's closing ---.
    const body = text.indexOf("\n---\n", 4) + 5;
    writeFileSync(file, `${text.slice(0, body)}See https://stat.gov.kz/ ${"[".repeat(30_000)} ` + text.slice(body));
  }),
  "a run of 80,000 ]( in the lede": project((root) => {
    const file = join(root, article, "en.md");
    const text = readFileSync(file, "utf8");
    const body = text.indexOf("\n---\n", 4) + 5;
    writeFileSync(file, `${text.slice(0, body)}See [the data${"](".repeat(80_000)} ` + text.slice(body));
  }),
};

console.log("| input | " + checkouts.join(" | ") + " |\n|---|" + checkouts.map(() => "---|").join(""));
for (const [name, root] of Object.entries(cases)) {
  const times = checkouts.map((checkout) => {
    const started = performance.now();
    const r = spawnSync(
      process.execPath,
      [join(checkout, "bin", "tilpress.js"), "check", "--no-cache", "--root", root],
      {
        stdio: ["ignore", "ignore", "ignore"],
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    return `${seconds.toFixed(1)} s (exit ${r.status})`;
  });
  console.log(`| ${name} | ${times.join(" | ")} |`);
  rmSync(root, { recursive: true, force: true });
}
