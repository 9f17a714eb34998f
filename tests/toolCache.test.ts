import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STORED_WORDS_ARTICLES } from "../src/build/parallel.js";
import { ToolCache, toolCacheDir } from "../src/emit/toolCache.js";
import { createFontStack, type FontFace } from "../src/fonts/fontStack.js";
import { shapeWord } from "../src/fonts/shape.js";
import { wordKey } from "../src/fonts/shapeCache.js";
import { NO_PROJECT_FONTS } from "../src/fonts/projectFonts.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { DEFAULT_LIMITS } from "../src/core/projectFiles.js";
import { projectFiles } from "../src/config.js";
import { loadTemplates } from "../src/render/templates.js";
import {
  addUnusedNavKey,
  ARTICLES,
  BIN,
  edit,
  filesUnder,
  lineOf,
  packageWithOwnProgram,
  REPO,
  SEED,
  SEED_DIR,
  seedCopy,
  tempDir as tempFolder,
  projectCopyWithWorker,
} from "./helpers.js";

/**
 * The tool cache (src/emit/toolCache.ts): shaped words per font face and compiled templates,
 * kept between runs in a folder of the user's. The builds here run the CLI with
 * TILPRESS_TOOL_CACHE set to a folder of the test's own and compare every output byte.
 */

const tempDir = (): string => tempFolder("tilpress-tool-cache-test-");

function tilpress(args: readonly string[], { cwd = REPO, toolCache }: { cwd?: string; toolCache: string }) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", TILPRESS_TOOL_CACHE: toolCache },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a folder and its bytes. */
function contentsOf(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

function expectSameFiles(actual: string, expected: string): void {
  const a = contentsOf(actual);
  const e = contentsOf(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [file, bytes] of e) expect(a.get(file)?.equals(bytes), file).toBe(true);
}

const entries = (cache: string, kind: string) => readdirSync(join(cache, kind)).filter((n) => !n.includes(".tmp-"));

/** The .hbs files of the bundled templates: each compiles with no diagnostic, so each is cached. */
const TEMPLATE_FILES = readdirSync(join(REPO, "templates"), { recursive: true }).filter((f) =>
  String(f).endsWith(".hbs"),
).length;

describe("the tool cache between runs", () => {
  it("writes the same bytes with an empty, a warm, a damaged and no tool cache", () => {
    const cache = tempDir();
    const build = (out: string, toolCache = cache) =>
      tilpress(["build", "--quiet", "--out", out, "--no-cache"], { toolCache });
    const cold = join(tempDir(), "dist");
    expect(build(cold).code).toBe(0);
    // Every face a page is set in has its words, every template and partial its compiled form.
    expect(entries(cache, "templates")).toHaveLength(TEMPLATE_FILES);
    expect(entries(cache, "shaped-words").length).toBeGreaterThanOrEqual(4);
    // The user agent's stylesheet and templates/style.css, parsed.
    expect(entries(cache, "stylesheets")).toHaveLength(2);
    // The catalog's six files, the glossary, the outlets, and each article's facts and three front matters.
    expect(entries(cache, "yaml-data")).toHaveLength(6 + 2 + 4 * ARTICLES.length);
    const modes = entries(cache, "templates").map((n) => statSync(join(cache, "templates", n)).mode & 0o777);
    expect(new Set(modes)).toEqual(new Set([0o600]));

    const warm = join(tempDir(), "dist");
    expect(build(warm).code).toBe(0);
    expectSameFiles(warm, cold);

    const off = join(tempDir(), "dist");
    expect(build(off, "off").code).toBe(0);
    expectSameFiles(off, cold);

    // Half of the entries cut short, the others with one byte changed in the middle: all are misses.
    const files = ["templates", "shaped-words", "stylesheets", "yaml-data"].flatMap((kind) =>
      entries(cache, kind).map((n) => join(cache, kind, n)),
    );
    files.forEach((file, i) => {
      const size = statSync(file).size;
      if (i % 2 === 0) truncateSync(file, Math.floor(size / 2));
      else {
        const bytes = readFileSync(file);
        const at = Math.floor(size / 2);
        bytes[at] = bytes[at]! ^ 0x01;
        writeFileSync(file, bytes);
      }
    });
    const damaged = join(tempDir(), "dist");
    const result = build(damaged);
    expect(result.code, result.stderr).toBe(0);
    expectSameFiles(damaged, cold);
    // Written again whole by that build.
    const store = ToolCache.open({ TILPRESS_TOOL_CACHE: cache })!;
    for (const name of entries(cache, "templates")) expect(store.read("templates", name), name).toBeDefined();
    for (const name of entries(cache, "shaped-words")) expect(store.read("shaped-words", name), name).toBeDefined();
    for (const name of entries(cache, "stylesheets")) expect(store.read("stylesheets", name), name).toBeDefined();
    for (const name of entries(cache, "yaml-data")) expect(store.read("yaml-data", name), name).toBeDefined();
  }, 600_000);

  it("keeps only YAML that parsed clean, and reports the same problems at the same places from a warm cache", () => {
    const root = seedCopy();
    const cache = tempDir();
    // A field validation refuses (the file parses), and a catalog key written twice (it does not).
    edit(root, `${SEED_DIR}/article.yaml`, "dateline: almaty", "dateline: almaty\nheadline_note: draft");
    edit(root, "locales/ru/units.json", /^\{/, '{\n  "dup": "а",\n  "dup": "б",');
    const check = () => tilpress(["check", "--no-cache", "--reporter", "json"], { cwd: root, toolCache: cache });
    const cold = check();
    const warm = check();
    expect(cold.code).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
    const found = (JSON.parse(cold.stdout) as { diagnostics: { code: string; file: string; line?: number }[] })
      .diagnostics;
    expect(found).toContainEqual(
      expect.objectContaining({
        code: "data/unknown-field",
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "headline_note"),
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ code: "data/duplicate-key", file: "locales/ru/units.json", line: 3 }),
    );
    // Five catalog files, the glossary, the outlets, the article's facts and its three front matters.
    expect(entries(cache, "yaml-data")).toHaveLength(5 + 2 + 4);
    // Kept by its text: the field taken out, the file is read as it is now.
    edit(root, `${SEED_DIR}/article.yaml`, "\nheadline_note: draft", "");
    const fixed = JSON.parse(check().stdout) as { diagnostics: { code: string }[] };
    expect(fixed.diagnostics.map((d) => d.code)).not.toContain("data/unknown-field");
  });

  it("a file with bytes that are not UTF-8 is never taken for a kept parse of the same text with U+FFFD", () => {
    const root = seedCopy();
    const cache = tempDir();
    const glossary = join(root, "data/glossary.yaml");
    const original = readFileSync(glossary);
    writeFileSync(glossary, Buffer.concat([Buffer.from("# note \ufffd\n"), original]));
    const check = () => tilpress(["check", "--no-cache", "--reporter", "json"], { cwd: root, toolCache: cache });
    expect(check().code).toBe(0);
    writeFileSync(glossary, Buffer.concat([Buffer.from("# note "), Buffer.from([0xff]), Buffer.from("\n"), original]));
    const codes = (JSON.parse(check().stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).toContain("text/invalid-utf8");
  });

  it("compiles a changed template again: the page has the new text", () => {
    const root = seedCopy();
    const cache = tempDir();
    const build = () =>
      tilpress(["build", "--quiet", "--format", "html", "--no-cache"], { cwd: root, toolCache: cache });
    const page = join(root, "dist", "ru", SEED, "briefing.html");
    expect(build().code).toBe(0);
    expect(readFileSync(page, "utf8")).not.toContain("Изменённый шаблон");
    edit(root, "templates/briefing.hbs", "</main>", "<p>Изменённый шаблон</p></main>");
    expect(build().code).toBe(0);
    expect(readFileSync(page, "utf8")).toContain("<p>Изменённый шаблон</p></main>");
    // The old compiled form stays (another project may use it) beside the new one.
    expect(entries(cache, "templates")).toHaveLength(TEMPLATE_FILES + 1);
  }, 300_000);

  it("two processes filling one cache at once both build, and leave only whole entries", async () => {
    const cache = tempDir();
    const outs = [join(tempDir(), "dist"), join(tempDir(), "dist")];
    const codes = await Promise.all(
      outs.map(
        (out) =>
          new Promise<number | null>((done) => {
            const child = spawn(
              process.execPath,
              [BIN, "build", "--quiet", "--article", SEED, "--out", out, "--no-cache"],
              { cwd: REPO, stdio: "ignore", env: { ...process.env, TILPRESS_TOOL_CACHE: cache } },
            );
            child.on("close", done);
          }),
      ),
    );
    expect(codes).toEqual([0, 0]);
    expectSameFiles(outs[1]!, outs[0]!);
    const store = ToolCache.open({ TILPRESS_TOOL_CACHE: cache })!;
    for (const kind of ["templates", "shaped-words", "simple-shaping"])
      for (const name of entries(cache, kind)) expect(store.read(kind, name), `${kind}/${name}`).toBeDefined();
    for (const kind of ["shaped-words", "simple-shaping"])
      expect(readdirSync(join(cache, kind)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  }, 300_000);
});

describe("shaped words in the tool cache", () => {
  // Words the simple path leaves to fontkit, so the store keeps them: ligatures (fi, ffi), a
  // Russian and a Kazakh word with a stress mark (a combining acute), Greek, and a word with soft
  // hyphens broken at a line's end. Quotes and backslashes too: an entry's words are found by
  // their text as its line spells it.
  const WORDS = [
    "first",
    "Office",
    "за\u0301мок",
    "Нұ\u0301р",
    "αβγ",
    "ef\u00adfi\u00ad",
    'fi\\"',
    "\\\\fi",
    '"«Жо\u0301лы»"',
  ];
  const STRESSED = "за\u0301мок";

  function stackWith(cache: ToolCache | undefined) {
    const fonts = createFontStack(cache ? { toolCache: cache } : {});
    fonts.use(NO_PROJECT_FONTS);
    return { fonts, face: fonts.faces()[0]! };
  }

  it("gives back exactly the words fontkit shapes, and nothing for a face whose bytes changed", () => {
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: tempDir() })!;
    const fresh = stackWith(undefined);
    const expected = WORDS.map((w) => shapeWord(fresh.fonts, fresh.face, w));

    const first = stackWith(cache);
    WORDS.forEach((w) => shapeWord(first.fonts, first.face, w));
    first.fonts.storedWords.save();

    const second = stackWith(cache);
    expect(WORDS.map((w) => second.fonts.storedWords.lookup(second.face, w))).toEqual(expected);
    expect(WORDS.map((w) => shapeWord(second.fonts, second.face, w))).toEqual(expected);

    // The same face with one byte of its file changed is another font: none of the words is its.
    const data = Buffer.from(second.face.data);
    data[data.length - 1] = data[data.length - 1]! ^ 0x01;
    const changed: FontFace = { ...second.face, data };
    expect(WORDS.map((w) => second.fonts.storedWords.lookup(changed, w))).toEqual(WORDS.map(() => undefined));
  });

  /** A tool cache with one entry: "за́мок" (stressed: fontkit sets the mark) shaped in a first stack and saved. */
  function savedStressed() {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const first = stackWith(cache);
    const expected = shapeWord(first.fonts, first.face, STRESSED);
    first.fonts.storedWords.save();
    const [name] = entries(dir, "shaped-words");
    return { cache, first, expected, name: name! };
  }

  it("finds a word by its text spelled as an entry's line spells it: JSON, every code unit above U+007E escaped", () => {
    const asLine = (text: string) =>
      JSON.stringify(text)
        .slice(1, -1)
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const texts = [...WORDS, "", "\n\t\u0000\u001f\u007f", "😀«»", "\ud800x", "x\udfff", "tab\there"];
    for (let unit = 0; unit <= 0xffff; unit++) texts.push(String.fromCharCode(unit));
    const wrong = texts.filter((text) => wordKey(text) !== asLine(text));
    expect(wrong).toEqual([]);
    expect(wordKey("Қазақ")).toBe("\\u049a\\u0430\\u0437\\u0430\\u049b");
  });

  it("shapes again a stored word that does not fit the face", () => {
    const { cache, expected, name } = savedStressed();
    // Written again as tilpress writes entries (every character above U+007E escaped): found.
    const pairs = JSON.parse(cache.read("shaped-words", name)!) as [string, number[][]][];
    const ascii = (pair: unknown) =>
      JSON.stringify(pair).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const rewrite = () => cache.write("shaped-words", name, `[\n${pairs.map(ascii).join(",\n")}\n]`);
    rewrite();
    const before = stackWith(cache);
    expect(before.fonts.storedWords.lookup(before.face, STRESSED)).toEqual(expected);
    // Now with a glyph id past the face's glyphs (and a valid checksum).
    pairs[0]![1][0]![0] = 1_000_000;
    rewrite();

    const second = stackWith(cache);
    expect(second.fonts.storedWords.lookup(second.face, STRESSED)).toBeUndefined();
    expect(shapeWord(second.fonts, second.face, STRESSED)).toEqual(expected);
  });

  it("keeps an entry one word a line, and a damaged line costs only its word", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const first = stackWith(cache);
    const expected = WORDS.map((w) => shapeWord(first.fonts, first.face, w));
    first.fonts.storedWords.save();
    const [name] = entries(dir, "shaped-words");
    const body = cache.read("shaped-words", name!)!;
    const lines = body.split("\n");
    // "[", one line a word (a comma after all but the last), "]": still one JSON array.
    expect(lines).toHaveLength(WORDS.length + 2);
    expect((JSON.parse(body) as [string][]).map(([text]) => text).sort()).toEqual([...WORDS].sort());
    const damaged = lines.findIndex((l) => l.startsWith(`[${JSON.stringify(WORDS[0])},`));
    lines[damaged] = `["${WORDS[0]}",[[1,2`;
    cache.write("shaped-words", name!, lines.join("\n"));

    const second = stackWith(cache);
    expect(second.fonts.storedWords.lookup(second.face, WORDS[0]!)).toBeUndefined();
    for (const [i, w] of WORDS.entries()) {
      if (i > 0) expect(second.fonts.storedWords.lookup(second.face, w), w).toEqual(expected[i]);
    }
    // The same words in one line, valid JSON but not an entry's layout: no entry.
    cache.write("shaped-words", name!, JSON.stringify(JSON.parse(body)));
    const third = stackWith(cache);
    expect(WORDS.map((w) => third.fonts.storedWords.lookup(third.face, w))).toEqual(WORDS.map(() => undefined));
  });

  it("are not read once the store is turned off", () => {
    const { cache, first, expected, name } = savedStressed();
    const body = cache.read("shaped-words", name);

    const second = stackWith(cache);
    expect(second.fonts.storedWords.lookup(second.face, STRESSED)).toEqual(expected);
    second.fonts.storedWords.turnOff();
    expect(second.fonts.storedWords.lookup(second.face, STRESSED)).toBeUndefined();
    // Shaped as before, and neither added nor saved.
    expect(shapeWord(second.fonts, second.face, "offici\u0301al")).toEqual(
      shapeWord(first.fonts, first.face, "offici\u0301al"),
    );
    second.fonts.storedWords.save();
    expect(cache.read("shaped-words", name)).toBe(body);
  });

  it("between a long share's articles, saves only a face that has a full entry's worth", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const { fonts, face } = stackWith(cache);
    WORDS.forEach((w) => shapeWord(fonts, face, w));
    fonts.storedWords.save({ full: true });
    expect(readdirSync(dir)).toEqual([]);
    fonts.storedWords.save();
    expect(entries(dir, "shaped-words")).toHaveLength(1);
  });

  it("adds at most one full entry's worth of words in a thread's life, however often it saves", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const { fonts, face } = stackWith(cache);
    // Distinct words: "fi" (a ligature: fontkit sets them, the store keeps them) and ten letters (base 25).
    const word = (i: number) =>
      "fi" + Array.from(i.toString(25).padStart(10, "0"), (d) => "abcdeghijklmnopqrstuvwxyz"[parseInt(d, 25)]).join("");
    // About 10,000 such words (some 100 bytes of JSON each) are a full entry's worth: saved as they
    // come, in chunks as a worker does.
    let i = 0;
    for (let chunk = 0; chunk < 24; chunk++) {
      for (const end = i + 500; i < end; i++) shapeWord(fonts, face, word(i));
      fonts.storedWords.save();
    }
    const [name] = entries(dir, "shaped-words");
    const full = cache.read("shaped-words", name!)!;
    const stored = (JSON.parse(full) as [string][]).map(([text]) => text);
    expect(stored.length).toBeGreaterThan(2000);
    expect(stored.length).toBeLessThan(i);
    // Past the budget, new words are neither added nor written: the entry stays as it was, and
    // this thread no longer keeps the stored words in memory (the next run reads them).
    for (const end = i + 500; i < end; i++) shapeWord(fonts, face, word(i));
    fonts.storedWords.save();
    expect(cache.read("shaped-words", name!)).toBe(full);
    expect(fonts.storedWords.lookup(face, stored.at(-1)!)).toBeUndefined();
    const next = stackWith(cache);
    expect(next.fonts.storedWords.lookup(next.face, word(i - 1))).toBeUndefined();
    expect(next.fonts.storedWords.lookup(next.face, stored.at(-1)!)).toBeDefined();
  });
});

describe("a face's simple-shaping tables in the tool cache", () => {
  // Words the simple path sets: en, kk and ru, a kerned pair, a space, a word broken at a line's end.
  const SIMPLE = ["press", "AVATAR", "Қазақстан", "әкімдігі", "Пресс-центр", " ", "мәлім\u00adде\u00ad", "«Нұр»,"];

  function stackWith(cache: ToolCache | undefined) {
    const fonts = createFontStack(cache ? { toolCache: cache } : {});
    fonts.use(NO_PROJECT_FONTS);
    return { fonts, face: fonts.faces()[0]! };
  }

  /** The tables fontkit decodes in this face from now on (it decodes each once, when first read). */
  function decodedTables(face: FontFace): string[] {
    const tags: string[] = [];
    const font = face.font as unknown as { _decodeTable(table: { tag: string }): unknown };
    const decode = font._decodeTable.bind(font);
    font._decodeTable = (table) => {
      tags.push(table.tag);
      return decode(table);
    };
    return tags;
  }

  const LAYOUT_TABLES = ["cmap", "hmtx", "GSUB", "GPOS", "GDEF"];
  const expected = (() => {
    const { fonts, face } = stackWith(undefined);
    return SIMPLE.map((w) => shapeWord(fonts, face, w));
  })();

  it("set a later run's words as fontkit does, without decoding the face's cmap, hmtx, GSUB, GPOS or GDEF", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const first = stackWith(cache);
    expect(SIMPLE.map((w) => shapeWord(first.fonts, first.face, w))).toEqual(expected);
    first.fonts.storedWords.save();
    expect(entries(dir, "simple-shaping")).toHaveLength(1);
    // The words themselves are not kept: the tables make them again.
    expect(existsSync(join(dir, "shaped-words"))).toBe(false);

    const second = stackWith(cache);
    const decoded = decodedTables(second.face);
    expect(SIMPLE.map((w) => shapeWord(second.fonts, second.face, w))).toEqual(expected);
    expect(decoded.filter((tag) => LAYOUT_TABLES.includes(tag))).toEqual([]);
    // The same from a stack with no tool cache reads them.
    const cold = stackWith(undefined);
    const coldDecoded = decodedTables(cold.face);
    shapeWord(cold.fonts, cold.face, "AVATAR");
    expect(coldDecoded).toEqual(expect.arrayContaining(["cmap", "GSUB", "GPOS"]));
  });

  it("learn a pair they do not know from the face, and keep both builders' pairs", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const first = stackWith(cache);
    shapeWord(first.fonts, first.face, "AVATAR");
    first.fonts.storedWords.save();
    // A second run meets a pair the first did not: it reads the kerning (GPOS) for it, and only then.
    const second = stackWith(cache);
    const decoded = decodedTables(second.face);
    shapeWord(second.fonts, second.face, "AVATAR");
    expect(decoded).not.toContain("GPOS");
    const fresh = stackWith(undefined);
    expect(shapeWord(second.fonts, second.face, "Tomorrow")).toEqual(shapeWord(fresh.fonts, fresh.face, "Tomorrow"));
    expect(decoded).toContain("GPOS");
    second.fonts.storedWords.save();
    const third = stackWith(cache);
    const thirdDecoded = decodedTables(third.face);
    expect(shapeWord(third.fonts, third.face, "Tomorrow")).toEqual(shapeWord(fresh.fonts, fresh.face, "Tomorrow"));
    expect(shapeWord(third.fonts, third.face, "AVATAR")).toEqual(expected[1]);
    expect(thirdDecoded.filter((tag) => LAYOUT_TABLES.includes(tag))).toEqual([]);
  });

  it("are not taken when damaged or another face's: the words are set from the face itself", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const first = stackWith(cache);
    SIMPLE.forEach((w) => shapeWord(first.fonts, first.face, w));
    first.fonts.storedWords.save();
    const [name] = entries(dir, "simple-shaping");
    const body = cache.read("simple-shaping", name!)!;
    const tables = JSON.parse(body) as { softHyphen: number[]; glyphs: string; plans: ({ pairs: number[] } | null)[] };
    const glyphCount = first.face.font.numGlyphs;
    const damaged = [
      "{",
      JSON.stringify({ ...tables, softHyphen: [glyphCount, 0] }),
      JSON.stringify({ ...tables, glyphs: tables.glyphs.slice(0, -8) }),
      JSON.stringify({
        ...tables,
        plans: tables.plans.map((p) => p && { ...p, pairs: [glyphCount * 0x10000, 0, ...p.pairs] }),
      }),
    ];
    for (const text of damaged) {
      cache.write("simple-shaping", name!, text);
      const next = stackWith(cache);
      const decoded = decodedTables(next.face);
      expect(SIMPLE.map((w) => shapeWord(next.fonts, next.face, w))).toEqual(expected);
      expect(decoded).toEqual(expect.arrayContaining(["GSUB", "GPOS"]));
    }
    // The entry as written is taken again.
    cache.write("simple-shaping", name!, body);
    const last = stackWith(cache);
    const decoded = decodedTables(last.face);
    expect(SIMPLE.map((w) => shapeWord(last.fonts, last.face, w))).toEqual(expected);
    expect(decoded.filter((tag) => LAYOUT_TABLES.includes(tag))).toEqual([]);
  });
});

describe("shaped words of a parallel build", () => {
  it("are saved by every builder: the main thread's share and each worker's, words from every article", () => {
    // Eight articles (more than the main thread builds alone): the bundled six and two copies,
    // each given a word of its own in its English text.
    const root = projectCopyWithWorker();
    const articles = join(root, "data", "articles");
    const ids = readdirSync(articles).sort();
    expect(ids).toHaveLength(8);
    // With a ligature (fi): fontkit sets such a word, and the store keeps it (simple words are
    // set from the face's tables, kept as "simple-shaping").
    const unique = ids.map((_, i) => `Qwertyfi${"abcdefgh"[i]}`);
    ids.forEach((id, i) => appendFileSync(join(articles, id, "en.md"), `\n${unique[i]} marks this article.\n`));
    const cache = tempDir();
    const out = join(tempDir(), "dist");
    const r = tilpress(
      ["build", "--no-cache", "--jobs", "2", "--quiet", "--format", "pdf", "--locale", "en", "--out", out],
      {
        cwd: root,
        toolCache: cache,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const stored = new Set(
      entries(cache, "shaped-words").flatMap((name) =>
        (JSON.parse(ToolCache.open({ TILPRESS_TOOL_CACHE: cache })!.read("shaped-words", name)!) as [string][]).map(
          ([text]) => text,
        ),
      ),
    );
    expect(unique.filter((word) => !stored.has(word))).toEqual([]);
    expect(entries(cache, "simple-shaping").length).toBeGreaterThan(0);
  });
});

describe("shaped words of a long run", () => {
  it("are neither added by a build of more new articles than STORED_WORDS_ARTICLES, nor by its worker, nor its articles' YAML", () => {
    const root = seedCopy();
    for (let i = 1; i <= STORED_WORDS_ARTICLES; i++) {
      cpSync(join(root, SEED_DIR), join(root, "data", "articles", `story-${i}`), { recursive: true });
      edit(root, `data/articles/story-${i}/article.yaml`, `id: ${SEED}`, `id: story-${i}`);
    }
    const cache = tempDir();
    const build = (extra: readonly string[]) =>
      tilpress(
        [
          "build",
          "--no-cache",
          "--quiet",
          "--format",
          "pdf",
          "--locale",
          "en",
          "--out",
          join(tempDir(), "dist"),
          ...extra,
        ],
        { cwd: root, toolCache: cache },
      );
    const long = build(["--jobs", "2"]);
    expect(long.code, long.stderr).toBe(0);
    expect(readdirSync(join(root, "data", "articles"))).toHaveLength(STORED_WORDS_ARTICLES + 1);
    expect(entries(cache, "templates").length).toBeGreaterThan(0);
    expect(existsSync(join(cache, "shaped-words"))).toBe(false);
    expect(existsSync(join(cache, "simple-shaping"))).toBe(false);
    // Nor the long run's articles as parsed (the catalog's and the glossary's are kept).
    const store = ToolCache.open({ TILPRESS_TOOL_CACHE: cache })!;
    const parsedIds = () =>
      entries(cache, "yaml-data").flatMap(
        (n) => /"id":"(story-\d+)"/.exec(store.read("yaml-data", n) ?? "")?.[1] ?? [],
      );
    expect(entries(cache, "yaml-data").length).toBeGreaterThan(0);
    expect(parsedIds()).toEqual([]);
    // The same project, one article: a short run, whose words and YAML are kept.
    const short = build(["--article", "story-1"]);
    expect(short.code, short.stderr).toBe(0);
    expect(entries(cache, "shaped-words").length).toBeGreaterThan(0);
    expect(entries(cache, "simple-shaping").length).toBeGreaterThan(0);
    expect(parsedIds()).toEqual(["story-1"]);
  }, 120_000);
});

describe("the program's entries in the tool cache", () => {
  it("a rebuilt program of the same version, size and file times finds no compiled template or shaped word of the one before", () => {
    const root = seedCopy();
    const dir = tempDir();
    const build = (bin: string) => {
      const r = spawnSync(
        process.execPath,
        [
          bin,
          "build",
          "--root",
          root,
          "--no-cache",
          "--quiet",
          "--locale",
          "en",
          "--format",
          "pdf",
          "--out",
          join(tempDir(), "dist"),
        ],
        { encoding: "utf8", env: { ...process.env, TILPRESS_TOOL_CACHE: dir } },
      );
      expect(r.status, r.stderr).toBe(0);
      return {
        templates: entries(dir, "templates").length,
        words: entries(dir, "shaped-words").length,
        tables: entries(dir, "simple-shaping").length,
      };
    };
    // Two copies of the package, as npm packs them (every file at one time); the second with one
    // letter of the help text changed: the same version, the same size, the same time.
    const packed = new Date("1985-10-26T08:15:00Z");
    const [before, after] = [packageWithOwnProgram(), packageWithOwnProgram()];
    const text = readFileSync(after.program, "utf8");
    const edited = text.replace("trilingual press briefings", "trilingual press Briefings");
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(after.program, edited);
    for (const { program } of [before, after]) utimesSync(program, packed, packed);

    const first = build(before.bin);
    expect(first.templates).toBeGreaterThan(0);
    expect(first.words).toBeGreaterThan(0);
    expect(first.tables).toBeGreaterThan(0);
    expect(build(before.bin)).toEqual(first);
    expect(build(after.bin)).toEqual({
      templates: 2 * first.templates,
      words: 2 * first.words,
      tables: 2 * first.tables,
    });
  });
});

describe("compiled templates in the tool cache", () => {
  it("renders the same page from a cached template, and compiles a template with a problem every time", () => {
    const root = seedCopy();
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    edit(root, "templates/partials/notes.hbs", /^/, "{{{ view.headline }}}");
    const load = (toolCache?: ToolCache) => {
      const diagnostics = new DiagnosticList();
      const templates = loadTemplates(
        join(root, "templates"),
        projectFiles({ root, limits: DEFAULT_LIMITS }),
        diagnostics,
        { toolCache },
      );
      return { templates, codes: diagnostics.items.map((d) => d.code) };
    };
    const first = load(cache);
    expect(first.codes).toEqual(["template/unescaped"]);
    // Every template but the one with the problem is kept.
    expect(entries(dir, "templates")).toHaveLength(TEMPLATE_FILES - 1);
    const second = load(cache);
    expect(second.codes).toEqual(["template/unescaped"]);
    expect(second.templates.names).toEqual(first.templates.names);
  });
});

describe("the set-up's checks in the tool cache", () => {
  /** `check --no-cache` of `root` as JSON: the diagnostics, and the checks' entries after it. */
  const check = (root: string, cache: string, bin = BIN) => {
    const r = spawnSync(process.execPath, [bin, "check", "--no-cache", "--reporter", "json"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", TILPRESS_TOOL_CACHE: cache },
    });
    const { diagnostics } = JSON.parse(r.stdout) as {
      diagnostics: { code: string; severity: string; message: string }[];
    };
    return { code: r.status, diagnostics, entries: entries(cache, "setup-checks") };
  };
  const unused = (found: ReturnType<typeof check>) => found.diagnostics.filter((d) => d.code === "catalog/unused-key");

  it("report the same from the cache, and follow the catalog, the policy and the program's code", () => {
    const root = seedCopy();
    addUnusedNavKey(root);
    const cache = tempDir();
    const first = check(root, cache);
    expect(first.entries).toHaveLength(1);
    expect(unused(first)).toEqual([
      expect.objectContaining({ severity: "warning", message: "`nav.home` is not used by any template" }),
    ]);
    const second = check(root, cache);
    expect(second.entries).toEqual(first.entries);
    expect(second.diagnostics).toEqual(first.diagnostics);

    // The policy: the same problem, another severity.
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ rules: { "catalog/unused-key": "error" } }));
    const strict = check(root, cache);
    expect(strict.code).toBe(1);
    expect(unused(strict).map((d) => d.severity)).toEqual(["error"]);
    // The catalog: the key gone, the warning too.
    writeFileSync(join(root, "tilpress.config.json"), "{}");
    for (const l of ["en", "kk", "ru"]) edit(root, `locales/${l}/common.json`, /\n {4}"home": "[^"]+",/, "");
    expect(unused(check(root, cache))).toEqual([]);
    expect(check(root, cache).entries).toHaveLength(3);

    // The program: a bundle whose check says something else finds no entry of the one before.
    const { bin, program } = packageWithOwnProgram();
    const text = readFileSync(program, "utf8");
    const edited = text.replace("is not used by any template", "is used by no template");
    expect(edited).not.toBe(text);
    writeFileSync(program, edited);
    for (const l of ["en", "kk", "ru"])
      edit(root, `locales/${l}/common.json`, '"nav": {', `"nav": {\n    "home": "x",`);
    expect(unused(check(root, cache)).map((d) => d.message)).toEqual(["`nav.home` is not used by any template"]);
    expect(unused(check(root, cache, bin)).map((d) => d.message)).toEqual(["`nav.home` is used by no template"]);
  });
});

describe("the tool cache's folder", () => {
  it("is $TILPRESS_TOOL_CACHE, else under $XDG_CACHE_HOME or ~/.cache, and off when asked", () => {
    expect(toolCacheDir({ TILPRESS_TOOL_CACHE: "/srv/cache" })).toBe("/srv/cache");
    expect(toolCacheDir({ TILPRESS_TOOL_CACHE: "off" })).toBeUndefined();
    expect(toolCacheDir({ XDG_CACHE_HOME: "/home/a/.xdg" })).toBe("/home/a/.xdg/tilpress");
    expect(toolCacheDir({ XDG_CACHE_HOME: "relative" })).toMatch(/\/\.cache\/tilpress$/);
    expect(ToolCache.open({ TILPRESS_TOOL_CACHE: "off" })).toBeUndefined();
  });

  it("is not used when others can write to it", () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    expect(ToolCache.open({ TILPRESS_TOOL_CACHE: dir })).toBeUndefined();
    chmodSync(dir, 0o700);
    expect(ToolCache.open({ TILPRESS_TOOL_CACHE: dir })).toBeDefined();
  });

  it("does not throw when an entry cannot be written: a file where the kind's folder should be", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    writeFileSync(join(dir, "templates"), "not a folder");
    expect(cache.write("templates", "a".repeat(64), "body")).toBe(false);
    expect(cache.read("templates", "a".repeat(64))).toBeUndefined();
    expect(cache.write("shaped-words", "b".repeat(64), "body")).toBe(true);
    expect(cache.read("shaped-words", "b".repeat(64))).toBe("body");
  });

  it("keeps within its budget by removing the entries read longest ago", () => {
    const dir = tempDir();
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: dir })!;
    const body = "x".repeat(1000);
    for (const key of ["a", "b", "c", "d"]) cache.write("templates", key, body);
    const at = (key: string, seconds: number) => utimesSync(join(dir, "templates", key), seconds, seconds);
    at("a", 4000);
    at("b", 1000);
    at("c", 3000);
    at("d", 2000);
    cache.evict(3000); // four entries of some 1,090 bytes: down to three quarters of the budget
    expect(entries(dir, "templates").sort()).toEqual(["a", "c"]);
  });
});

describe("an entry's size", () => {
  it("is at most 8 MB, header included: a larger one is neither written nor read", () => {
    const cache = ToolCache.open({ TILPRESS_TOOL_CACHE: tempDir() })!;
    const big = "ж".repeat(4 * 1024 * 1024); // 8 MB of UTF-8, and the header on top
    expect(cache.write("yaml-data", "big", big)).toBe(false);
    expect(cache.read("yaml-data", "big")).toBeUndefined();
    const fits = "ж".repeat(4 * 1024 * 1024 - 64);
    expect(cache.write("yaml-data", "fits", fits)).toBe(true);
    expect(cache.read("yaml-data", "fits")).toBe(fits);
  });
});
