import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { sha256 } from "../core/hash.js";
import { toolIdentity, type ToolCache } from "../emit/toolCache.js";
import { SHAPE_MODULE, type ShapedWord } from "./shape.js";
import type { FontFace } from "./fontStack.js";
import { learntCount, restoreLearnt, SIMPLE_SHAPING_MODULE, takeLearnt } from "./simpleShaping.js";

/**
 * What shaping found out, kept between runs per font face in the tool cache
 * (src/emit/toolCache.ts): simple shaping's tables (`LearntTables`, src/fonts/simpleShaping.ts:
 * restored when the face first sets a word, saved with the words), and the words fontkit shaped,
 * those the simple path leaves to it. Shaping a word with fontkit is the costliest step of a cold
 * PDF build (and decodes the face's GSUB and GPOS tables on the way), while a word's glyphs
 * depend only on the face's bytes, the shaping options (fontkit's default features, always) and
 * the code that shapes.
 *
 * One entry per face, named by the SHA-256 of the face's file, the shaping options and
 * `toolIdentity` (tilpress's version and the program, or this module, shape.ts and fontkit). It is read when a
 * build first sets text in the face and written again, merged with what is on disk then, when a
 * build added words (`save`: when a `build()` ends, or a thread's share of a parallel build; in a
 * long run also when a face has a full entry's worth of new words).
 * Words are checked as they are taken (lengths, glyph ids within the face, finite numbers): an
 * entry that does not fit the face is shaped again.
 *
 * Bound: FACE_ENTRY_BYTES of JSON per face on disk, the words least recently used in a build
 * dropped first; in memory the words read plus those added, each side at most about that much,
 * kept as their JSON lines (a word's objects are made when it is taken): an added word held as
 * its objects stayed alive past the memory cache's bound, about 800 bytes against 150 as a line
 * (bench/memory.js, 120 articles, an empty tool cache: 76.1 -> 74.3 MB of live heap at the end).
 */
export class ShapeStore {
  private readonly faces = new Map<FontFace, FaceWords>();

  constructor(private cache: ToolCache | undefined) {}

  /**
   * Neither read nor add words in this thread from now on: a long run's (`STORED_WORDS_ARTICLES`
   * in src/build/parallel.ts). Each builder of a long run would hold every face's entry it
   * read (some 8,000 words a face, a dozen faces on a varied corpus) and as many added, for
   * words it shapes anyway once each: the memory cache answers the rest.
   */
  turnOff(): void {
    this.cache = undefined;
    this.faces.clear();
  }

  /**
   * Reads the face's entries, once: before a word is set in it, so that simple shaping starts
   * from the tables it kept (src/fonts/simpleShaping.ts, `LearntTables`).
   */
  open(face: FontFace): void {
    if (this.cache) this.words(face);
  }

  /** A word of this face from the cache, or undefined. */
  lookup(face: FontFace, text: string): ShapedWord | undefined {
    if (!this.cache) return undefined;
    const words = this.words(face);
    if (words.retired) return undefined;
    const key = wordKey(text);
    const line = words.stored.get(key);
    if (line === undefined) return undefined;
    const word = decode(parseLine(line)?.[1], text, words.glyphCount);
    if (word) words.used.add(key);
    else words.stored.delete(key);
    return word;
  }

  /** Record a word shaped in this run, to be saved. */
  add(face: FontFace, text: string, word: ShapedWord): void {
    if (!this.cache) return;
    const words = this.words(face);
    // A full entry's worth in this thread's life, saved or not: the rest is shaped again next
    // time. Not reset by `save`: a long run of new words would otherwise merge and rewrite the
    // entry after every chunk (a 120-article corpus took 65 % more CPU and 90 MB more memory).
    if (words.retired || words.addedBytes > FACE_ENTRY_BYTES) return;
    const key = wordKey(text);
    // asciiJson([text, …]) as written, with the text spelled once.
    const line = `["${key}",${asciiJson(encode(word, text))}]`;
    words.added.set(key, line);
    words.addedBytes += line.length + 2;
  }

  /**
   * Write every face's entry that gained words, merged with the entry as it is on disk now;
   * `full`: only the faces that gained a full entry's worth (a long run, between articles).
   *
   * A face that gained that much is then retired for the rest of the thread's life: its words
   * are dropped from memory and it is neither read nor added to. A run that sets that many new
   * words is a long one over new text, which the stored words help little, and keeping them
   * (some 15 MB of heap for six faces, in each thread, and the added words past the memory
   * cache's bound) made a 1,000-article build peak at 547 MB of RSS against 420 MB without
   * the tool cache.
   */
  save({ full = false }: { readonly full?: boolean } = {}): void {
    if (!this.cache) return;
    for (const [face, words] of this.faces) {
      if (!full) saveLearnt(this.cache, face, words.key);
      const isFull = words.addedBytes > FACE_ENTRY_BYTES;
      if (words.retired || (full && !isFull)) continue;
      if (words.added.size === 0) continue;
      // Another process or worker may have written the entry since it was read: keep its words too.
      const merged = readEntry(this.cache, words.key) ?? new Map<string, string>();
      for (const [word, line] of words.stored) if (!merged.has(word)) merged.set(word, line);
      // Most recently used last: what this build used, then what it added.
      for (const word of words.used) {
        const line = merged.get(word) ?? words.stored.get(word);
        merged.delete(word);
        if (line) merged.set(word, line);
      }
      for (const [word, line] of words.added) {
        merged.delete(word);
        merged.set(word, line);
      }
      const { body, kept } = serialize(merged);
      words.stored = isFull ? new Map() : kept;
      words.added.clear();
      if (isFull) {
        words.used.clear();
        words.retired = true;
      }
      this.cache.write(KIND, words.key, body);
    }
  }

  private words(face: FontFace): FaceWords {
    let words = this.faces.get(face);
    if (!words) {
      const key = sha256(`${sha256(face.data)}\0${SHAPING_OPTIONS}\0${identity()}`);
      if (this.cache) restoreLearnt(face, readLearntEntry(this.cache, key));
      words = {
        key,
        stored: (this.cache && readEntry(this.cache, key)) ?? new Map(),
        glyphCount: face.numGlyphs,
        used: new Set(),
        added: new Map(),
        addedBytes: 0,
        retired: false,
      };
      this.faces.set(face, words);
    }
    return words;
  }
}

/**
 * Each face's entry on disk at most (JSON): some 8,000 words of en, kk and ru text (Cyrillic
 * letters escaped, 6 bytes each; 13,000 when they were not), more than the bundled project
 * sets in its body face. A thread keeps at most this much read and this much added per face.
 */
export const FACE_ENTRY_BYTES = 1024 * 1024;

const KIND = "shaped-words";

/** Simple shaping's tables of a face (`LearntTables`), one JSON entry under the words' key. */
const LEARNT_KIND = "simple-shaping";

function readLearntEntry(cache: ToolCache, key: string): unknown {
  const body = cache.read(LEARNT_KIND, key);
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes the face's tables when this thread found something new, merged with the entry as it
 * is on disk now (another builder's pairs kept). Bounded by the tables themselves: characters
 * below U+2200, at most 65,536 pairs a script.
 */
function saveLearnt(cache: ToolCache, face: FontFace, key: string): void {
  if (learntCount(face) === 0) return;
  restoreLearnt(face, readLearntEntry(cache, key));
  const tables = takeLearnt(face);
  if (tables) cache.write(LEARNT_KIND, key, JSON.stringify(tables));
}

/** tilpress shapes with fontkit's default features for the script, no others: `font.layout(text)`. */
const SHAPING_OPTIONS = "fontkit layout, default features";

/** A memo of a pure look-up (the program's hash, or three files' sizes and times), once per thread, whatever the build. */
let identityMemo: string | undefined;
function identity(): string {
  return (identityMemo ??= toolIdentity([
    import.meta.url,
    SHAPE_MODULE,
    SIMPLE_SHAPING_MODULE,
    pathToFileURL(createRequire(import.meta.url).resolve("fontkit")).href,
  ]));
}

interface FaceWords {
  readonly key: string;
  /** Words read from the cache (after a save, those saved): `wordKey` -> its line of the entry. */
  stored: Map<string, string>;
  /** The face's glyph count: a stored glyph id must be below it. */
  readonly glyphCount: number;
  /** Stored words this build took (their `wordKey`). */
  readonly used: Set<string>;
  /** Words shaped in this build, not yet saved: `wordKey` -> its line of the entry. */
  readonly added: Map<string, string>;
  /** About the JSON bytes of every word added in this thread, saved or not. */
  addedBytes: number;
  /** Saved with a full entry's worth added: no longer read or added to in this thread. */
  retired: boolean;
}

/**
 * A word as stored: glyphs, advances, then 0 for what is as usual — the glyph advances when they
 * equal the advances, the text of each glyph when it is one character each, no mark offsets.
 */
type StoredWord = [number[], number[], number[] | 0, string[] | 0, [number, number][] | 0];

function encode(word: ShapedWord, text: string): StoredWord {
  const chars = Array.from(text);
  const sameAdvances = word.glyphAdvances.every((a, i) => a === word.xAdvances[i]);
  const ownChars = word.unicode.length === chars.length && word.unicode.every((u, i) => u === chars[i]);
  return [
    [...word.glyphs],
    [...word.xAdvances],
    sameAdvances ? 0 : [...word.glyphAdvances],
    ownChars ? 0 : [...word.unicode],
    word.offsets ? word.offsets.map(([x, y]) => [x, y]) : 0,
  ];
}

/** The word back, or undefined when the stored value does not fit (damaged, or made for another face). */
function decode(stored: unknown, text: string, glyphCount: number): ShapedWord | undefined {
  if (!Array.isArray(stored) || stored.length !== 5) return undefined;
  const [glyphs, xAdvances, glyphAdvances, unicode, offsets] = stored as unknown[];
  if (!Array.isArray(glyphs)) return undefined;
  const n = glyphs.length;
  for (const g of glyphs as unknown[])
    if (!(Number.isInteger(g) && (g as number) >= 0 && (g as number) < glyphCount)) return undefined;
  if (!numbers(xAdvances, n)) return undefined;
  if (glyphAdvances !== 0 && !numbers(glyphAdvances, n)) return undefined;
  const chars = unicode === 0 ? Array.from(text) : unicode;
  if (!Array.isArray(chars) || chars.length !== n) return undefined;
  for (const u of chars as unknown[]) if (typeof u !== "string") return undefined;
  if (offsets !== 0) {
    if (!Array.isArray(offsets) || offsets.length !== n) return undefined;
    for (const o of offsets as unknown[]) if (!numbers(o, 2)) return undefined;
  }
  let advanceWidth = 0;
  for (const a of xAdvances) advanceWidth += a; // in order, as shaping summed them: the same float
  return {
    glyphs: glyphs as number[],
    xAdvances,
    glyphAdvances: glyphAdvances === 0 ? xAdvances : (glyphAdvances as number[]),
    ...(offsets !== 0 ? { offsets: offsets as [number, number][] } : {}),
    unicode: chars as string[],
    advanceWidth,
  };
}

function numbers(value: unknown, length: number): value is number[] {
  if (!Array.isArray(value) || value.length !== length) return false;
  for (const v of value as unknown[]) if (!Number.isFinite(v)) return false;
  return true;
}

/**
 * An entry on disk: a JSON array of [text, word] pairs, oldest first, one pair a line (JSON
 * never puts a line break inside a value), so that each word is kept as its line, parsed when
 * taken. Damaged or foreign data is no entry; a line that is not a pair is no word.
 */
function readEntry(cache: ToolCache, key: string): Map<string, string> | undefined {
  const body = cache.read(KIND, key);
  if (body === undefined) return undefined;
  // Entries are named by the program that wrote them (`toolIdentity`): one of another layout is
  // damaged or foreign, never an older tilpress's.
  if (!body.startsWith("[\n") || !body.endsWith("\n]")) return undefined;
  const words = new Map<string, string>();
  const lines = body.slice(2, -2).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = i < lines.length - 1 ? lines[i]!.slice(0, -1) : lines[i]!; // the comma
    const text = keyOfLine(line);
    if (text !== undefined) words.set(text, line);
  }
  return words;
}

/**
 * A word's text as its line of an entry spells it (`asciiJson`, without the quotes): the words
 * are found by it, so reading an entry parses no line, only the words looked up. A cold build of
 * the bundled project, self time (`node bench/profile-functions.js <profile> --self`):
 * `parseLine` 36.7 ms before, 14.8 ms after (with `keyOfLine` 1.1 ms). Spelled here code unit by
 * code unit: `asciiJson`'s replace calls a function for every Cyrillic letter, 44 ms of a cold
 * build of 8 generated articles; `wordKey` 2.2 ms of the bundled build.
 */
export function wordKey(text: string): string {
  let key = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e && unit !== 0x22 && unit !== 0x5c) continue;
    key += text.slice(from, i) + escapedUnit(unit);
    from = i + 1;
  }
  return from === 0 ? text : key + text.slice(from);
}

const HEX = "0123456789abcdef";

/** One code unit as `asciiJson` writes it: JSON's own escapes below U+0020 and for `"` and `\`, else \uXXXX. */
function escapedUnit(unit: number): string {
  if (unit <= 0x7e) return JSON.stringify(String.fromCharCode(unit)).slice(1, -1);
  return `\\u${HEX[unit >> 12]}${HEX[(unit >> 8) & 15]}${HEX[(unit >> 4) & 15]}${HEX[unit & 15]}`;
}

/** The `wordKey` a line `["…",[…]]` begins with, or undefined when it does not begin with a string. */
function keyOfLine(line: string): string | undefined {
  if (!line.startsWith('["')) return undefined;
  for (let from = 2; ;) {
    const quote = line.indexOf('"', from);
    if (quote < 0) return undefined;
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    // An even run of backslashes escapes itself: the quote ends the string.
    if (backslashes % 2 === 0) return line.slice(2, quote);
    from = quote + 1;
  }
}

/**
 * JSON with every character above U+007E escaped: V8 keeps a string with one Cyrillic letter at
 * two bytes a character, and an entry's lines are held while a build runs (each a slice of the
 * entry read). Heap snapshots of a 250-article build: the large-object space (where an entry
 * read lives) peaked at 15 MB in a worker against 27 MB before.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A line of an entry as its [text, word] pair, or undefined when it is not one. */
function parseLine(line: string): [unknown, unknown] | undefined {
  try {
    const pair = JSON.parse(line) as unknown;
    return Array.isArray(pair) && pair.length === 2 ? (pair as [unknown, unknown]) : undefined;
  } catch {
    return undefined;
  }
}

/** The newest words that fit in FACE_ENTRY_BYTES, oldest first, and those words. */
function serialize(words: ReadonlyMap<string, string>): { body: string; kept: Map<string, string> } {
  const pairs = [...words];
  let bytes = 4;
  let first = pairs.length;
  while (first > 0 && bytes + pairs[first - 1]![1].length + 2 <= FACE_ENTRY_BYTES)
    bytes += pairs[--first]![1].length + 2;
  const kept = pairs.slice(first);
  return { body: `[\n${kept.map(([, line]) => line).join(",\n")}\n]`, kept: new Map(kept) };
}
