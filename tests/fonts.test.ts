import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { findMissingGlyphs, fontFaces } from "../src/fonts/fontStack.js";
import { parseHtml, REPO } from "./helpers.js";
import { textContent } from "domutils";

const KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";
const RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";

describe("the PDF font stack", () => {
  it("has regular, bold, italic and bold italic of a serif and a sans, each covering every Kazakh and Russian letter", () => {
    const faces = fontFaces();
    expect(faces.map((f) => `${f.family} ${f.weight} ${f.style}`)).toHaveLength(8);
    for (const face of faces) {
      const missing = [...KAZAKH + RUSSIAN + "«»„“—–…№"].filter((c) => !face.font.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing, face.name).toEqual([]);
    }
  });

  it("covers every character of every page the bundled data builds", () => {
    const result = build({ root: REPO });
    const text = result.outputs.filter((o) => o.format === "html").map((o) => textContent(parseHtml(o.contents))).join("\n");
    expect(text).toContain("Ақтөбе");
    expect(findMissingGlyphs(text)).toEqual([]);
  });

  it("names a character no font has by code point, once", () => {
    expect(findMissingGlyphs("Алматы 中文 中")).toEqual([
      { char: "中", codePoint: "U+4E2D", index: 7 },
      { char: "文", codePoint: "U+6587", index: 8 },
    ]);
    expect(findMissingGlyphs("🙂")).toEqual([{ char: "🙂", codePoint: "U+1F642", index: 0 }]);
  });
});
