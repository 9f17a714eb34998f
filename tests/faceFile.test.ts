import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as fontkit from "fontkit";
import { createFontStack } from "../src/fonts/fontStack.js";
import { readFaceDescriptor, readFaceFile } from "../src/fonts/faceFile.js";
import { fontkitDescriptor } from "../src/pdf/pdfFonts.js";

/**
 * src/fonts/faceFile.ts reads the shipped faces' metrics and cmap without fontkit: it must give
 * exactly what fontkit gives, for every code point of the Basic Multilingual Plane and every
 * code point the cmap maps beyond it.
 */

const stack = createFontStack();
const emoji = stack.chainOf({ fontFamily: "serif", fontWeight: "normal", fontStyle: "normal" });
const shipped = [...stack.faces(), emoji.face(emoji.length - 1)];

interface CmapProcessor {
  lookup(codePoint: number): number;
}

describe("a shipped face read without fontkit", () => {
  it("has fontkit's metrics and fontkit's glyph for every code point", () => {
    expect(shipped.map((f) => f.family)).toContain("Noto Emoji");
    for (const face of shipped) {
      const file = readFaceFile(readFileSync(face.file));
      expect(file, face.name).toBeDefined();
      const font = fontkit.create(readFileSync(face.file)) as fontkit.Font;
      expect([file!.unitsPerEm, file!.ascent, file!.descent, file!.numGlyphs], face.name).toEqual([
        font.unitsPerEm,
        font.ascent,
        font.descent,
        font.numGlyphs,
      ]);
      const cmap = (font as unknown as { _cmapProcessor: CmapProcessor })._cmapProcessor;
      const beyond = font.characterSet.filter((cp) => cp > 0xffff);
      const codePoints = [...Array.from({ length: 0x10000 }, (_, cp) => cp), ...beyond, 0x10ffff, 0x1f600, 0x20000];
      const wrong = codePoints.filter((cp) => file!.glyphOf(cp) !== cmap.lookup(cp));
      expect(wrong, face.name).toEqual([]);
      // DejaVu has the letters of en, kk and ru text (and the look-ups above covered them).
      if (face.family !== "Noto Emoji")
        for (const ch of "Aәғқңөұүһі₸«»—")
          expect(file!.glyphOf(ch.codePointAt(0)!), `${face.name} ${ch}`).toBeGreaterThan(0);
    }
  });

  it("has the FontDescriptor values fontkit gives: PostScript name, box, italic, family class, cap and x heights", () => {
    for (const face of shipped) {
      const own = readFaceDescriptor(readFileSync(face.file));
      expect(own, face.name).toBeDefined();
      const fresh = { ...face, font: fontkit.create(readFileSync(face.file)) as fontkit.Font };
      expect(own, face.name).toEqual(fontkitDescriptor(fresh));
    }
    expect(readFaceDescriptor(readFileSync(shipped[0]!.file))?.postscriptName).toBe("DejaVuSerif");
    expect(shipped.filter((f) => readFaceDescriptor(readFileSync(f.file))?.italic).map((f) => f.style)).toEqual([
      "italic",
      "italic",
      "italic",
      "italic",
    ]);
  });

  it("is the face tilpress opens: its numbers, and fontkit's font only when asked for", () => {
    const face = createFontStack().faces()[0]!;
    const font = fontkit.create(readFileSync(face.file)) as fontkit.Font;
    expect([face.unitsPerEm, face.ascent, face.descent, face.numGlyphs]).toEqual([
      font.unitsPerEm,
      font.ascent,
      font.descent,
      font.numGlyphs,
    ]);
    expect(face.glyphOf?.(0x049b)).toBe(font.glyphForCodePoint(0x049b).id);
    expect(face.font.numGlyphs).toBe(font.numGlyphs);
    expect(face.font).toBe(face.font); // opened once
  });

  it("leaves to fontkit a file it does not read, and does not throw on damaged bytes", () => {
    const dejavu = readFileSync(shipped[0]!.file);
    const otto = Buffer.from(dejavu);
    otto.write("OTTO", 0, "latin1");
    expect(readFaceFile(otto)).toBeUndefined();
    expect(readFaceFile(dejavu.subarray(0, 1000))).toBeUndefined();
    expect(readFaceFile(Buffer.alloc(8))).toBeUndefined();
    // A cmap whose subtable offset points past its end.
    const damaged = Buffer.from(dejavu);
    const numTables = damaged.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      if (damaged.toString("latin1", at, at + 4) !== "cmap") continue;
      const cmap = damaged.readUInt32BE(at + 8);
      for (let t = 0; t < damaged.readUInt16BE(cmap + 2); t++) damaged.writeUInt32BE(0x7fffffff, cmap + 4 + t * 8 + 4);
    }
    expect(readFaceFile(damaged)).toBeUndefined();
  });
});
