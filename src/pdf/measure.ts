import { fontFaces, type FontFace } from "../fonts/fontStack.js";
import type { ComputedStyle } from "./computeStyle.js";

const FAMILY = { serif: "DejaVu Serif", sans: "DejaVu Sans" } as const;

/** The face for a style; faces are opened once per process (src/fonts). */
export function faceFor(style: Pick<ComputedStyle, "fontFamily" | "fontWeight" | "fontStyle">): FontFace {
  const faces = fontFaces();
  return (
    faces.find((f) => f.family === FAMILY[style.fontFamily] && f.weight === style.fontWeight && f.style === style.fontStyle) ??
    faces[0]!
  );
}

/** The other family's face of the same weight and style: where a glyph is missing in the first. */
export function fallbackFaceFor(face: FontFace): FontFace | undefined {
  return fontFaces().find((f) => f.family !== face.family && f.weight === face.weight && f.style === face.style);
}

const coverage = new Map<FontFace, Map<number, boolean>>();

/** Whether a face has a glyph for a code point (cmap look-ups are cached: they are on the hot path). */
export function hasGlyph(face: FontFace, codePoint: number): boolean {
  let perFace = coverage.get(face);
  if (!perFace) coverage.set(face, (perFace = new Map()));
  let has = perFace.get(codePoint);
  if (has === undefined) perFace.set(codePoint, (has = face.font.hasGlyphForCodePoint(codePoint)));
  return has;
}

// Advance widths at 1 pt, per face and string: shaping the same word again costs a Map lookup.
const widths = new Map<FontFace, Map<string, number>>();
const MAX_CACHED = 100_000;

export function widthOf(face: FontFace, text: string, size: number): number {
  let perFace = widths.get(face);
  if (!perFace) widths.set(face, (perFace = new Map()));
  let w = perFace.get(text);
  if (w === undefined) {
    if (perFace.size > MAX_CACHED) perFace.clear();
    w = face.font.layout(text).advanceWidth / face.font.unitsPerEm;
    perFace.set(text, w);
  }
  return w * size;
}

export function ascentOf(face: FontFace, size: number): number {
  return (face.font.ascent / face.font.unitsPerEm) * size;
}

export function descentOf(face: FontFace, size: number): number {
  return (-face.font.descent / face.font.unitsPerEm) * size;
}

const ensured = new Map<FontFace, Set<number>>();

/**
 * Make sure the face's glyph for a code point knows that code point. fontkit caches glyph
 * objects per font; subsetting one document creates component glyphs of composites with no
 * code points, and a later document that draws such a glyph directly would get no ToUnicode
 * entry, so its text would not extract ("сорвать" read back as "сорват").
 */
export function ensureUnicode(face: FontFace, codePoint: number): void {
  let seen = ensured.get(face);
  if (!seen) ensured.set(face, (seen = new Set()));
  if (seen.has(codePoint)) return;
  seen.add(codePoint);
  const glyph = face.font.glyphForCodePoint(codePoint) as { codePoints: number[] };
  if (glyph.codePoints.length === 0) glyph.codePoints.push(codePoint);
}

export function ensureTextUnicode(face: FontFace, text: string): void {
  for (const char of text) ensureUnicode(face, char.codePointAt(0)!);
}
