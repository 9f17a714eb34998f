import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";
import { BoundedCache } from "../core/boundedCache.js";
import type { ShapedWord } from "./shape.js";
import type { Outline, TrueTypeTables } from "./subsetTrueType.js";

/**
 * The fonts PDFs are set in: DejaVu Serif for text, DejaVu Sans for headings and small print,
 * from the `dejavu-fonts-ttf` package (TTF, every Kazakh and Russian letter).
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

/**
 * The faces and everything learned about them while setting text, one per PDF engine
 * (src/pdf/engine.ts). Every cache here is keyed by a face or a font file this stack opened, so
 * a new stack starts cold and two stacks share nothing.
 */
export interface FontStack {
  /**
   * The eight faces, opened on first use and then kept: parsing a font per document doubles
   * the cost of a PDF. Bound: the eight faces.
   */
  faces(): readonly FontFace[];
  /**
   * Shaping is the costliest step of setting text: a word is shaped once per face. Key: the
   * face, then the text of a word or a single space. Value: its glyphs and advances
   * (src/fonts/shape.ts). Bound: 20,000 words per face, then that face starts afresh.
   */
  readonly shapedWords: BoundedCache<FontFace, string, ShapedWord>;
  /**
   * cmap look-ups, on the hot path of layout. Key: the face, then a code point. Value: whether
   * the face has a glyph for it. Bound: the code points of the text set (a few hundred).
   */
  readonly coverage: Map<FontFace, Map<number, boolean>>;
  /**
   * Key: a face's file bytes. Value: its tables, read once (src/fonts/subsetTrueType.ts).
   * Bound: one per face.
   */
  readonly trueTypeTables: WeakMap<Buffer, TrueTypeTables>;
  /**
   * Key: a font's tables, then a glyph id. Value: the glyph's outline without hinting
   * instructions, with its checksum. Bound: the glyphs of the font (about 3,500 in DejaVu).
   */
  readonly strippedOutlines: WeakMap<TrueTypeTables, Map<number, Outline>>;
}

export function createFontStack(): FontStack {
  let faces: readonly FontFace[] | undefined;
  return {
    faces: () => (faces ??= openFaces()),
    shapedWords: new BoundedCache(20_000),
    coverage: new Map(),
    trueTypeTables: new WeakMap(),
    strippedOutlines: new WeakMap(),
  };
}

function openFaces(): readonly FontFace[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return FACES.map(([family, weight, style, fileName]) => {
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
}

/** Characters of `text` that no face of the stack can draw: each once, in order of appearance. */
export function findMissingGlyphs(text: string, stack: readonly FontFace[]): MissingGlyph[] {
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
