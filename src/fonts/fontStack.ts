import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

/**
 * The fonts PDFs are set in: DejaVu Serif for text, DejaVu Sans for headings and small print,
 * from the `dejavu-fonts-ttf` package (TTF, every Kazakh and Russian letter). Opened once per
 * process: parsing a font per document doubles the cost of a PDF.
 */
export type FontWeight = "normal" | "bold";
export type FontStyle = "normal" | "italic";

export interface FontFace {
  readonly family: string;
  readonly weight: FontWeight;
  readonly style: FontStyle;
  /** Name to register with pdfkit. */
  readonly name: string;
  readonly file: string;
  readonly data: Buffer;
  readonly font: fontkit.Font;
  /** fontkit reads these through getters on every access; they are on the hot path. */
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
}

export interface MissingGlyph {
  readonly char: string;
  /** "U+4E2D" */
  readonly codePoint: string;
  /** Offset of the first occurrence, in UTF-16 code units. */
  readonly index: number;
}

const FACES: readonly [string, FontWeight, FontStyle, string][] = [
  ["DejaVu Serif", "normal", "normal", "DejaVuSerif.ttf"],
  ["DejaVu Serif", "bold", "normal", "DejaVuSerif-Bold.ttf"],
  ["DejaVu Serif", "normal", "italic", "DejaVuSerif-Italic.ttf"],
  ["DejaVu Serif", "bold", "italic", "DejaVuSerif-BoldItalic.ttf"],
  ["DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"],
  ["DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"],
  ["DejaVu Sans", "normal", "italic", "DejaVuSans-Oblique.ttf"],
  ["DejaVu Sans", "bold", "italic", "DejaVuSans-BoldOblique.ttf"],
];

let faces: readonly FontFace[] | undefined;

export function fontFaces(): readonly FontFace[] {
  if (faces) return faces;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  faces = FACES.map(([family, weight, style, fileName]) => {
    const file = join(dir, fileName);
    const data = readFileSync(file);
    const font = fontkit.create(data) as fontkit.Font;
    return {
      family,
      weight,
      style,
      name: `${family.replace(/ /g, "")}-${weight}-${style}`,
      file,
      data,
      font,
      unitsPerEm: font.unitsPerEm,
      ascent: font.ascent,
      descent: font.descent,
    };
  });
  return faces;
}

/** Characters of `text` that no face of the stack can draw: each once, in order of appearance. */
export function findMissingGlyphs(text: string, stack: readonly FontFace[] = fontFaces()): MissingGlyph[] {
  const seen = new Set<number>();
  const missing: MissingGlyph[] = [];
  let index = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    // Control characters and line breaks are never drawn as glyphs.
    if (cp > 0x20 && !(cp >= 0x7f && cp < 0xa0) && !seen.has(cp)) {
      seen.add(cp);
      if (!stack.some((face) => face.font.hasGlyphForCodePoint(cp))) {
        missing.push({ char, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`, index });
      }
    }
    index += char.length;
  }
  return missing;
}
