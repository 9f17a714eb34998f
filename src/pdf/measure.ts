import { fontFaces, type FontFace } from "../fonts/fontStack.js";
import { advanceOf } from "../fonts/shape.js";
import type { ComputedStyle } from "./computeStyle.js";

const FAMILY = { serif: "DejaVu Serif", sans: "DejaVu Sans" } as const;

/** The face for a style; faces are opened once per process (src/fonts). */
export function faceFor(style: Pick<ComputedStyle, "fontFamily" | "fontWeight" | "fontStyle">): FontFace {
  const faces = fontFaces();
  return (
    faces.find(
      (f) => f.family === FAMILY[style.fontFamily] && f.weight === style.fontWeight && f.style === style.fontStyle,
    ) ?? faces[0]!
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

/** Advance width of text at a size: words are shaped once per process (src/fonts/shape.ts). */
export function widthOf(face: FontFace, text: string, size: number): number {
  return advanceOf(face, text) * size;
}

export function ascentOf(face: FontFace, size: number): number {
  return (face.ascent / face.unitsPerEm) * size;
}

export function descentOf(face: FontFace, size: number): number {
  return (-face.descent / face.unitsPerEm) * size;
}
