#!/usr/bin/env node
// Proves a restructuring changed no output byte: builds the same scenarios with the tool of a
// base commit and with the working tree, and compares every file written, every exit code and
// everything printed (wall times masked).
//
// Usage: node scripts/same-bytes.js [--base <git ref>] [--keep]
//   --base  the commit to compare with (default HEAD: what the working tree changes)
//   --keep  keep both runs' folders and print where they are
//
// Scenarios, each run by each side's own CLI, library and bundled project:
// - the bundled project: `build` (one article, built in process), `build --page-size Letter
//   --pdf-standard pdf/a-2b`, `newsletter`, `check --reporter json`, the library's `build()`;
// - a generated corpus of 7 articles, one with an image, one with an error, one without kk.md,
//   one whose English changed after review: `build --jobs 2` (workers, cache), a no-op rebuild,
//   a rebuild after an edit, `check --reporter json`, shards 1/2 and 2/2 and `merge`.
// The base is checked out with `git worktree` under the system temp folder, compiled with the
// working tree's node_modules, and its record kept there for the next comparison.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";

const repo = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const baseRef = args.includes("--base") ? args[args.indexOf("--base") + 1] : "HEAD";
const keep = args.includes("--keep");
if (!baseRef) throw new Error("--base needs a git ref");

const git = (...a) => execFileSync("git", a, { cwd: repo, encoding: "utf8" }).trim();
const baseSha = git("rev-parse", "--verify", `${baseRef}^{commit}`);
const work = join(tmpdir(), "tilpress-same-bytes");
mkdirSync(work, { recursive: true });

/** tsc, then the bundled CLI where the tree has one (scripts/bundle.js): what `npm run compile` does. */
function compile(dir) {
  execFileSync(
    process.execPath,
    [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: dir, stdio: "inherit" },
  );
  if (existsSync(join(dir, "scripts", "bundle.js")))
    execFileSync(process.execPath, [join(dir, "scripts", "bundle.js")], { cwd: dir, stdio: "inherit" });
}

/** A checkout of the base commit, compiled, with the working tree's node_modules. */
function baseTool() {
  const dir = join(work, `tool-${baseSha}`);
  if (existsSync(join(dir, "lib", "cli", "cli.js"))) return dir;
  if (existsSync(dir)) {
    spawnSync("git", ["worktree", "remove", "--force", dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
  git("worktree", "add", "--detach", dir, baseSha);
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  compile(dir);
  return dir;
}

function compileWorkingTree() {
  compile(repo);
}

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Every file under a folder, by relative path: its hash. */
function tree(dir, prefix = "", into = {}) {
  if (!existsSync(dir)) return into;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tree(path, `${prefix}${name}/`, into);
    // A shard's manifest names the program that built it (`shardInputs`): one per commit.
    else if (name === "manifest.json")
      into[`${prefix}${name}`] = sha(
        readFileSync(path, "utf8").replace(/"shardInputs": "[0-9a-f]+"/, '"shardInputs": "…"'),
      );
    else into[`${prefix}${name}`] = sha(readFileSync(path));
  }
  return into;
}

/** A real RGBA PNG (the corpus's one image). */
function png(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, body) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(Math.round((255 * x) / width), 40, 200, (y * 7) & 255);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function replaceOnce(file, from, to) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`same-bytes: ${from} not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

/** The generated corpus, with the cases that take other paths through the build. */
async function makeCorpus(tool, dir) {
  // The seed story's copies (generateProject before the varied corpus): the edits below need them.
  const { generateCopies, generateProject } = await import(join(tool, "bench", "generate.js"));
  (generateCopies ?? generateProject)(dir, 7);
  const article = (n) => join(dir, "data", "articles", `story-0000${n}`);
  // An image (PNG with transparency: flattened for the PDF, copied once for the HTML).
  writeFileSync(join(article(2), "square.png"), png(64, 40));
  replaceOnce(
    join(article(2), "article.yaml"),
    "links:\n",
    "images:\n  - id: square\n    file: square.png\n\nlinks:\n",
  );
  for (const [locale, alt] of [
    ["en", "The square"],
    ["kk", "Алаң"],
    ["ru", "Площадь"],
  ]) {
    const file = join(article(2), `${locale}.md`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^links:\n/m, `images:\n  square: ${alt}\nlinks:\n`));
  }
  const { reviewTranslations } = await import(join(tool, "lib", "cli", "review.js"));
  reviewTranslations(dir, ["story-00002"], ["en", "kk", "ru"]);
  // An error: the article is not built in any locale.
  replaceOnce(join(article(3), "article.yaml"), "dateline: almaty", "dateline: almatty");
  // No Kazakh text: a warning, the article is built in en and ru.
  rmSync(join(article(4), "kk.md"));
  // The English changed after the translations were reviewed: stale warnings.
  const en5 = join(article(5), "en.md");
  writeFileSync(en5, `${readFileSync(en5, "utf8")}\nOne more sentence in the English.\n`);
}

function copyBundled(tool, dir) {
  for (const folder of ["data", "locales", "templates"])
    cpSync(join(tool, folder), join(dir, folder), { recursive: true });
  if (existsSync(join(tool, "tilpress.config.json")))
    cpSync(join(tool, "tilpress.config.json"), join(dir, "tilpress.config.json"));
}

/** Printed text with what varies from run to run masked: wall times and the run's own folder. */
const masked = (text, dir) =>
  text
    .split(dir)
    .join("<run>")
    // Wall times, unit too: a build on either side of 10 s is printed in s, below it in ms.
    .replace(/\b\d+ ms\b|\b\d+\.\d s\b/g, "<time>")
    .replace(/ · [\d.]+\/s · ETA \S+/g, " · <rate>");

/** Every scenario with one side's tool; returns { name: { exit, stdout, stderr, files } }. */
async function record(tool, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const record = {};
  const cli = (name, cwd, argv, out) => {
    const r = spawnSync(process.execPath, [join(tool, "bin", "tilpress.js"), ...argv], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", CI: "", TILPRESS_SMTP_HOST: "" },
    });
    record[name] = {
      exit: r.status,
      stdout: masked(r.stdout, dir),
      stderr: masked(r.stderr, dir),
      files: out ? tree(out) : {},
    };
  };
  const bundled = join(dir, "bundled");
  copyBundled(tool, bundled);
  cli("bundled build", bundled, ["build", "--no-cache"], join(bundled, "dist"));
  cli(
    "bundled build letter pdf/a",
    bundled,
    ["build", "--no-cache", "--page-size", "Letter", "--pdf-standard", "pdf/a-2b", "--out", "letter"],
    join(bundled, "letter"),
  );
  cli("bundled build cached twice", bundled, ["build", "--out", "cached"], undefined);
  cli("bundled build cached", bundled, ["build", "--out", "cached"], join(bundled, "cached"));
  cli("bundled newsletter", bundled, ["newsletter", "--out", "mail"], join(bundled, "mail"));
  cli("bundled check", bundled, ["check", "--no-cache", "--reporter", "json"], undefined);
  // The library: build() in memory, outputs and diagnostics as returned.
  const lib = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { build } from ${JSON.stringify(join(tool, "lib", "index.js"))};
       import { createHash } from "node:crypto";
       const r = build({ root: ${JSON.stringify(bundled)} });
       const { config, outputs, ...rest } = r;
       // Keys sorted: the result's shape may be reordered, its values may not change.
       const sorted = (v) => Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
       // The outputs' manifest fields and bytes (fields added for other uses are not compared).
       const files = outputs.map((o) => ({ path: o.path, format: o.format, template: o.template, article: o.article, locale: o.locale, title: o.title, inputs: o.inputs, sha256: createHash("sha256").update(o.contents).digest("hex") }));
       console.log(JSON.stringify(sorted({ ...rest, outputs: files }), null, 1));`,
    ],
    { encoding: "utf8" },
  );
  record["library build()"] = {
    exit: lib.status,
    stdout: masked(lib.stdout, dir),
    stderr: masked(lib.stderr, dir),
    files: {},
  };

  const corpus = join(dir, "corpus");
  await makeCorpus(tool, corpus);
  cli("corpus check", corpus, ["check", "--no-cache", "--reporter", "json"], undefined);
  cli("corpus build jobs 2", corpus, ["build", "--jobs", "2"], join(corpus, "dist"));
  cli("corpus no-op rebuild", corpus, ["build", "--jobs", "2"], join(corpus, "dist"));
  replaceOnce(join(corpus, "data", "articles", "story-00006", "ru.md"), "№ 6 · ", "№ 6а · ");
  cli("corpus rebuild after an edit", corpus, ["build", "--jobs", "2"], join(corpus, "dist"));
  cli(
    "corpus build jobs 1 no cache",
    corpus,
    ["build", "--jobs", "1", "--no-cache", "--out", "one"],
    join(corpus, "one"),
  );
  cli(
    "corpus shard 1/2",
    corpus,
    ["build", "--no-cache", "--shard", "1/2", "--out", "shard-1"],
    join(corpus, "shard-1"),
  );
  cli(
    "corpus shard 2/2",
    corpus,
    ["build", "--no-cache", "--shard", "2/2", "--out", "shard-2"],
    join(corpus, "shard-2"),
  );
  cli("corpus merge", corpus, ["merge", "--out", "merged", "shard-1", "shard-2"], join(corpus, "merged"));
  cli(
    "corpus build kk html strict",
    corpus,
    ["build", "--no-cache", "--locale", "kk", "--format", "html", "--strict", "--out", "kk"],
    join(corpus, "kk"),
  );
  return record;
}

function compare(before, after) {
  const problems = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [a, b] = [before[name], after[name]];
    if (!a || !b) {
      problems.push(`${name}: only in ${a ? "the base" : "the working tree"}`);
      continue;
    }
    if (a.exit !== b.exit) problems.push(`${name}: exit ${a.exit} → ${b.exit}`);
    for (const stream of ["stdout", "stderr"]) {
      if (a[stream] === b[stream]) continue;
      const [la, lb] = [a[stream].split("\n"), b[stream].split("\n")];
      const i = la.findIndex((line, k) => line !== lb[k]);
      problems.push(
        `${name}: ${stream} differs at line ${i + 1}:\n    - ${la[i] ?? "(end)"}\n    + ${lb[i] ?? "(end)"}`,
      );
    }
    for (const file of new Set([...Object.keys(a.files), ...Object.keys(b.files)])) {
      if (a.files[file] !== b.files[file])
        problems.push(`${name}: ${file} ${!a.files[file] ? "added" : !b.files[file] ? "removed" : "differs"}`);
    }
  }
  return problems;
}

const started = performance.now();
const tool = baseTool();
compileWorkingTree();
const baseDir = join(work, `run-${baseSha}`);
// The base's record is kept for the next comparison, as long as the scenarios are the same.
const recordFile = join(work, `record-${baseSha}-${sha(readFileSync(import.meta.filename)).slice(0, 12)}.json`);
let before;
if (existsSync(recordFile)) before = JSON.parse(readFileSync(recordFile, "utf8"));
else {
  before = await record(tool, baseDir);
  writeFileSync(recordFile, JSON.stringify(before));
}
const afterDir = join(work, `run-working-tree-${process.pid}`);
const after = await record(repo, afterDir);
const problems = compare(before, after);
const files = Object.values(after).reduce((n, r) => n + Object.keys(r.files).length, 0);
if (!keep) rmSync(afterDir, { recursive: true, force: true });
else console.log(`kept: base ${baseDir}, working tree ${afterDir}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(
    `same-bytes: ${problems.length} difference(s) from ${baseRef} (${baseSha.slice(0, 10)}):\n  ${problems.join("\n  ")}`,
  );
  process.exit(1);
}
console.log(
  `same-bytes: ${Object.keys(after).length} scenarios, ${files} files and every exit code and message equal to ${baseRef} (${baseSha.slice(0, 10)}) in ${seconds} s`,
);
