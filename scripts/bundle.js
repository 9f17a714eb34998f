#!/usr/bin/env node
// The CLI and the build worker bundled into lib/bundle/ (run by `npm run compile` after tsc):
// one CommonJS file each instead of ~900 modules resolved, read and compiled one by one at every
// start, so that V8's code cache can be kept for them (src/cli/codeCache.ts; Node 20 has none
// for ES modules). What a command loads only sometimes (PDF, email, the preview, init) is still
// evaluated only when its dynamic import runs: esbuild keeps each bundled module behind its own
// init function. lib/index.js (tsc's output) stays the library's entry. Why and what it
// measured: docs/performance.md.
//
//   lib/bundle/tilpress.js, worker.js   ES-module entries (bin/tilpress.js, new Worker(…)) that
//                                       start the bundles below through start.cjs
//   lib/bundle/tilpress.cjs, worker.cjs the program, CommonJS
//   lib/bundle/start.cjs                src/cli/start.ts: compiles a bundle with its code cache
//   lib/bundle/hyphen-patterns/*.patterns the hyphenation patterns the program reads (SHA-256, then JSON)
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");
const outdir = resolve(repo, "lib/bundle");
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: repo,
  entryPoints: { tilpress: "src/cli/cli.ts", worker: "src/build/worker.ts", start: "src/cli/start.ts" },
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Packages that read their own files through __dirname, import.meta.url or package imports
  // (pdfkit's fonts and ICC profile, css-tree's data) stay where they are and load as they do.
  // fontkit too: pdfkit requires it, and a second, bundled copy would be loaded and parsed twice.
  external: ["pdfkit", "fontkit", "css-tree"],
  // juice parses with htmlparser2 and serializes with dom-serializer (it sets cheerio's `xml`
  // options), which is all cheerio/slim is; the full entry adds parse5, undici and iconv-lite
  // for fetching and decoding documents: 2 MB of the email chunk that nothing here runs.
  alias: { cheerio: "cheerio/slim" },
  // The modules that find files beside themselves (the package root, the worker, the tool cache's
  // identity of a module) find them beside the bundle.
  define: { "import.meta.url": "__tilpressModuleUrl" },
  banner: { js: 'var __tilpressModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  legalComments: "none",
  // V8 keeps a script's source for as long as the script lives, in every thread that runs it:
  // without comments and indentation, and one byte a character (below), the CLI's source went
  // from 8.3 to 2.9 MB of each thread's heap and the worker's from 4.8 to 1.8 MB (heap snapshots).
  // Peak RSS of 250 generated articles, two builders: 455-474 -> 440-449 MB (3 runs each).
  minifyWhitespace: true,
  logLevel: "warning",
  metafile: true,
});

// A dynamic import() left in a bundle (of a package kept external, or of a Node module) would
// fail once V8 runs the bundle from its code cache: Node gives such a script no import callback.
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  const dynamic = output.imports.filter((i) => i.kind === "dynamic-import" && i.external);
  if (dynamic.length)
    throw new Error(`${file}: import() of ${dynamic.map((i) => i.path).join(", ")}; use a static import or require`);
}

for (const name of ["tilpress", "worker"]) {
  writeFileSync(
    resolve(outdir, `${name}.js`),
    [
      `// Made by scripts/bundle.js: ${name}.cjs started with its V8 code cache (src/cli/codeCache.ts).`,
      'import { createRequire } from "node:module";',
      'import { fileURLToPath } from "node:url";',
      'const start = createRequire(import.meta.url)("./start.cjs");',
      ...(name === "tilpress"
        ? [
            "/** The CLI (src/cli/cli.ts), loaded when it runs: a bare `--version` is answered without it. */",
            "export async function run(argv) {",
            "  const version = start.versionOnly(argv);",
            "  if (version !== undefined) return void process.stdout.write(version);",
            '  return start.runBundle(fileURLToPath(new URL("./tilpress.cjs", import.meta.url))).run(argv);',
            "}",
          ]
        : ['start.runBundle(fileURLToPath(new URL("./worker.cjs", import.meta.url)));']),
      "",
    ].join("\n"),
  );
}

// The hyphenation patterns the program reads, as JSON beside the bundle (src/typography/hyphenate.ts:
// the package's files are JavaScript, which Node compiles from source at every start).
const { PATTERN_IDS } = await import(resolve(repo, "lib/typography/hyphenate.js"));
const requireHere = createRequire(import.meta.url);
mkdirSync(resolve(outdir, "hyphen-patterns"));
for (const id of PATTERN_IDS) {
  const json = JSON.stringify(requireHere(`hyphen/patterns/${id}.js`));
  writeFileSync(
    resolve(outdir, "hyphen-patterns", `${id}.patterns`),
    `${createHash("sha256").update(json).digest("hex")}\n${json}`,
  );
}

// A script whose source has one character above U+00FF is held by V8 as two bytes a character:
// esbuild escapes strings but leaves regular expressions (Kazakh letter classes) as written.
// \uXXXX means the same character in a regular expression, with or without the u flag, and in
// a string or a comment; not in a template literal's raw text (String.raw), where no such letter
// is today: all of them (331 in tilpress.cjs) were in regular expressions and comments.
for (const name of ["tilpress", "worker"]) {
  const file = resolve(outdir, `${name}.cjs`);
  const source = readFileSync(file, "utf8");
  writeFileSync(
    file,
    source.replace(/[^\t\n\r\x20-\x7e]/g, (char, at) => {
      if (char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) < 0xe000)
        throw new Error(`${file}: ${JSON.stringify(source.slice(at - 40, at + 2))}: escape this by hand`);
      if (source[at - 1] === "\\")
        throw new Error(`${file}: ${JSON.stringify(source.slice(at - 40, at + 2))}: escaped`);
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }),
  );
}
