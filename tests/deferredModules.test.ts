import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, REPO, tempDir } from "./helpers.js";

/** Run an ES module script in a fresh Node (its own require cache); its stdout parsed as JSON. */
function fresh(script: string): unknown {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: REPO,
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const DEFERRED = pathToFileURL(join(REPO, "lib/core/deferredModules.js")).href;

describe("modules fontkit and pdfkit load for features a build rarely uses", () => {
  it("brotli's decoder stands in until its first use, then decodes as itself", () => {
    const result = fresh(`
      import { createRequire } from "node:module";
      import { brotliCompressSync } from "node:zlib";
      await import(${JSON.stringify(DEFERRED)});
      const require = createRequire(import.meta.url);
      const fromFontkit = createRequire(require.resolve("fontkit"));
      const decoder = fromFontkit.resolve("brotli/dec/decode.js");
      const loaded = () => Object.keys(require.cache).includes(decoder);
      const before = loaded();
      fromFontkit("fontkit");
      const afterFontkit = loaded();
      const decompress = fromFontkit("brotli/decompress.js");
      const text = "Шымкентте полиция қамауына алынды. ".repeat(50);
      const packed = brotliCompressSync(Buffer.from(text));
      const out = Buffer.from(decompress(packed, Buffer.byteLength(text))).toString();
      console.log(JSON.stringify({ before, afterFontkit, same: out === text, after: loaded() }));
    `);
    expect(result).toEqual({ before: false, afterFontkit: false, same: true, after: true });
  });

  it("AES stands in until its first use, then encrypts as itself", () => {
    const result = fresh(`
      import { createRequire } from "node:module";
      await import(${JSON.stringify(DEFERRED)});
      const require = createRequire(import.meta.url);
      const fromPdfkit = createRequire(require.resolve("pdfkit"));
      const file = fromPdfkit.resolve("@noble/ciphers/aes");
      const realCache = () => Object.keys(require.cache).filter((f) => f.includes("@noble/ciphers") && f !== file).length;
      fromPdfkit("pdfkit");
      const before = realCache();
      const aes = fromPdfkit("@noble/ciphers/aes");
      const key = new Uint8Array(16).fill(7);
      const iv = new Uint8Array(16).fill(3);
      const sealed = Buffer.from(aes.cbc(key, iv).encrypt(new TextEncoder().encode("Астана"))).toString("hex");
      // The real module, loaded apart from the stand-in, gives the same bytes.
      delete require.cache[file];
      const real = fromPdfkit("@noble/ciphers/aes");
      const expected = Buffer.from(real.cbc(key, iv).encrypt(new TextEncoder().encode("Астана"))).toString("hex");
      console.log(JSON.stringify({ before, same: sealed === expected, standIn: aes !== real }));
    `);
    expect(result).toEqual({ before: 0, same: true, standIn: true });
  });

  it("unicode-properties answers whether a character is a mark as itself, without loading its data where none is", () => {
    const result = fresh(`
      import { createRequire } from "node:module";
      const { UNMARKED } = await import(${JSON.stringify(DEFERRED)});
      const require = createRequire(import.meta.url);
      const fromFontkit = createRequire(require.resolve("fontkit"));
      const file = fromFontkit.resolve("unicode-properties");
      // unicode-trie itself has a stand-in (below): its real module is the one that requires swap.js.
      const trie = () => Object.keys(require.cache).some((f) => f.endsWith("/unicode-trie/swap.js"));
      const unicode = fromFontkit("unicode-properties");
      let unmarked = 0;
      for (const [first, last] of UNMARKED) for (let cp = first; cp <= last; cp++) if (unicode.isMark(cp) === false) unmarked++;
      const beforeMark = trie();
      const marks = [0x0301, 0x0483, 0x20d7, 0x0915].map((cp) => unicode.isMark(cp));
      const afterMark = trie();
      // Every code point of the ranges, asked of the module itself.
      delete require.cache[file];
      const real = fromFontkit("unicode-properties");
      const wrong = [];
      for (const [first, last] of UNMARKED) for (let cp = first; cp <= last; cp++) if (real.isMark(cp)) wrong.push(cp);
      const count = UNMARKED.reduce((n, [first, last]) => n + last - first + 1, 0);
      const inherited = [String(unicode), unicode.hasOwnProperty("isMark"), typeof unicode.toString];
      console.log(JSON.stringify({ all: unmarked === count, beforeMark, marks, afterMark, wrong, script: unicode.getScript(0x049b), inherited }));
    `);
    expect(result).toEqual({
      all: true,
      beforeMark: false,
      marks: [true, true, true, false],
      afterMark: true,
      wrong: [],
      script: "Cyrillic",
      // Object.prototype's members are the module's, not stand-in answers.
      inherited: ["[object Object]", true, "function"],
    });
  });

  it("unicode-trie's tries are built at their first look-up, and answer as the real ones", () => {
    // A trie of values by script block, serialized in a process of its own: the builder needs the
    // real class, and this thread's require cache may hold the stand-in (another test file's).
    const made = spawnSync(
      process.execPath,
      [
        "-e",
        `const Builder = require("unicode-trie/builder");
         const builder = new Builder(0, 99);
         builder.setRange(0x0400, 0x04ff, 7, true);
         builder.setRange(0x0041, 0x005a, 3, true);
         builder.set(0x20b8, 11);
         builder.setRange(0x1f600, 0x1f64f, 21, true);
         process.stdout.write(builder.toBuffer().toString("base64"));`,
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    const trieData = made.stdout;
    const result = fresh(`
      import { createRequire } from "node:module";
      await import(${JSON.stringify(DEFERRED)});
      const require = createRequire(import.meta.url);
      const fromFontkit = createRequire(require.resolve("fontkit"));
      // The real module is the one that requires swap.js (the stand-in requires nothing).
      const inflated = () => Object.keys(require.cache).some((f) => f.endsWith("/unicode-trie/swap.js"));
      // fontkit and pdfkit (and linebreak through it) build their tries as they load.
      fromFontkit("fontkit");
      createRequire(require.resolve("pdfkit"))("pdfkit");
      const afterLoad = inflated();
      // The trie built by the stand-in and by the real class from the same bytes.
      const fromLinebreak = createRequire(require.resolve("linebreak"));
      const Trie = fromLinebreak("unicode-trie");
      const file = fromLinebreak.resolve("unicode-trie");
      const data = Buffer.from(${JSON.stringify(trieData)}, "base64");
      const lazy = new Trie(data);
      const beforeGet = inflated();
      const first = lazy.get(0x049b);
      delete require.cache[file];
      const Real = fromLinebreak("unicode-trie");
      const real = new Real(data);
      const wrong = [];
      for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x3000 ? 1 : 97) if (lazy.get(cp) !== real.get(cp)) wrong.push(cp);
      console.log(JSON.stringify({ afterLoad, beforeGet, standIn: Trie !== Real, first: first === real.get(0x049b), wrong, after: inflated() }));
    `);
    expect(result).toEqual({ afterLoad: false, beforeGet: false, standIn: true, first: true, wrong: [], after: true });
  });

  it("a second cold build, its words shaped in the tool cache, loads neither fontkit nor unicode-properties' data", () => {
    const toolCache = tempDir();
    loadedBy(["build", "--no-cache", "--quiet", "--out", tempDir()], toolCache);
    const compiled = loadedBy(["build", "--no-cache", "--quiet", "--out", tempDir()], toolCache, "compiled");
    // The shipped faces read without fontkit (src/fonts/faceFile.ts) and every word set from the
    // tool cache's tables: fontkit is not even compiled, while pdfkit (which requires it) paints.
    expect(compiled.some((f) => f.includes("/node_modules/pdfkit/"))).toBe(true);
    expect(compiled.filter((f) => f.includes("/node_modules/fontkit/"))).toEqual([]);
    expect(compiled.filter((f) => f.includes("/node_modules/unicode-properties/"))).toEqual([]);
    // Nor decode a trie of Unicode data: fontkit's shapers' and linebreak's (pdfkit's) are built at a first look-up.
    expect(compiled.filter((f) => f.includes("/node_modules/unicode-trie/"))).toEqual([]);
    // The first build shaped its words with fontkit's layout, which asks for their script.
    const first = loadedBy(["build", "--no-cache", "--quiet", "--out", tempDir()], tempDir(), "compiled");
    expect(first.filter((f) => f.includes("/node_modules/unicode-properties/"))).toHaveLength(1);
  });

  it("the bundle reads the hyphenation patterns as JSON copies of the package's files, and compiles none of them", () => {
    const require = createRequire(import.meta.url);
    for (const id of ["ru", "en-us"]) {
      const json = JSON.stringify(require(`hyphen/patterns/${id}.js`));
      const copy = readFileSync(join(REPO, "lib/bundle/hyphen-patterns", `${id}.patterns`), "utf8");
      expect(copy, id).toBe(`${createHash("sha256").update(json).digest("hex")}\n${json}`);
    }
    const compiled = loadedBy(["build", "--no-cache", "--quiet", "--out", tempDir()], "off", "compiled");
    expect(compiled.some((f) => f.includes("/node_modules/fontkit/"))).toBe(true);
    expect(compiled.filter((f) => f.includes("/node_modules/hyphen/"))).toEqual([]);
  });

  it("a damaged copy of the patterns is passed over for the package's file: the Russian PDFs come out the same", () => {
    // The program as installed, with its own lib/bundle/ (the copies damaged) and the rest linked.
    const installed = tempDir();
    cpSync(join(REPO, "lib/bundle"), join(installed, "lib/bundle"), { recursive: true });
    cpSync(join(REPO, "bin"), join(installed, "bin"), { recursive: true });
    cpSync(join(REPO, "package.json"), join(installed, "package.json"));
    for (const name of ["node_modules", "templates", "locales", "data", "cldr", "scaffold", "schema"])
      symlinkSync(join(REPO, name), join(installed, name));
    // Still a pattern set as JSON, but not the package's: every Russian word unbroken.
    const copy = join(installed, "lib/bundle/hyphen-patterns/ru.patterns");
    const [hash, json] = readFileSync(copy, "utf8").split("\n") as [string, string];
    writeFileSync(copy, `${hash}\n${JSON.stringify([[], {}, {}])}`);
    const ruPdfs = (bin: string) => {
      const out = tempDir();
      const r = spawnSync(process.execPath, [bin, "build", "--no-cache", "--quiet", "--locale", "ru", "--out", out], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, TILPRESS_TOOL_CACHE: "off" },
      });
      expect(r.status, r.stderr).toBe(0);
      const pdfs = readdirSync(join(out, "ru"), { recursive: true, encoding: "utf8" }).filter((f) =>
        f.endsWith(".pdf"),
      );
      expect(pdfs.length).toBeGreaterThan(0);
      return Object.fromEntries(pdfs.sort().map((f) => [f, readFileSync(join(out, "ru", f)).toString("base64")]));
    };
    const expected = ruPdfs(BIN);
    expect(ruPdfs(join(installed, "bin/tilpress.js"))).toEqual(expected);
    // And one that is not JSON at all, its hash made to match.
    const damaged = json.slice(0, 1000);
    writeFileSync(copy, `${createHash("sha256").update(damaged).digest("hex")}\n${damaged}`);
    expect(ruPdfs(join(installed, "bin/tilpress.js"))).toEqual(expected);
  });

  it("a cold build of the bundled project loads neither: only their stand-ins are in require's cache", () => {
    const loaded = loadedBy(["build", "--no-cache", "--quiet", "--out", tempDir()]);
    expect(loaded.some((f) => f.includes("/node_modules/fontkit/"))).toBe(true);
    expect(loaded.some((f) => f.includes("/node_modules/pdfkit/"))).toBe(true);
    const deferred = loaded.filter((f) => f.includes("/node_modules/brotli/") || f.includes("/@noble/ciphers/"));
    expect(deferred.map((f) => f.slice(f.lastIndexOf("node_modules/")))).toEqual([
      "node_modules/brotli/decompress.js",
      "node_modules/@noble/ciphers/aes.js",
    ]);
  });

  it("check, which paints no PDF, does not load pdfkit", () => {
    const loaded = loadedBy(["check", "--no-cache", "--quiet"]);
    expect(loaded.some((f) => f.includes("/node_modules/fontkit/"))).toBe(true);
    expect(loaded.filter((f) => f.includes("/node_modules/pdfkit/"))).toEqual([]);
  });
});

/**
 * The files in require's cache when a CLI run of `args` on the bundled project exits (the tool
 * cache off, or that folder); or the files Node compiled, which a stand-in is not.
 */
function loadedBy(args: string[], toolCache = "off", which: "cached" | "compiled" = "cached"): string[] {
  const listing = join(tempDir(), "loaded.json");
  const preload = join(tempDir(), "list-loaded.cjs");
  writeFileSync(
    preload,
    which === "cached"
      ? `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(listing)}, JSON.stringify(Object.keys(require.cache))));`
      : `const M = require("module"); const compile = M.prototype._compile; const files = [];
         M.prototype._compile = function (content, filename) { files.push(filename); return compile.call(this, content, filename); };
         process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(listing)}, JSON.stringify(files)));`,
  );
  const r = spawnSync(process.execPath, ["-r", preload, BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, TILPRESS_TOOL_CACHE: toolCache },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(listing, "utf8")) as string[];
}
