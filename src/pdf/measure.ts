import type { FontFace, FontStack, TextStyle } from "../fonts/fontStack.js";
import { advanceOf } from "../fonts/shape.js";

/** The face text of a style is set in first (src/fonts/fontStack.ts has the whole chain). */
export function faceFor(fonts: FontStack, style: TextStyle): FontFace {
  return fonts.chainOf(style).primary;
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
