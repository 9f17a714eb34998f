import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFontStack, type FontFace } from "../src/fonts/fontStack.js";
import { shapePieces, shapeWithFontkit, shapeWord } from "../src/fonts/shape.js";
import type * as fontkit from "fontkit";
import * as fontkitModule from "fontkit";
import { learntCount, restoreLearnt, shapeSimple, takeLearnt } from "../src/fonts/simpleShaping.js";
import { REPO } from "./helpers.js";

/**
 * The simple shaping path (src/fonts/simpleShaping.ts) must set every word it takes exactly as
 * fontkit does: the same glyphs, advances, offsets and extracted text. Compared here on every
 * word of a generated corpus (bench/generate.js: en, kk and ru, a vocabulary that keeps
 * growing) and of the bundled articles, in each bundled face.
 */

const stack = createFontStack();
const dejavu = stack.faces();
const emoji = stack.chainOf({ fontFamily: "serif", fontWeight: "normal", fontStyle: "normal" });
const faces: FontFace[] = [...dejavu, emoji.face(emoji.length - 1)];

let root = "";
const words = new Set<string>();

function collectWords(dir: string): void {
  for (const article of readdirSync(dir))
    for (const file of readdirSync(join(dir, article)))
      if (/^(en|kk|ru)\.md$|^article\.yaml$/.test(file))
        for (const word of readFileSync(join(dir, article, file), "utf8").split(/[ \n\t]+/)) if (word) words.add(word);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tilpress-shaping-"));
  const made = spawnSync(process.execPath, [join(REPO, "bench/generate.js"), root, "6"], { encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
  collectWords(join(root, "data", "articles"));
  collectWords(join(REPO, "data", "articles"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("simple shaping", () => {
  it("sets every corpus word it takes as fontkit does, in every bundled face", () => {
    expect(faces.map((f) => f.family)).toContain("Noto Emoji");
    const kk = [...words].filter((w) => /[әғқңөұүһі]/.test(w));
    const ru = [...words].filter((w) => /[ёыэъ]/.test(w));
    expect(kk.length).toBeGreaterThan(200);
    expect(ru.length).toBeGreaterThan(200);
    for (const face of faces) {
      let simple = 0;
      const different: string[] = [];
      for (const word of words) {
        const fast = shapeSimple(face, word);
        if (!fast) continue;
        simple++;
        if (JSON.stringify(fast) !== JSON.stringify(shapeWithFontkit(face, word))) different.push(word);
      }
      expect(different, face.name).toEqual([]);
      // The path is taken for nearly every word in DejaVu (not for the emoji font: no GPOS).
      if (face.family === "Noto Emoji") expect(simple, face.name).toBe(0);
      else expect(simple / words.size, face.name).toBeGreaterThan(0.9);
    }
  });

  it("keeps fontkit's kerning and leaves ligatures that form, marks, other scripts and fractions to fontkit", () => {
    const sans = dejavu.find((f) => f.family === "DejaVu Sans" && f.weight === "normal" && f.style === "normal")!;
    const kerned = shapeSimple(sans, "AV")!;
    expect(kerned).toEqual(shapeWithFontkit(sans, "AV"));
    expect(kerned.xAdvances[0]).toBeLessThan(kerned.glyphAdvances[0]!); // a real kerning pair
    expect(shapeSimple(sans, "Тұрақты")).toEqual(shapeWithFontkit(sans, "Тұрақты"));
    expect(shapeSimple(sans, "«Съезд»,")).toEqual(shapeWithFontkit(sans, "«Съезд»,"));
    expect(shapeSimple(sans, "office")).toBeUndefined(); // f starts DejaVu's fi/ffi ligatures
    // Every face: where a ligature forms, fontkit; where none can, the simple path, as fontkit sets it.
    for (const face of dejavu) {
      for (const word of ["office", "first", "flow", "staff", "fjord"]) {
        const fontkitWord = shapeWithFontkit(face, word);
        const ligature = fontkitWord.glyphs.length < word.length;
        expect(shapeSimple(face, word), `${face.family} ${word}`).toEqual(ligature ? undefined : fontkitWord);
      }
      for (const word of ["of", "for", "after", "Kazakhstan's foreign", "f", "fact,"])
        expect(shapeSimple(face, word), `${face.family} ${word}`).toEqual(shapeWithFontkit(face, word));
    }
    expect(shapeWithFontkit(sans, "first").glyphs.length).toBe(4); // the fi ligature is real
    expect(shapeSimple(sans, "i\u0307")).toBeUndefined(); // a combining mark
    expect(shapeSimple(sans, "1\u20442")).toBeUndefined(); // the fraction slash
    expect(shapeSimple(sans, "100\u00a0Ω")).toBeUndefined(); // the ohm sign is Greek
    expect(shapeSimple(sans, "Ελλάδα")).toBeUndefined();
    expect(shapeSimple(sans, "😀")).toBeUndefined();
  });
});

describe("each glyph's text", () => {
  it("is what a fresh fontkit's code points say, for every ligature word of the corpora and marks, in every DejaVu face", () => {
    const tricky = [
      "office",
      "affluent",
      "fjord",
      "ffff",
      "fiffi",
      "за\u0301мок",
      "e\u0301",
      "i\u0307",
      "1\u20442",
      "Ελλάδα",
    ];
    let checked = 0;
    // Faces whose fontkit fonts were asked for every glyph by id first: fontkit's code points then
    // say nothing, so each glyph's text can only come from matching glyphs to characters.
    const asked = createFontStack().faces();
    for (const face of asked) for (let id = 0; id < face.numGlyphs; id++) face.font.getGlyph(id);
    for (const face of asked) {
      // A fontkit font of the same file asked about nothing else first.
      const fresh = (fontkitModule as unknown as { create(data: Uint8Array): fontkit.Font }).create(face.data);
      for (const word of [...tricky, ...words]) {
        if (shapeSimple(face, word) || /[\ufb00-\ufb06]/.test(word)) continue;
        const run = fresh.layout(word);
        const own = run.glyphs.map((g) => String.fromCodePoint(...g.codePoints));
        if (run.glyphs.length === [...word].length || own.join("") !== word) continue;
        checked++;
        expect(shapeWithFontkit(face, word).unicode, `${face.name} ${word}`).toEqual(own);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("a face's tables taken and restored", () => {
  it("set every corpus word as before in a fresh copy of each face, through JSON, without fontkit", () => {
    for (const face of faces) {
      const simple = [...words].filter((w) => shapeSimple(face, w));
      const before = simple.map((w) => shapeSimple(face, w));
      const data = JSON.parse(JSON.stringify(takeLearnt(face))) as unknown;
      // The same face again, with nothing learnt, whose fontkit font may not be opened.
      const fresh: FontFace = {
        ...face,
        get font(): fontkit.Font {
          throw new Error(`${face.name}: fontkit opened`);
        },
      };
      expect(restoreLearnt(fresh, data), face.name).toBe(true);
      expect(
        simple.map((w) => shapeSimple(fresh, w)),
        face.name,
      ).toEqual(before);
      // Nothing new was learnt from the face: the tables answered every word.
      expect(learntCount(fresh), face.name).toBe(0);
    }
  });
});

describe("shapePieces", () => {
  it("shapes each word and each single space on its own, as layout measures them", () => {
    const face = dejavu[0]!;
    const texts = ["Ақорда", "Ақорда мен Үкімет", " бас  тарту ", "  ", " ", "", "a b", "Сенат\u00a0— 2024"];
    for (const text of texts) {
      const pieces = shapePieces(stack, face, text);
      // What each piece draws, read back from the glyphs' text: the words and spaces in order.
      const expected = text.split(/( )/).filter((part) => part !== "");
      expect(
        pieces.map((word) => word.unicode.join("")),
        JSON.stringify(text),
      ).toEqual(expected);
      // Every piece is the font stack's one shaped word for its text: measured and drawn alike.
      expect(pieces).toEqual(expected.map((part) => shapeWord(stack, face, part)));
      for (const [i, word] of pieces.entries()) expect(word).toBe(shapeWord(stack, face, expected[i]!));
    }
  });
});
