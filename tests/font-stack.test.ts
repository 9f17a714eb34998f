import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { resolveConfig } from "../src/config.js";
import { BuildSetUp } from "../src/build/setUp.js";
import { EMOJI_FAMILY } from "../src/fonts/fontStack.js";
import { OLD_GENERATION_MB, workerFailure } from "../src/build/parallel.js";
import { TilpressError } from "../src/core/errors.js";
import { damagedFont, edit, lineOf, REPO, rejoinHyphenatedText, SEED, SEED_DIR, seedCopy, write } from "./helpers.js";

/**
 * The PDF's font stack as a user meets it (docs/fonts.md): emoji and symbols set from the shipped
 * Noto Emoji, the project's own fonts from tilpress.config.json, a character no font has is an
 * error naming the config key. Every case runs the CLI and reads the PDF back with poppler.
 */

const BIN = join(REPO, "bin/tilpress.js");
const DEJAVU = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
// Debian's fonts-liberation (.ci/run installs it): a serif without Kazakh letters.
const LIBERATION = "/usr/share/fonts/truetype/liberation";

function tilpress(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
const pdfOf = (root: string, locale: string) => join(root, "dist", locale, SEED, "briefing.pdf");
/** The fonts pdffonts lists, without the subset tag: "NotoEmoji-Regular". */
const fontsOf = (file: string) =>
  run("pdffonts", [file])
    .trim()
    .split("\n")
    .slice(2)
    .map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""));
const textOf = (file: string) => rejoinHyphenatedText(run("pdftotext", ["-enc", "UTF-8", file, "-"]));

function addFont(root: string, from: string, to: string): void {
  mkdirSync(dirname(join(root, to)), { recursive: true });
  copyFileSync(from, join(root, to));
}

describe("emoji and symbols never block an article", () => {
  it("sets 📢, ✅, a flag and ₸ from the shipped fallbacks: the PDF embeds Noto Emoji and extracts the same text", () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", "📢 Крупные ✅ силы 🇰🇿 полиции, тенге ₸,");
    const r = tilpress(["build", "--root", root, "--locale", "ru"]);
    expect(r.stderr).toContain("0 error(s)");
    expect(r.code).toBe(0);
    const pdf = pdfOf(root, "ru");
    expect(fontsOf(pdf)).toContain("NotoEmoji-Regular");
    expect(run("qpdf", ["--check", pdf])).toContain("No syntax or stream encoding errors");
    expect(textOf(pdf)).toContain("📢 Крупные ✅ силы 🇰🇿 полиции, тенге ₸,");
    const html = readFileSync(join(root, "dist", "ru", SEED, "briefing.html"), "utf8");
    expect(html).toContain("📢 Крупные ✅ силы 🇰🇿 полиции, тенге ₸,");
    // check finds the same: nothing missing.
    const checked = tilpress(["check", "--root", root]);
    expect(checked.stderr).toContain("0 error(s)");
    expect(checked.code).toBe(0);
  });

  it("keeps skin tones and a subdivision flag in the PDF's text, and a glyph shared by two texts extracts as each", () => {
    // Noto Emoji is monochrome: 👍🏽 is drawn with 👍's glyph, and a typed ﬁ in code with the
    // same glyph as the ligature of "fi" in the text around it.
    const root = seedCopy();
    const line = "👍🏽 и 👍, 👍🏿👍🏽, 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇰🇿; `ﬁle` и file и ﬁle";
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", `${line} Крупные силы полиции`);
    const r = tilpress(["build", "--root", root, "--locale", "ru", "--format", "pdf"]);
    expect(r.stderr).toContain("0 error(s)");
    const pdf = pdfOf(root, "ru");
    expect(run("qpdf", ["--check", pdf])).toContain("No syntax or stream encoding errors");
    // A typed ﬁ outside code is set as its letters (typography), in code as typed.
    expect(textOf(pdf)).toContain("👍🏽 и 👍, 👍🏿👍🏽, 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇰🇿; ﬁle и file и file Крупные силы полиции");
  });

  it("gives a glyph shown with a skin tone a ToUnicode entry without it, and a flag's own glyph its whole sequence", async () => {
    // pdf.js reads ToUnicode alone. The entry was the first use's text, so with 👍🏽 first
    // every later 👍 read as 👍🏽 there; and Noto Emoji's flag of Scotland, a glyph of its own,
    // must not lose its tags to that rule (red team).
    const root = seedCopy();
    const scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", `👍🏽 и 👍, 👍 ${scotland} Крупные силы полиции`);
    const r = tilpress(["build", "--root", root, "--locale", "ru", "--format", "pdf"]);
    expect(r.stderr).toContain("0 error(s)");
    const pdf = pdfOf(root, "ru");
    expect(textOf(pdf)).toContain(`👍🏽 и 👍, 👍 ${scotland} Крупные силы полиции`);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)), useSystemFonts: false }).promise;
    let text = "";
    for (let n = 1; n <= doc.numPages; n++)
      for (const item of (await (await doc.getPage(n)).getTextContent()).items)
        if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
    expect(text).toContain("👍 и 👍, 👍");
    // The flag's glyph stands for the whole sequence in the ToUnicode map, and needs no ActualText.
    const plain = join(root, "plain.pdf");
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, plain]);
    // Its UTF-16 code units, as the map writes them.
    const hex = Array.from(scotland, (c) => c.codePointAt(0)!)
      .flatMap((cp) => (cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp]))
      .map((unit) => unit.toString(16).padStart(4, "0"))
      .join("");
    const written = readFileSync(plain, "latin1").toLowerCase();
    expect(written).toMatch(new RegExp(`^<[0-9a-f]{4}> <${hex}>$`, "m"));
    expect(written).not.toContain(`/actualtext <feff${hex}>`);
  });

  it("opens the emoji font only when a character needs it, and embeds it only then", () => {
    const root = seedCopy();
    const setUp = new BuildSetUp();
    const plain = build({ root, locales: ["en"], formats: ["pdf"] }, setUp);
    expect(plain.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const opened = () => [...setUp.pdf.fonts.coverage.keys()].map((face) => face.family);
    expect(opened()).not.toContain(EMOJI_FAMILY);
    edit(
      root,
      `${SEED_DIR}/en.md`,
      "Police had been deployed in large numbers",
      "Police ✅ had been deployed in large numbers",
    );
    const withEmoji = build({ root, locales: ["en"], formats: ["pdf"] }, setUp);
    expect(withEmoji.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(opened()).toContain(EMOJI_FAMILY);
  });
});

describe("a character no font in the stack has", () => {
  it("is an error naming U+XXXX, the file, line:column and locale, with the config key to set; nothing of that locale is written", () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", "Крупные 中 силы полиции");
    const r = tilpress(["build", "--root", root, "--locale", "ru", "--locale", "kk"]);
    expect(r.code).toBe(1);
    const line = lineOf(root, `${SEED_DIR}/ru.md`, "Крупные 中");
    expect(r.stderr).toContain(`${SEED_DIR}/ru.md:${line}:9`);
    expect(r.stderr).toContain('U+4E2D "中"');
    expect(r.stderr).toContain('"fonts.fallback" in tilpress.config.json');
    expect(existsSync(join(root, "dist", "ru", SEED))).toBe(false);
    expect(existsSync(pdfOf(root, "kk"))).toBe(true);
  });

  it("is set once the project adds a font that has it under fonts.fallback", () => {
    const root = seedCopy();
    // ⟂ (U+27C2) is in DejaVu Math TeX Gyre, not in DejaVu Sans, DejaVu Serif or Noto Emoji.
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", "Крупные ⟂ силы полиции");
    const before = tilpress(["build", "--root", root, "--locale", "ru", "--format", "pdf"]);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain("U+27C2");
    addFont(root, join(DEJAVU, "DejaVuMathTeXGyre.ttf"), "fonts/Math.ttf");
    write(root, "tilpress.config.json", JSON.stringify({ fonts: { fallback: ["fonts/Math.ttf"] } }));
    const after = tilpress(["build", "--root", root, "--locale", "ru", "--format", "pdf"]);
    expect(after.stderr).toContain("0 error(s)");
    expect(after.code).toBe(0);
    expect(fontsOf(pdfOf(root, "ru"))).toContain("DejaVuMathTeXGyre-Regular");
    expect(textOf(pdfOf(root, "ru"))).toContain("Крупные ⟂ силы полиции");
  });
});

describe("the project's own fonts", () => {
  it.skipIf(!existsSync(LIBERATION))(
    "sets body text in the project's serif, Kazakh letters it lacks from DejaVu Serif, and names it in the HTML",
    () => {
      const root = seedCopy();
      addFont(root, join(LIBERATION, "LiberationSerif-Regular.ttf"), "fonts/Body-Regular.ttf");
      addFont(root, join(LIBERATION, "LiberationSerif-Bold.ttf"), "fonts/Body-Bold.ttf");
      write(
        root,
        "tilpress.config.json",
        JSON.stringify({ fonts: { serif: { regular: "fonts/Body-Regular.ttf", bold: "fonts/Body-Bold.ttf" } } }),
      );
      const r = tilpress(["build", "--root", root, "--locale", "kk"]);
      expect(r.code).toBe(0);
      const pdf = pdfOf(root, "kk");
      const fonts = fontsOf(pdf);
      expect(fonts).toContain("LiberationSerif");
      expect(fonts).toContain("LiberationSerif-Bold");
      // Liberation has no ә, қ, ң, ө, ұ, ү, һ: those come from DejaVu Serif, in the same words.
      expect(fonts).toContain("DejaVuSerif");
      expect(textOf(pdf)).toContain("Полиция ерте таңнан алаңды қоршап тастап, өткен-кеткен көптеген адамды ұстады.");
      const html = readFileSync(join(root, "dist", "kk", SEED, "briefing.html"), "utf8");
      expect(html).toContain('font-family: "Liberation Serif", "DejaVu Serif", Georgia');
      // Headings ask for a sans-serif: the project gave none, so their list is unchanged.
      expect(html).toContain('font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;');
    },
  );

  it("rebuilds the pages when a font file changes (the cache keys its contents)", () => {
    const root = seedCopy();
    addFont(root, join(DEJAVU, "DejaVuSerifCondensed.ttf"), "fonts/Body.ttf");
    write(root, "tilpress.config.json", JSON.stringify({ fonts: { serif: { regular: "fonts/Body.ttf" } } }));
    expect(tilpress(["build", "--root", root, "--locale", "en", "--format", "pdf"]).code).toBe(0);
    expect(fontsOf(pdfOf(root, "en"))).toContain("DejaVuSerifCondensed");
    addFont(root, join(DEJAVU, "DejaVuSansMono.ttf"), "fonts/Body.ttf");
    expect(tilpress(["build", "--root", root, "--locale", "en", "--format", "pdf"]).code).toBe(0);
    const fonts = fontsOf(pdfOf(root, "en"));
    expect(fonts).toContain("DejaVuSansMono");
    expect(fonts).not.toContain("DejaVuSerifCondensed");
  });

  it("a kept set-up (a worker, the preview) sets the next build in the new font when the file changes", () => {
    const root = seedCopy();
    addFont(root, join(DEJAVU, "DejaVuSerifCondensed.ttf"), "fonts/Body.ttf");
    write(root, "tilpress.config.json", JSON.stringify({ fonts: { serif: { regular: "fonts/Body.ttf" } } }));
    const setUp = new BuildSetUp();
    const fontsOfBuild = () => {
      const pdf = build({ root, locales: ["en"], formats: ["pdf"] }, setUp).outputs.find((o) => o.format === "pdf")!;
      const file = join(root, "out.pdf");
      writeFileSync(file, pdf.contents);
      return fontsOf(file);
    };
    expect(fontsOfBuild()).toContain("DejaVuSerifCondensed");
    // The same family name, so the same stylesheet: only the file's contents tell them apart.
    addFont(root, join(DEJAVU, "DejaVuSerifCondensed-Bold.ttf"), "fonts/Body.ttf");
    const after = fontsOfBuild();
    expect(after).toContain("DejaVuSerifCondensed-Bold");
    expect(after).not.toContain("DejaVuSerifCondensed");
  });

  it("refuses a font file that is missing, outside the project, not a font or a web font, each at its place in the config", () => {
    const root = seedCopy();
    mkdirSync(join(root, "fonts"));
    writeFileSync(join(root, "fonts", "notes.ttf"), "not a font at all");
    writeFileSync(join(root, "fonts", "web.woff"), Buffer.from("wOFF0000000000000000", "latin1"));
    const config = [
      "{",
      '  "fonts": {',
      '    "serif": { "regular": "fonts/missing.ttf", "bold": "../outside.ttf" },',
      '    "sans": { "regular": "fonts/notes.ttf" },',
      '    "fallback": ["fonts/web.woff"]',
      "  }",
      "}",
      "",
    ].join("\n");
    write(root, "tilpress.config.json", config);
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'tilpress.config.json:3:27: fonts.serif.regular: no font file "fonts/missing.ttf" in the project',
    );
    expect(r.stderr).toContain('tilpress.config.json:3:56: fonts.serif.bold: "../outside.ttf" is outside the project');
    expect(r.stderr).toContain('tilpress.config.json:4:26: fonts.sans.regular: "fonts/notes.ttf" is not a font file');
    expect(r.stderr).toContain('tilpress.config.json:5:18: fonts.fallback.0: "fonts/web.woff" is a WOFF web font');
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("refuses a font with a damaged table, naming the file and the table, in bounded memory and time", () => {
    const root = seedCopy();
    mkdirSync(join(root, "fonts"));
    const serif = join(DEJAVU, "DejaVuSerif.ttf");
    const damaged: [string, Buffer][] = [
      ["gsub.ttf", damagedFont(serif, "GSUB", "fill")], // fontkit asked for 65,535 × 65,535 records: 4 GB
      ["cmap.ttf", damagedFont(serif, "cmap", "fill")],
      ["loca.ttf", damagedFont(serif, "loca", "fill")],
      ["glyf.ttf", damagedFont(serif, "glyf", "scramble")],
      ["head.ttf", damagedFont(serif, "head", "fill")],
      ["hhea.ttf", damagedFont(serif, "hhea", "fill")],
      ["gpos.ttf", damagedFont(serif, "GPOS", "scramble")],
      ["maxp.ttf", damagedFont(serif, "maxp", "fill")],
    ];
    for (const [name, bytes] of damaged) writeFileSync(join(root, "fonts", name), bytes);
    const config = {
      fonts: {
        serif: { regular: "fonts/gsub.ttf", bold: "fonts/cmap.ttf", italic: "fonts/loca.ttf" },
        sans: { regular: "fonts/glyf.ttf", bold: "fonts/head.ttf", italic: "fonts/hhea.ttf" },
        fallback: ["fonts/gpos.ttf", "fonts/maxp.ttf"],
      },
    };
    write(root, "tilpress.config.json", JSON.stringify(config, null, 2) + "\n");
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(2);
    const line = lineOf(root, "tilpress.config.json", "fonts/gsub.ttf");
    expect(r.stderr).toMatch(
      new RegExp(
        `tilpress.config.json:${line}:\\d+: fonts\\.serif\\.regular: "fonts/gsub\\.ttf" is damaged: ` +
          "reading its GSUB table (needed more than 128 MB of memory|took more than 30 s)",
      ),
    );
    expect(r.stderr).toContain('fonts.serif.bold: "fonts/cmap.ttf" is damaged: reading its cmap table failed (');
    expect(r.stderr).toContain(
      'fonts.serif.italic: "fonts/loca.ttf" is damaged: its loca table is damaged: glyph 0\'s offset is 4294967295',
    );
    expect(r.stderr).toContain('fonts.sans.regular: "fonts/glyf.ttf" is damaged: reading its glyf table failed (');
    expect(r.stderr).toContain(
      'fonts.sans.bold: "fonts/head.ttf" is damaged: its head table is damaged: unitsPerEm is 65535 (16 to 16384)',
    );
    expect(r.stderr).toContain(
      'fonts.sans.italic: "fonts/hhea.ttf" is damaged: its hhea table is damaged: numberOfHMetrics is 65535',
    );
    expect(r.stderr).toContain('fonts.fallback.0: "fonts/gpos.ttf" is damaged: reading its GPOS table failed (');
    expect(r.stderr).toContain(
      'fonts.fallback.1: "fonts/maxp.ttf" is damaged: its hmtx table is damaged: it is too short for 65535 glyphs (maxp)',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // build refuses it the same way, before anything is written.
    write(root, "tilpress.config.json", JSON.stringify({ fonts: { serif: { regular: "fonts/gsub.ttf" } } }));
    const built = tilpress(["build", "--root", root, "--locale", "en"]);
    expect(built.code).toBe(2);
    expect(built.stderr).toContain('fonts.serif.regular: "fonts/gsub.ttf" is damaged: reading its GSUB table');
    expect(existsSync(join(root, "dist"))).toBe(false);
  }, 180_000);

  it("takes a file whose name starts with two dots, names a folder as a folder, and tries a fallback named twice once", () => {
    const root = seedCopy();
    addFont(root, join(DEJAVU, "DejaVuSerifCondensed.ttf"), "..odd.ttf");
    addFont(root, join(DEJAVU, "DejaVuMathTeXGyre.ttf"), "fonts/Math.ttf");
    write(
      root,
      "tilpress.config.json",
      JSON.stringify({ fonts: { serif: { regular: "..odd.ttf" }, fallback: ["fonts/Math.ttf", "./fonts/Math.ttf"] } }),
    );
    const config = resolveConfig({ root });
    expect(config.fonts.serif?.regular?.name).toBe("..odd.ttf");
    expect(config.fonts.fallback.map((f) => f.name)).toEqual(["fonts/Math.ttf"]);
    mkdirSync(join(root, "fonts", "Folder.ttf"));
    write(root, "tilpress.config.json", '{ "fonts": { "serif": { "regular": "fonts/Folder.ttf" } } }\n');
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tilpress: tilpress.config.json:1:36: fonts.serif.regular: "fonts/Folder.ttf" is a folder: give a font file (.ttf) in it\n',
    );
  });

  it("refuses a misspelt style with a suggestion of the known ones", () => {
    const root = seedCopy();
    addFont(root, join(DEJAVU, "DejaVuSerifCondensed.ttf"), "fonts/Body.ttf");
    write(
      root,
      "tilpress.config.json",
      '{ "fonts": { "serif": { "regular": "fonts/Body.ttf", "bolditalic": "fonts/Body.ttf" } } }\n',
    );
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("tilpress.config.json:1:");
    expect(r.stderr).toContain('"fonts.serif.bolditalic"');
  });
});

describe("a build worker that runs out of memory", () => {
  it("is reported naming the articles and the likely cause, not as an internal error", () => {
    const error = Object.assign(new Error("Worker terminated due to reaching memory limit: JS heap out of memory"), {
      code: "ERR_WORKER_OUT_OF_MEMORY",
    });
    const failure = workerFailure(error, ["budget-2025", "rallies-2020"]);
    expect(failure).toBeInstanceOf(TilpressError);
    expect(failure.message).toBe(
      `Building budget-2025, rallies-2020 needed more memory than a build worker has (${OLD_GENERATION_MB} MB); ` +
        "a damaged font file under fonts in tilpress.config.json is the likely cause: check it with another program or replace it",
    );
    const other = new Error("disk full");
    expect(workerFailure(other, ["a"])).toBe(other);
  });
});
