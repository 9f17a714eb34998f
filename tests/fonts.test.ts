import { pdfFontName } from "../src/pdf/pdfFonts.js";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import * as fontkit from "fontkit";
import { createFontStack, findMissingGlyphs } from "../src/fonts/fontStack.js";
import { NO_PROJECT_FONTS, type ProjectFonts } from "../src/fonts/projectFonts.js";
import { withProjectFamilies } from "../src/fonts/htmlFamilies.js";
import { readTrueTypeTables, subsetTrueType } from "../src/fonts/subsetTrueType.js";
import { parseHtml, REPO } from "./helpers.js";
import { textContent } from "domutils";

const KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";
const RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
const fonts = createFontStack();

describe("the PDF font stack", () => {
  it("has regular, bold, italic and bold italic of a serif and a sans, each covering every Kazakh and Russian letter", () => {
    const faces = fonts.faces();
    expect(faces.map((f) => `${f.family} ${f.weight} ${f.style}`)).toHaveLength(8);
    for (const face of faces) {
      const missing = [...(KAZAKH + RUSSIAN + "«»„“—–…№")].filter(
        (c) => !face.font.hasGlyphForCodePoint(c.codePointAt(0)!),
      );
      expect(missing, face.name).toEqual([]);
    }
  });

  it("covers every character of every page the bundled data builds", () => {
    const result = build({ root: REPO });
    const text = result.outputs
      .filter((o) => o.format === "html")
      .map((o) => textContent(parseHtml(o.contents)))
      .join("\n");
    expect(text).toContain("Ақтөбе");
    expect(findMissingGlyphs(text, fonts)).toEqual([]);
  });

  it("names a character no font has by code point, once", () => {
    expect(findMissingGlyphs("Алматы 中文 中", fonts)).toEqual([
      { char: "中", codePoint: "U+4E2D", index: 7 },
      { char: "文", codePoint: "U+6587", index: 8 },
    ]);
    // Emoji and the tenge sign are covered (Noto Emoji, DejaVu); a Private Use character is not.
    expect(findMissingGlyphs("🙂 📢 ✅ ₸ \u{E000}", fonts)).toEqual([
      { char: "\u{E000}", codePoint: "U+E000", index: 10 },
    ]);
  });
});

describe("the TrueType subsetter", () => {
  const face = fonts.faces().find((f) => f.name === "DejaVuSerif-normal-normal")!;
  const tables = readTrueTypeTables(fonts, face.data);
  // ә, ё and і are composites in DejaVu: their components must come along.
  const text = "Қазақстан әёі Almaty";
  const used = [...new Set(Array.from(text, (c) => face.font.glyphForCodePoint(c.codePointAt(0)!).id))];
  const { file, cidToGid } = subsetTrueType(fonts, tables, used);
  const subset = fontkit.create(file) as fontkit.Font;
  const inSubset = (gid: number) => cidToGid.readUInt16BE(gid * 2);

  it("maps each glyph id to a glyph of the subset with the same outline and advance", () => {
    expect(cidToGid.length).toBe((Math.max(...used) + 1) * 2);
    expect(new Set(used.map(inSubset)).size).toBe(used.length);
    for (const gid of used) {
      const mine = subset.getGlyph(inSubset(gid));
      expect(inSubset(gid), `glyph ${gid}`).toBeGreaterThan(0);
      expect(mine.path.toSVG(), `glyph ${gid}`).toBe(face.font.getGlyph(gid).path.toSVG());
      if (gid !== face.font.glyphForCodePoint(32).id) expect(mine.path.commands.length).toBeGreaterThan(0);
      expect(mine.advanceWidth).toBe(face.font.getGlyph(gid).advanceWidth);
    }
  });

  it("holds only those glyphs and the components of composites, and is small", () => {
    const components = new Set<number>();
    const collect = (gid: number) => {
      const decoded = (
        face.font.getGlyph(gid) as unknown as { _decode(): { components?: { glyphID: number }[] } | null }
      )._decode();
      for (const c of decoded?.components ?? []) {
        components.add(c.glyphID);
        collect(c.glyphID);
      }
    };
    used.forEach(collect);
    expect(components.size).toBeGreaterThan(0);
    expect(subset.numGlyphs).toBe(1 + new Set([...used, ...components].filter((g) => g !== 0)).size);
    expect(file.length).toBeLessThan(face.data.length / 20);
  });

  it("has valid table checksums and checkSumAdjustment", () => {
    const sum = (b: Buffer) => {
      let s = 0;
      const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
      for (let i = 0; i < padded.length; i += 4) s = (s + padded.readUInt32BE(i)) >>> 0;
      return s;
    };
    expect(sum(file)).toBe(0xb1b0afba);
    const numTables = file.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + i * 16;
      const tag = file.toString("latin1", rec, rec + 4);
      const body = file.subarray(file.readUInt32BE(rec + 8), file.readUInt32BE(rec + 8) + file.readUInt32BE(rec + 12));
      if (tag === "head") {
        const head = Buffer.from(body);
        head.writeUInt32BE(0, 8);
        expect(sum(head), tag).toBe(file.readUInt32BE(rec + 4));
      } else expect(sum(body), tag).toBe(file.readUInt32BE(rec + 4));
    }
  });
});

describe("the HTML family lists with project fonts", () => {
  const file = (family: string) => ({ path: "/p/f.ttf", name: "f.ttf", hash: "h", family });
  const fonts: ProjectFonts = {
    serif: { regular: file("Brand Serif") },
    sans: { regular: file('Evil"; } body { color: red } </style><script>') },
    fallback: [file("Noto Sans SC")],
    key: "k",
  };
  const css = [
    '@font-face { font-family: "Brand Serif"; src: url(brand.ttf); }',
    'body { font-family: "DejaVu Serif", Georgia, serif; }',
    'h1 { font-family: "DejaVu Sans", Arial, sans-serif !important }',
  ].join("\n");

  it("puts the role's family first and the fallback families last; @font-face rules stay as written", () => {
    expect(withProjectFamilies(css, fonts).split("\n")).toEqual([
      '@font-face { font-family: "Brand Serif"; src: url(brand.ttf); }',
      'body { font-family: "Brand Serif", "DejaVu Serif", Georgia, serif, "Noto Sans SC"; }',
      'h1 { font-family: "Evil body color red stylescript", "DejaVu Sans", Arial, sans-serif, "Noto Sans SC" !important }',
    ]);
  });

  it("edits only real font-family declarations: not strings, comments, custom properties, keywords or var()", () => {
    const sheet = [
      '/* body { font-family: serif; } */ p::before { content: "font-family: serif;" }',
      "p { --font-family: Georgia, serif; FONT-FAMILY: Georgia, serif }",
      "em { font-family: inherit; } b { font-family: var(--font-family); }",
      'q { font-family: "Times, Roman", serif }',
    ].join("\n");
    expect(withProjectFamilies(sheet, fonts).split("\n")).toEqual([
      '/* body { font-family: serif; } */ p::before { content: "font-family: serif;" }',
      'p { --font-family: Georgia, serif; FONT-FAMILY: "Brand Serif", Georgia, serif, "Noto Sans SC" }',
      "em { font-family: inherit; } b { font-family: var(--font-family); }",
      'q { font-family: "Brand Serif", "Times, Roman", serif, "Noto Sans SC" }',
    ]);
  });

  it("puts no serif or sans-serif family before monospace or cursive: only the fallback families after", () => {
    expect(withProjectFamilies("code { font-family: Menlo, monospace } i { font-family: cursive; }", fonts)).toBe(
      'code { font-family: Menlo, monospace, "Noto Sans SC" } i { font-family: cursive, "Noto Sans SC"; }',
    );
  });

  it("leaves the stylesheet unchanged without project fonts", () => {
    expect(withProjectFamilies(css, NO_PROJECT_FONTS)).toBe(css);
  });
});

describe("a font's PostScript name in the PDF", () => {
  it("keeps only what a PDF name may hold unescaped: no delimiters, no added keys, never empty", () => {
    expect(pdfFontName("DejaVuSerif-Bold")).toBe("DejaVuSerif-Bold");
    expect(pdfFontName("Evil(PS)/Name <x> [a]%")).toBe("Evil_PS_Name_x_a_");
    expect(pdfFontName("Шрифт-Обычный")).toBe("Font");
    expect(pdfFontName("My Font Regular")).toBe("My_Font_Regular");
    expect(pdfFontName(null)).toBe("Font");
    expect(pdfFontName("/Type /Font")).toBe("_Type_Font");
  });
});
