import { arrayBytes, stringBytes } from "../core/boundedCache.js";
import { cmapGlyph, type FontFace, type FontStack } from "./fontStack.js";
import { shapeSimple, softHyphenOf } from "./simpleShaping.js";

/** A word as the font sets it: glyph ids, advances and what text each glyph stands for. */
export interface ShapedWord {
  readonly glyphs: readonly number[];
  /** Advance after kerning, in font units. */
  readonly xAdvances: readonly number[];
  /** The glyph's own advance (its hmtx width), in font units. */
  readonly glyphAdvances: readonly number[];
  /** Mark positioning offsets, in font units; absent when every offset is 0 (nearly always). */
  readonly offsets?: readonly (readonly [number, number])[];
  /** The text each glyph extracts as (ToUnicode); a ligature carries several characters. */
  readonly unicode: readonly string[];
  /** Sum of xAdvances, in font units. */
  readonly advanceWidth: number;
}

/**
 * The heap bytes of a cached shaped word and its key: the object, its four arrays (a glyph's
 * Unicode text a string of its own) and the optional offsets.
 */
export function shapedWordBytes(text: string, word: ShapedWord): number {
  const n = word.glyphs.length;
  return (
    stringBytes(text) +
    64 +
    3 * arrayBytes(n) +
    arrayBytes(n) +
    word.unicode.reduce((sum, u) => sum + stringBytes(u), 0) +
    (word.offsets ? arrayBytes(n) + n * 48 : 0)
  );
}

/** This module, for the tool cache's key of shaped words (src/fonts/shapeCache.ts): edited shaping is a new key. */
export const SHAPE_MODULE = import.meta.url;

/**
 * Shape one piece of text (a word, a space, a few characters) in a face: cached in the stack.
 * A word the simple path sets (nearly every en, kk and ru word) is set from its tables, which
 * the tool cache keeps between runs; the tool cache keeps the others' shaped words themselves
 * (src/fonts/shapeCache.ts). Taking a stored word cost more than setting a simple one: a cold
 * build of 8 generated articles spent 62 ms looking up stored words and 48 ms adding and saving
 * them (bench/profile-functions.js, 2026-12-04).
 */
export function shapeWord(fonts: FontStack, face: FontFace, text: string): ShapedWord {
  return fonts.shapedWords.get(face, text, () => {
    fonts.storedWords.open(face);
    const broken = text.length > 1 && text.endsWith(SOFT_HYPHEN);
    const plain = broken ? text.slice(0, -1).replaceAll(SOFT_HYPHEN, "") : text;
    const simple = shapeSimple(face, plain);
    if (simple) return broken ? withSoftHyphen(face, simple) : simple;
    const stored = fonts.storedWords.lookup(face, text);
    if (stored) return stored;
    const shaped = shapeWithFontkit(face, plain);
    const word = broken ? withSoftHyphen(face, shaped) : shaped;
    fonts.storedWords.add(face, text, word);
    return word;
  });
}

const SOFT_HYPHEN = "\u00ad";

/**
 * A word broken at a line's end: the word, then the face's own soft-hyphen glyph (drawn as a
 * hyphen; fontkit would set U+00AD invisible) whose text is U+00AD. The PDF reference (14.8.2.2.3)
 * asks for exactly that, so extracted text rejoins the word and a hard hyphen stays a hyphen.
 */
function withSoftHyphen(face: FontFace, word: ShapedWord): ShapedWord {
  const [glyph, advance] = softHyphenOf(face);
  return {
    glyphs: [...word.glyphs, glyph],
    xAdvances: [...word.xAdvances, advance],
    glyphAdvances: [...word.glyphAdvances, advance],
    ...(word.offsets ? { offsets: [...word.offsets, [0, 0] as const] } : {}),
    unicode: [...word.unicode, SOFT_HYPHEN],
    advanceWidth: word.advanceWidth + advance,
  };
}

/**
 * Text split the way layout measures it: words and single spaces, each shaped on its own (so a
 * word drawn is exactly as wide as the word measured, and the cache sees whole words).
 */
export function shapePieces(fonts: FontStack, face: FontFace, text: string): ShapedWord[] {
  const out: ShapedWord[] = [];
  // By index, not `split(/( )/)`: a PDF's every line of text comes here.
  let from = 0;
  for (let at = text.indexOf(" "); at >= 0; at = text.indexOf(" ", from)) {
    if (at > from) out.push(shapeWord(fonts, face, text.slice(from, at)));
    out.push(shapeWord(fonts, face, " "));
    from = at + 1;
  }
  if (from < text.length) out.push(shapeWord(fonts, face, from === 0 ? text : text.slice(from)));
  return out;
}

/** Advance width of text at 1 pt. */
export function advanceOf(fonts: FontStack, face: FontFace, text: string): number {
  // Layout measures single words and single spaces: no need to split them.
  if (text === " " || !text.includes(" ")) return shapeWord(fonts, face, text).advanceWidth / face.unitsPerEm;
  let units = 0;
  for (const w of shapePieces(fonts, face, text)) units += w.advanceWidth;
  return units / face.unitsPerEm;
}

/** fontkit's full shaping: every word the simple path (simpleShaping.ts) leaves to it. */
export function shapeWithFontkit(face: FontFace, text: string): ShapedWord {
  const run = face.font.layout(text);
  const chars = Array.from(text);
  const glyphs: number[] = [];
  const xAdvances: number[] = [];
  const glyphAdvances: number[] = [];
  const offsets: [number, number][] = [];
  let hasOffset = false;
  let advanceWidth = 0;
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i]!;
    glyphs.push(glyph.id);
    xAdvances.push(pos.xAdvance);
    glyphAdvances.push(glyph.advanceWidth);
    offsets.push([pos.xOffset, pos.yOffset]);
    if (pos.xOffset || pos.yOffset) hasOffset = true;
    advanceWidth += pos.xAdvance;
  });
  return {
    glyphs,
    xAdvances,
    glyphAdvances,
    ...(hasOffset ? { offsets } : {}),
    unicode: unicodeOf(face, run.glyphs, chars),
    advanceWidth,
  };
}

/**
 * What each glyph extracts as: the PDF's ToUnicode map gives each glyph of a face one text for
 * the whole document, so a glyph must stand for the same characters in every word. One glyph
 * per character (every Kazakh and Russian letter is precomposed) maps one to one; otherwise the
 * glyphs are matched to the characters through the face's cmap (a ligature takes the characters
 * up to the next glyph that is a character's own), then by fontkit's code points, and failing
 * both by `unalignedText`.
 *
 * fontkit's code points are not the first resort: it keeps one Glyph object per id, made with
 * the code points of its first request, so a ligature first met through `getGlyph(id)` says it
 * is no characters for the rest of the process ("offers" then fell to the last resort, which was
 * the whole word on its first glyph, and every `e`, `r` and `s` of the PDF extracted as nothing).
 */
function unicodeOf(
  face: FontFace,
  glyphs: readonly { readonly id: number; readonly codePoints: readonly number[] }[],
  chars: readonly string[],
): string[] {
  if (glyphs.length === chars.length) return [...chars];
  const ids = glyphs.map((g) => g.id);
  const glyphOf = (char: string) => cmapGlyph(face, char.codePointAt(0)!);
  const aligned = alignedToCharacters(ids, chars, glyphOf, (text) => face.font.layout(text).glyphs.map((g) => g.id));
  if (aligned) return aligned;
  const own = glyphs.map((g) => String.fromCodePoint(...g.codePoints));
  if (own.join("") === chars.join("")) return own;
  return unalignedText(ids, chars, glyphOf);
}

/**
 * How many characters one glyph may stand for, or be preceded by that show none: ligatures
 * take two or three, a letter with its marks a few. A bound, so that a word of thousands of
 * characters (hostile input, a run with no space) is matched in time linear in its length.
 */
const CLUSTER = 8;

/**
 * Each glyph's characters when the glyphs are the characters' own (cmap) glyphs in order, with
 * ligatures or alternates among them: a glyph that is not the next character's own takes the
 * characters up to the one whose own glyph comes next (all that are left, for the last glyph);
 * characters that show no glyph (a joiner the shaper removed) are dropped, never put on a
 * letter's glyph. Where the next glyph is no character's own either (two ligatures in a row,
 * "ffff"), a glyph takes the fewest characters `shape` sets as that glyph alone. Undefined when
 * the glyphs do not follow the text so (reordered, decomposed), or a glyph would stand for more
 * than CLUSTER characters. The cmap is asked once a character.
 */
export function alignedToCharacters(
  glyphs: readonly number[],
  chars: readonly string[],
  glyphOf: (char: string) => number,
  shape: (text: string) => readonly number[] = () => [],
): string[] | undefined {
  const own = chars.map(glyphOf);
  const out: string[] = [];
  // Characters that show no glyph of their own: a modifier or tag goes with the glyph before it.
  const unshown = (from: number, to: number) => {
    const kept = chars.slice(from, to).filter(isEmojiModifier).join("");
    if (kept && out.length) out[out.length - 1] += kept;
  };
  let at = 0;
  for (let i = 0; i < glyphs.length; i++) {
    if (at >= chars.length) return undefined;
    const glyph = glyphs[i]!;
    if (glyph !== own[at]) {
      // A later character's own glyph: those before it show none.
      for (let later = at + 1; later < Math.min(chars.length, at + CLUSTER); later++)
        if (own[later] === glyph) {
          unshown(at, later);
          at = later;
          break;
        }
    }
    if (glyph === own[at]) {
      out.push(chars[at++]!);
      continue;
    }
    const next = glyphs[i + 1];
    const limit = Math.min(chars.length, at + CLUSTER);
    let end: number;
    if (next === undefined) {
      if (chars.length > limit) return undefined;
      end = chars.length;
    } else {
      end = at + 1;
      while (end < limit && own[end] !== next) end++;
      if (end >= limit || end >= chars.length) {
        const alone = (to: number) => {
          const set = shape(chars.slice(at, to).join(""));
          return set.length === 1 && set[0] === glyph;
        };
        for (end = at + 1; end < limit && end < chars.length && !alone(end);) end++;
        if (end >= limit || end >= chars.length) return undefined;
      }
    }
    out.push(chars.slice(at, end).join(""));
    at = end;
  }
  if (at < chars.length && chars.slice(at).every(isEmojiModifier)) unshown(at, (at = chars.length));
  return at === chars.length ? out : undefined;
}

/**
 * A skin tone (U+1F3FB–U+1F3FF) or a tag character (U+E0020–U+E007F, a subdivision flag's
 * letters): meaning a monochrome emoji face draws no glyph for (Noto Emoji sets 👍🏽 as 👍), kept
 * in the text of the glyph it follows; the PDF gives that glyph its own text where it differs
 * (src/pdf/pdfFonts.ts, ActualText).
 */
export function isEmojiModifier(char: string): boolean {
  const cp = char.codePointAt(0)!;
  return (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}

/**
 * The last resort, for glyphs that do not follow the text: a glyph that is a character's own
 * stands for that character; the characters left go on the first glyph that is no character's
 * own (dropped when there is none). Never on a letter's glyph, whose text every word shares.
 */
export function unalignedText(
  glyphs: readonly number[],
  chars: readonly string[],
  glyphOf: (char: string) => number,
): string[] {
  // Each glyph's characters in order: a glyph takes the first of its own not yet taken.
  const waiting = new Map<number, number[]>();
  chars.forEach((char, i) => {
    const glyph = glyphOf(char);
    const queue = waiting.get(glyph);
    if (queue) queue.push(i);
    else waiting.set(glyph, [i]);
  });
  const taken = new Map<number, number>();
  const used = chars.map(() => false);
  const texts = glyphs.map((glyph) => {
    const next = taken.get(glyph) ?? 0;
    const at = waiting.get(glyph)?.[next];
    if (at === undefined) return undefined;
    taken.set(glyph, next + 1);
    used[at] = true;
    return chars[at];
  });
  const rest = chars.filter((_, i) => !used[i]).join("");
  const free = texts.indexOf(undefined);
  return texts.map((text, i) => text ?? (i === free ? rest : ""));
}
