#!/usr/bin/env node
// The CLI and the build worker as bundled ES modules in lib/bundle/ (run by `npm run compile`
// after tsc): one file per entry and shared chunks instead of ~900 modules resolved, read and
// compiled one by one at every start. What a command loads only sometimes (PDF, email, the
// preview, init) stays a chunk of its own, loaded by its dynamic import. lib/index.js (tsc's
// output) stays the library's entry. Why and what it measured: docs/performance.md.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");
const outdir = resolve(repo, "lib/bundle");
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: repo,
  entryPoints: { tilpress: "src/cli/cli.ts", worker: "src/build/worker.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
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
  // Bundled CommonJS packages (Handlebars, nodemailer …) require Node's own modules.
  banner: {
    js: 'import { createRequire as __tilpressRequire } from "node:module";\nconst require = __tilpressRequire(import.meta.url);',
  },
  // Beside the entries: the worker is found as ./worker.js from the chunk that starts it.
  chunkNames: "[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
});
