import type { FontFace, FontStack } from "../fonts/fontStack.js";
import { advanceOf } from "../fonts/shape.js";
import type { ComputedStyle } from "./computeStyle.js";

const FAMILY = { serif: "DejaVu Serif", sans: "DejaVu Sans" } as const;

/** The face for a style; faces are opened once per font stack (src/fonts). */
export function faceFor(
  fonts: FontStack,
  style: Pick<ComputedStyle, "fontFamily" | "fontWeight" | "fontStyle">,
): FontFace {
  const faces = fonts.faces();
  return (
    faces.find(
      (f) => f.family === FAMILY[style.fontFamily] && f.weight === style.fontWeight && f.style === style.fontStyle,
    ) ?? faces[0]!
  );
}

/** The other family's face of the same weight and style: where a glyph is missing in the first. */
export function fallbackFaceFor(fonts: FontStack, face: FontFace): FontFace | undefined {
  return fonts.faces().find((f) => f.family !== face.family && f.weight === face.weight && f.style === face.style);
}

/** Whether a face has a glyph for a code point (cmap look-ups are cached: they are on the hot path). */
export function hasGlyph(fonts: FontStack, face: FontFace, codePoint: number): boolean {
  let perFace = fonts.coverage.get(face);
  if (!perFace) fonts.coverage.set(face, (perFace = new Map()));
  let has = perFace.get(codePoint);
  if (has === undefined) perFace.set(codePoint, (has = face.font.hasGlyphForCodePoint(codePoint)));
  return has;
}

/** Advance width of text at a size: words are shaped once per font stack (src/fonts/shape.ts). */
export function widthOf(fonts: FontStack, face: FontFace, text: string, size: number): number {
  return advanceOf(fonts, face, text) * size;
}

export function ascentOf(face: FontFace, size: number): number {
  return (face.ascent / face.unitsPerEm) * size;
}

export function descentOf(face: FontFace, size: number): number {
  return (-face.descent / face.unitsPerEm) * size;
}
