import { execFileSync, spawnSync } from "node:child_process";
import { chromium, type BrowserContext } from "playwright-core";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { crc32 as zlibCrc32, deflateSync } from "node:zlib";
import { parseDocument } from "htmlparser2";
import { EXAMPLE_BASE_URL, issueWithBaseUrl } from "../src/cli/init.js";
import { reviewTranslations } from "../src/cli/review.js";
import { resolveLocales, SUPPORTED_LOCALES } from "../src/locale/index.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { ProjectFiles } from "../src/core/projectFiles.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { createTranslator } from "../src/i18n/translator.js";
import { DEFAULT_TEMPLATES, templatesForArticle, type ArticleKind } from "../src/model/kinds.js";
import { afterAll } from "vitest";

export const REPO = resolve(import.meta.dirname, "..");

/** The built-in profiles of en, kk and ru with English the source: what a project without locale settings gets. */
export const PROFILES = resolveLocales({ locales: SUPPORTED_LOCALES });

/**
 * The bundled catalog's translators for en, kk and ru (what formatting tests read their forms
 * through), with the diagnostics loading and translating made: a test expects none.
 */
export function bundledTranslators() {
  const diagnostics = new DiagnosticList();
  const catalog = loadCatalog(
    { localesDir: join(REPO, "locales"), files: new ProjectFiles(REPO), profiles: PROFILES },
    diagnostics,
  );
  const tr = {
    en: createTranslator(catalog, "en", diagnostics),
    kk: createTranslator(catalog, "kk", diagnostics),
    ru: createTranslator(catalog, "ru", diagnostics),
  };
  return { diagnostics, tr };
}
export const SEED = "kazakhstan-rallies-2020-02-22";
export const BIN = join(REPO, "bin/tilpress.js");

/** The CLI as a user runs it (the compiled lib/), without colour: exit code and both streams. */
export function runCli(args: readonly string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file below `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}
export const SEED_DIR = `data/articles/${SEED}`;
/** The bundled newsletter issue. */
export const ISSUE_FILE = "data/newsletters/weekly-2020-02-23.yaml";

/** The pages every build but a shard's makes: the language picker and each locale's press room. */
export const SITE_PAGES: readonly string[] = ["index.html", "en/index.html", "kk/index.html", "ru/index.html"];
/** Every article bundled in data/articles/, in id order: what the tests of "every page" cover. */
export const ARTICLES: readonly string[] = readdirSync(join(REPO, "data", "articles")).sort();

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** An empty temporary folder, removed after the test file's tests. */
export function tempDir(prefix = "tilpress-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * tilpress as installed, with a program of its own to edit: bin/ and lib/bundle/ copied, the
 * rest of the package linked (Node runs a linked bin from where the link points). `program` is
 * the CLI's bundle (lib/bundle/tilpress.cjs), `bin` the command to run.
 */
export function packageWithOwnProgram(): { pkg: string; bin: string; program: string } {
  const pkg = tempDir("tilpress-package-");
  for (const name of ["package.json", "node_modules", "templates", "locales", "cldr", "data", "scaffold"])
    symlinkSync(join(REPO, name), join(pkg, name));
  mkdirSync(join(pkg, "lib"));
  cpSync(join(REPO, "bin"), join(pkg, "bin"), { recursive: true });
  cpSync(join(REPO, "lib", "bundle"), join(pkg, "lib", "bundle"), { recursive: true });
  return { pkg, bin: join(pkg, "bin", "tilpress.js"), program: join(pkg, "lib", "bundle", "tilpress.cjs") };
}

/**
 * A throwaway copy of the bundled project (data, locales, templates) to break or extend. It has
 * no tilpress.config.json (no baseUrl, no kk-Latn), so its newsletter issue names the bundled
 * config's baseUrl itself, as `tilpress init`'s does: its emails are built as the bundled ones.
 */
export function projectCopy(): string {
  const dir = tempDir();
  for (const folder of ["data", "locales", "templates"])
    cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
  const issue = join(dir, ISSUE_FILE);
  writeFileSync(issue, issueWithBaseUrl(readFileSync(issue, "utf8"), EXAMPLE_BASE_URL));
  return dir;
}

/**
 * A copy of the bundled project with two of its articles copied under new ids: eight articles,
 * more than the main thread builds alone (IN_THREAD_ARTICLES), so a build with `--jobs 2` has a worker.
 */
export function projectCopyWithWorker(): string {
  const root = projectCopy();
  const articles = join(root, "data", "articles");
  for (const [i, copy] of ["saiga-comeback-2023-12-12", "astana-economy-2025-12-24"].entries()) {
    cpSync(join(articles, copy), join(articles, `${copy}-copy${i}`), { recursive: true });
    edit(root, `data/articles/${copy}-copy${i}/article.yaml`, `id: ${copy}`, `id: ${copy}-copy${i}`);
  }
  return root;
}

/**
 * A copy of the bundled project with the seed article as its only article: for tests of one
 * article's build mechanics (the cache, workers, a broken locale, PDF layout) that read "the"
 * output of a build or count articles.
 */
export function seedCopy(): string {
  const dir = projectCopy();
  for (const article of ARTICLES)
    if (article !== SEED) rmSync(join(dir, "data", "articles", article), { recursive: true });
  return dir;
}

/** Replace exactly one occurrence of `from` in a project file; fails loudly if the fixture drifted. */
export function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  const count =
    typeof from === "string"
      ? text.split(from).length - 1
      : (text.match(new RegExp(from.source, from.flags + "g")) ?? []).length;
  if (count !== 1) throw new Error(`edit(${file}): expected one match of ${String(from)}, found ${count}`);
  writeFileSync(path, text.replace(from, to));
}

/** `nav.home` added to every locale's catalog: a key no template uses (`catalog/unused-key`, a warning). */
export function addUnusedNavKey(root: string): void {
  for (const [l, home] of [
    ["en", "Home"],
    ["kk", "Басты бет"],
    ["ru", "Главная"],
  ])
    edit(root, `locales/${l}/common.json`, '"nav": {', `"nav": {\n    "home": "${home}",`);
}

export function write(root: string, file: string, text: string): void {
  writeFileSync(join(root, file), text);
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(root: string, file: string, needle: string): number {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

export function parseHtml(html: string | Buffer) {
  return parseDocument(html.toString());
}

/** A PNG chunk: its length, type, body and CRC-32 (of the type and body), as the PNG spec lays it out. */
export function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A real RGBA PNG: a blue-to-red gradient, width × height. */
export function png(width: number, height: number): Buffer {
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(Math.round((255 * x) / width), 40, 200, 255);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The seed article with one image `file` and its alt text in every locale. */
export function withImage(file: string, contents?: Buffer): string {
  const root = projectCopy();
  if (contents) writeFileSync(join(root, SEED_DIR, file), contents);
  edit(root, `${SEED_DIR}/article.yaml`, "links:\n", `images:\n  - id: rally-square\n    file: ${file}\n\nlinks:\n`);
  for (const [locale, alt] of [
    ["en", "Police cordon on the central square of Almaty"],
    ["kk", "Алматының орталық алаңындағы полиция тізбегі"],
    ["ru", "Полицейское оцепление на центральной площади Алматы"],
  ]) {
    edit(root, `${SEED_DIR}/${locale}.md`, /^links:\n/m, `images:\n  rally-square: ${alt}\nlinks:\n`);
  }
  // The English changed with the translations: they are reviewed.
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  return root;
}

/** The Nu HTML checker's errors for these files (vnu-jar, run with Java), "" when they are valid. */
export function nuCheckerErrors(files: readonly string[]): string {
  const jar = join(REPO, "node_modules/vnu-jar/build/dist/vnu.jar");
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "text", ...files], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

/**
 * Debian's Chromium (`.ci/run` installs it) driven by playwright-core, which downloads no
 * browser of its own; the flags keep it off the network, a fresh profile keeps runs apart.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with a fresh profile; `close()` ends it and removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "tilpress-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The seed article published as another kind in a project copy: it is a news item, built as a
 * briefing only; as a `press-release` (or `statement`) it is built in the release layout.
 */
export function seedAsKind(root: string, kind: string): string {
  edit(root, `${SEED_DIR}/article.yaml`, /^kind: news$/m, `kind: ${kind}`);
  return root;
}

/** Every page template each bundled article is built in, by its `kind:` (src/model/kinds.ts). */
export function bundledPages(): { article: string; page: string }[] {
  return ARTICLES.flatMap((article) => {
    const yaml = readFileSync(join(REPO, "data/articles", article, "article.yaml"), "utf8");
    const kind = /^kind: ([\w-]+)$/m.exec(yaml)?.[1] as ArticleKind;
    return templatesForArticle(kind, DEFAULT_TEMPLATES).map((page) => ({ article, page }));
  });
}

/**
 * Words of text extracted from a PDF, with each word the layout hyphenated at a line's (or a
 * page's) end joined again: the PDF's text layer writes that hyphen as U+00AD, so a word ending
 * in one continues in the next. Soft hyphens are not words and stay in no word.
 */
export function rejoinHyphenated(words: readonly string[]): string[] {
  const out: string[] = [];
  let carried = "";
  for (const word of words) {
    if (word.endsWith("\u00ad")) carried += word.slice(0, -1);
    else {
      out.push(carried + word);
      carried = "";
    }
  }
  if (carried) out.push(carried);
  return out;
}

/** HTML text as read: soft hyphens (Kazakh bodies carry them for browsers) are invisible. */
export const withoutSoftHyphens = (text: string): string => text.replaceAll("\u00ad", "");

/** Text extracted by pdftotext with each word hyphenated at a line's end joined again (see `rejoinHyphenated`). */
export const rejoinHyphenatedText = (text: string): string => text.replace(/\u00ad\s+/g, "");

/**
 * A real font with one table damaged: its bytes all 0xFF ("fill"), or one byte in sixteen
 * replaced by a fixed pseudo-random sequence ("scramble"). The table directory is left intact.
 */
export function damagedFont(from: string, table: string, how: "fill" | "scramble"): Buffer {
  const font = Buffer.from(readFileSync(from));
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const record = 12 + i * 16;
    if (font.toString("latin1", record, record + 4) !== table) continue;
    const start = font.readUInt32BE(record + 8);
    const end = start + font.readUInt32BE(record + 12);
    if (how === "fill") font.fill(0xff, start, end);
    else
      for (let at = start, seed = 1; at < end; at++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        if ((seed >>> 16) % 16 === 0) font[at] = seed >>> 24;
      }
    return font;
  }
  throw new Error(`damagedFont: ${from} has no ${table} table`);
}
