// Before fontkit and pdfkit load (see there).
import "../core/deferredModules.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as fontkit from "fontkit";
import { BoundedCache } from "../core/boundedCache.js";
import type { ToolCache } from "../emit/toolCache.js";
import { shapedWordBytes, type ShapedWord } from "./shape.js";
import { readFaceFile } from "./faceFile.js";
import { ShapeStore } from "./shapeCache.js";
import type { Outline, TrueTypeTables } from "./subsetTrueType.js";
import {
  NO_PROJECT_FONTS,
  type FontRole,
  type FontStyleName,
  type ProjectFontFile,
  type ProjectFonts,
} from "./projectFonts.js";

/**
 * The fonts PDFs are set in, tried per character in this order (docs/fonts.md):
 *
 * 1. the project's own faces for the text's role (`fonts.serif` / `fonts.sans` in
 *    tilpress.config.json), the nearest given style;
 * 2. DejaVu Serif for text, DejaVu Sans for headings and small print, from the
 *    `dejavu-fonts-ttf` package (every Kazakh and Russian letter, ₸, arrows, many symbols), then
 *    the other DejaVu family;
 * 3. the project's `fonts.fallback` files, in their order;
 * 4. Noto Emoji (monochrome, OFL) from `@expo-google-fonts/noto-emoji`, for emoji and the
 *    symbols DejaVu lacks: opened only when a character needs it.
 *
 * A grapheme cluster (a flag, a ZWJ sequence, a skin tone) goes whole to the first face that has
 * all of its characters, so the emoji font's ligatures apply.
 */
export type FontWeight = "normal" | "bold";
export type FontStyle = "normal" | "italic";
export interface FontFace {
  readonly family: string;
  readonly weight: FontWeight;
  readonly style: FontStyle;
  /** A name unique in the stack. */
  readonly name: string;
  readonly file: string;
  readonly data: Buffer;
  /** fontkit's font, opened at the first read for a shipped face (faceFile.ts reads the rest). */
  readonly font: fontkit.Font;
  /** fontkit reads these through getters on every access; they are on the hot path. */
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly numGlyphs: number;
  /** The cmap's glyph id for a code point (0: none), read without fontkit; absent: ask `font`. */
  readonly glyphOf?: (codePoint: number) => number;
}

export interface MissingGlyph {
  readonly char: string;
  /** "U+4E2D" */
  readonly codePoint: string;
  /** Offset of the first occurrence, in UTF-16 code units. */
  readonly index: number;
}

/** The text style a chain is chosen by: computed styles are one. */
export interface TextStyle {
  readonly fontFamily: FontRole;
  readonly fontWeight: FontWeight;
  readonly fontStyle: FontStyle;
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

const DEJAVU_FAMILY: Readonly<Record<FontRole, string>> = { serif: "DejaVu Serif", sans: "DejaVu Sans" };

/** The shipped emoji and symbol fallback: one weight, used for every style. */
export const EMOJI_FAMILY = "Noto Emoji";
const EMOJI_FILE = "@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf";

/** The faces tried, in order, for text of one style. Faces after the first are opened on first use. */
export class FaceChain {
  /** Each slot's face once opened: a slot finds its face anew at each call (a style object made, a map read). */
  private readonly opened: (FontFace | undefined)[] = [];

  constructor(private readonly slots: readonly (() => FontFace)[]) {}

  get length(): number {
    return this.slots.length;
  }

  /** The face text of this style is set in when it has the characters. */
  get primary(): FontFace {
    return this.face(0);
  }

  face(index: number): FontFace {
    return (this.opened[index] ??= this.slots[index]!());
  }
}

/**
 * The faces and everything learned about them while setting text, one per PDF engine
 * (src/pdf/engine.ts). Every cache here is keyed by a face or a font file this stack opened, so
 * a new stack starts cold and two stacks share nothing.
 */
export interface FontStack {
  /**
   * The eight DejaVu faces, opened on first use and then kept: parsing a font per document
   * doubles the cost of a PDF. Bound: the eight faces.
   */
  faces(): readonly FontFace[];
  /**
   * Set the project's fonts for the pages that follow (a build calls it per PDF; the same key
   * changes nothing; true when the fonts changed). Project faces are opened on first use and kept by file hash. Bound: the
   * files of the configurations this stack has seen (the preview's edits of the config).
   */
  use(fonts: ProjectFonts): boolean;
  /** The faces for text of a style, in the order they are tried. Bound: eight chains per configuration. */
  chainOf(style: TextStyle): FaceChain;
  /** Whether some face of the stack (any role or style) has a glyph for a code point. */
  covers(codePoint: number): boolean;
  /**
   * Shaping is the costliest step of setting text: a word is shaped once per face. Key: the
   * face, then the text of a word or a single space. Value: its glyphs and advances
   * (src/fonts/shape.ts). Bound: SHAPED_WORDS_BYTES for every face together, the words
   * not used lately dropped first (src/core/boundedCache.ts).
   */
  readonly shapedWords: BoundedCache<FontFace, string, ShapedWord>;
  /**
   * The shaped words kept between runs in the tool cache, per face file (src/fonts/shapeCache.ts),
   * asked when `shapedWords` misses; `save()` writes the words a build added. Without a tool
   * cache it keeps nothing.
   */
  readonly storedWords: ShapeStore;
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

/**
 * The shaped words a stack keeps, in bytes (estimated, about 800 bytes a word): some 7,500
 * words over all faces, which holds the words that recur across articles; the long tail of
 * names and rare forms is shaped again when it comes back. Each builder has its own: 12 MB
 * answered 82 % of look-ups on the varied corpus, 6 MB 80 % and 3 MB 78 % (bench/memory.js,
 * 120 articles), and halving this and the engine's budgets cut the peak RSS of 250 articles
 * built by two builders from 442 to 399-419 MB with no change in CPU time that runs showed.
 */
export const SHAPED_WORDS_BYTES = 6 * 1024 * 1024;

export interface FontStackOptions {
  /** Where shaped words are kept between runs (src/emit/toolCache.ts); none: nothing is kept. */
  readonly toolCache?: ToolCache | undefined;
}

export function createFontStack({ toolCache }: FontStackOptions = {}): FontStack {
  let dejavu: readonly FontFace[] | undefined;
  let project: ProjectFonts = NO_PROJECT_FONTS;
  /** Faces opened from a file other than DejaVu's, by path and hash. */
  const opened = new Map<string, FontFace>();
  let chains = new Map<string, FaceChain>();
  const faces = () => (dejavu ??= openDejaVu());
  const open = (key: string, make: () => FontFace) => {
    let face = opened.get(key);
    if (!face) opened.set(key, (face = make()));
    return face;
  };
  // A project file is one face whatever style it stands in for: its own weight and slant are drawn.
  const projectFace = (file: ProjectFontFile) => () =>
    open(`${file.path}\0${file.hash}`, () =>
      openFace({
        file: file.path,
        family: file.name,
        weight: "normal",
        style: "normal",
        name: `project-${file.hash.slice(0, 12)}`,
      }),
    );
  const emoji = () =>
    open("emoji", () => {
      const file = createRequire(import.meta.url).resolve(EMOJI_FILE);
      return openFace({ file, family: EMOJI_FAMILY, weight: "normal", style: "normal", shipped: true });
    });
  const dejavuSlot = (role: FontRole, style: TextStyle) => () => dejavuFace(stack, { ...style, fontFamily: role });
  const stack: FontStack = {
    faces,
    use(fonts) {
      if (fonts.key === project.key) return false;
      project = fonts;
      chains = new Map();
      return true;
    },
    chainOf(style) {
      const key = `${style.fontFamily} ${style.fontWeight} ${style.fontStyle}`;
      let chain = chains.get(key);
      if (!chain) {
        const own = nearestStyle(project[style.fontFamily], style);
        const other: FontRole = style.fontFamily === "serif" ? "sans" : "serif";
        chain = new FaceChain([
          ...(own ? [projectFace(own)] : []),
          dejavuSlot(style.fontFamily, style),
          dejavuSlot(other, style),
          ...project.fallback.map(projectFace),
          emoji,
        ]);
        chains.set(key, chain);
      }
      return chain;
    },
    covers(codePoint) {
      if (faces().some((face) => hasGlyph(stack, face, codePoint))) return true;
      for (const role of ["serif", "sans"] as const)
        for (const weight of ["normal", "bold"] as const)
          for (const style of ["normal", "italic"] as const) {
            const chain = stack.chainOf({ fontFamily: role, fontWeight: weight, fontStyle: style });
            for (let i = 0; i < chain.length; i++) if (hasGlyph(stack, chain.face(i), codePoint)) return true;
          }
      return false;
    },
    shapedWords: new BoundedCache({ maxBytes: SHAPED_WORDS_BYTES, sizeOf: shapedWordBytes }),
    storedWords: new ShapeStore(toolCache),
    coverage: new Map(),
    trueTypeTables: new WeakMap(),
    strippedOutlines: new WeakMap(),
  };
  return stack;
}

/** The DejaVu face of a style, whatever the project's fonts: what chart text was measured with. */
export function dejavuFace(fonts: FontStack, style: TextStyle): FontFace {
  const family = DEJAVU_FAMILY[style.fontFamily];
  return fonts
    .faces()
    .find((f) => f.family === family && f.weight === style.fontWeight && f.style === style.fontStyle)!;
}

/**
 * The project's face for a style, or the nearest one it gives: bold italic falls back to bold,
 * then italic, then regular. Nothing is made bold or slanted that the font does not draw so.
 */
function nearestStyle(
  faces: Readonly<Partial<Record<FontStyleName, ProjectFontFile>>> | undefined,
  style: TextStyle,
): ProjectFontFile | undefined {
  if (!faces) return undefined;
  const bold = style.fontWeight === "bold";
  const italic = style.fontStyle === "italic";
  if (bold && italic) return faces.boldItalic ?? faces.bold ?? faces.italic ?? faces.regular;
  if (bold) return faces.bold ?? faces.regular;
  if (italic) return faces.italic ?? faces.regular;
  return faces.regular;
}

function openDejaVu(): readonly FontFace[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return FACES.map(([family, weight, style, fileName]) =>
    openFace({ file: join(dir, fileName), family, weight, style, shipped: true }),
  );
}

interface FaceSpec {
  readonly file: string;
  readonly family: string;
  readonly weight: FontWeight;
  readonly style: FontStyle;
  readonly name?: string;
  /** A face tilpress ships (DejaVu, Noto Emoji): read without fontkit where faceFile.ts can. */
  readonly shipped?: boolean;
}

function openFace({ shipped = false, ...spec }: FaceSpec): FontFace {
  const data = readFileSync(spec.file);
  const name = spec.name ?? `${spec.family.replace(/ /g, "")}-${spec.weight}-${spec.style}`;
  const file = shipped ? readFaceFile(data) : undefined;
  if (file) {
    let font: fontkit.Font | undefined;
    const { unitsPerEm, ascent, descent, numGlyphs, glyphOf } = file;
    return {
      ...spec,
      name,
      data,
      get font() {
        return (font ??= openFontkit(data));
      },
      unitsPerEm,
      ascent,
      descent,
      numGlyphs,
      glyphOf,
    };
  }
  const font = openFontkit(data);
  return {
    ...spec,
    name,
    data,
    font,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    numGlyphs: font.numGlyphs,
  };
}

/** fontkit, loaded when a face is first opened with it (pdfkit's own `require` gets a stand-in). */
function openFontkit(data: Buffer): fontkit.Font {
  return (createRequire(import.meta.url)("fontkit") as typeof fontkit).create(data) as fontkit.Font;
}

/** The face's cmap glyph for a code point, 0 for none: read without fontkit for a shipped face. */
export function cmapGlyph(face: FontFace, codePoint: number): number {
  return face.glyphOf ? face.glyphOf(codePoint) : face.font.glyphForCodePoint(codePoint).id;
}

/** Whether a face has a glyph for a code point (cmap look-ups are cached: they are on the hot path). */
export function hasGlyph(fonts: FontStack, face: FontFace, codePoint: number): boolean {
  let perFace = fonts.coverage.get(face);
  if (!perFace) fonts.coverage.set(face, (perFace = new Map()));
  let has = perFace.get(codePoint);
  if (has === undefined) perFace.set(codePoint, (has = cmapGlyph(face, codePoint) !== 0));
  return has;
}

/**
 * Characters that are never drawn as glyphs of their own: controls, line breaks, spaces, and the
 * joiners and variation selectors inside emoji sequences (fontkit sets them invisible).
 */
function invisible(cp: number): boolean {
  return cp <= 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
}

/** Made when a word first needs more than one face (rare in en, kk and ru): ICU's break data loads then. */
let graphemes: Intl.Segmenter | undefined;

/** Whether `face` draws every visible character of `text` (the usual case: one face for the whole word). */
export function coveredBy(fonts: FontStack, face: FontFace, text: string): boolean {
  // By index, not `for…of`: that makes a string of each Cyrillic letter, on layout's hottest path.
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (!invisible(cp) && !hasGlyph(fonts, face, cp)) return false;
  }
  return true;
}

/**
 * A word cut into runs that one face draws: each grapheme cluster in the first face of the chain
 * that has all of its characters. Characters no face has are added to `missing` (and left in the
 * first face: no PDF is written then).
 */
export function splitByFace(fonts: FontStack, text: string, chain: FaceChain, missing: string[]): [string, FontFace][] {
  const primary = chain.primary;
  if (coveredBy(fonts, primary, text)) return text === "" ? [] : [[text, primary]];
  const out: [string, FontFace][] = [];
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    const codePoints = Array.from(segment, (c) => c.codePointAt(0)!).filter((cp) => !invisible(cp));
    let use = codePoints.length === 0 ? (out.at(-1)?.[1] ?? primary) : undefined;
    for (let i = 0; use === undefined && i < chain.length; i++) {
      const face = chain.face(i);
      if (codePoints.every((cp) => hasGlyph(fonts, face, cp))) use = face;
    }
    if (use === undefined) {
      // No one face has the whole cluster: each character on its own.
      for (const char of segment) push(out, char, faceOfChar(fonts, chain, char, missing));
    } else push(out, segment, use);
  }
  return out;
}

function faceOfChar(fonts: FontStack, chain: FaceChain, char: string, missing: string[]): FontFace {
  const cp = char.codePointAt(0)!;
  if (invisible(cp)) return chain.primary;
  for (let i = 0; i < chain.length; i++) if (hasGlyph(fonts, chain.face(i), cp)) return chain.face(i);
  missing.push(char);
  return chain.primary;
}

function push(out: [string, FontFace][], text: string, face: FontFace): void {
  const last = out.at(-1);
  if (last && last[1] === face) last[0] += text;
  else out.push([text, face]);
}

/** "U+4E2D" */
export function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Characters of `text` that no face of the stack can draw: each once, in order of appearance. */
export function findMissingGlyphs(text: string, fonts: FontStack): MissingGlyph[] {
  const seen = new Set<number>();
  const missing: MissingGlyph[] = [];
  let index = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (!invisible(cp) && !seen.has(cp)) {
      seen.add(cp);
      if (!fonts.covers(cp)) missing.push({ char, codePoint: codePointLabel(char), index });
    }
    index += char.length;
  }
  return missing;
}
