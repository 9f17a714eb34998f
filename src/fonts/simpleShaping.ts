import type * as fontkit from "fontkit";
import type { FontFace } from "./fontStack.js";
import type { ShapedWord } from "./shape.js";

/**
 * Shaping without fontkit's machinery for the words that need no contextual shaping: Latin and
 * Cyrillic letters, digits and punctuation whose glyphs no substitution, mark or cursive lookup
 * of the face touches. Such a word's glyphs are the cmap's, and its positions come only from
 * pair kerning (GPOS lookup type 2), which fontkit applies pair by pair and adds up: a glyph's
 * advance is its own plus the adjustment the pair it starts gives it plus the one the pair it
 * ends gives it. Each pair is shaped once by fontkit itself and remembered, so the kerning
 * values are fontkit's; anything else (marks, ligature starts, other scripts, variable fonts,
 * offsets, a kern table) goes to fontkit whole.
 *
 * Why hand-written: fontkit's `layout` builds a glyph run, glyph infos, a shaping plan and a
 * glyph iterator per word and walks every lookup over it, and restructure decodes lazily on
 * the way; words never repeat much in news text, so that cost is paid for most words of a
 * page. Measured on 12 generated articles (bench/pdf.js, 2026-12-02): see the README's
 * Performance section. tests/simple-shaping.test.ts compares this with fontkit on every word
 * of a generated corpus in en, kk and ru in each bundled face.
 */

/** This module, for the tool cache's key of a face's tables and words (src/fonts/shapeCache.ts). */
export const SIMPLE_SHAPING_MODULE = import.meta.url;

/** Features fontkit's default shaper applies to left-to-right text (frac/numr/dnom only around U+2044, left out). */
const DEFAULT_FEATURES = new Set([
  "rvrn",
  "ltra",
  "ltrm",
  "ccmp",
  "locl",
  "rlig",
  "mark",
  "mkmk",
  "calt",
  "clig",
  "liga",
  "rclt",
  "curs",
  "kern",
]);

/** The scripts a word is detected as, as fontkit tags them: no Latin or Cyrillic letter is `zzzz`. */
const SCRIPT_TAGS = ["zzzz", "latn", "cyrl"] as const;
const UNKNOWN = 0;
const LATIN = 1;
const CYRILLIC = 2;
/** fontkit's fallback when a table has no entry for the script (OTProcessor.selectScript). */
const DEFAULT_SCRIPTS = ["DFLT", "dflt", "latn"];

/** Code points below this may take the fast path (Latin, Cyrillic, punctuation, currency, №, ™). */
const LIMIT = 0x2200;
const NOT_LOOKED_UP = -1;
const NOT_SIMPLE = -2;

/** `ScriptPlan.unsafe` of a glyph that only ligatures start at. */
const LIGATURE_START = 2;

/** A kerned pair set with something other than advances (offsets). */
const PAIR_NOT_SIMPLE = -1;
/** Bound of each script's remembered pairs (a few thousand occur in practice). */
const MAX_PAIRS = 1 << 16;

interface ScriptPlan {
  /** False when the face's lookups for the script include kinds this path does not model. */
  readonly usable: boolean;
  /**
   * 1 for glyphs some substitution, mark, cursive or single-adjustment lookup starts at; 2 for
   * a glyph only ligatures start at (LIGATURE_START), safe unless a glyph they continue with follows.
   */
  readonly unsafe: Uint8Array;
  /** For each LIGATURE_START glyph, the glyphs its ligatures' second components are. */
  readonly ligatureSeconds: Map<number, Set<number>>;
  /**
   * The pair adjustment subtables of each kerning lookup, in the order fontkit applies them;
   * undefined in a plan restored from the tool cache until a pair it does not know is met.
   */
  kerning: readonly (readonly PairTable[])[] | undefined;
  /** Key: first glyph × 65536 + second. Value: both adjustments packed (kernPair), or PAIR_NOT_SIMPLE. */
  readonly pairs: Map<number, number>;
}

interface FaceTables {
  readonly usable: boolean;
  /** Glyph id per code point, NOT_LOOKED_UP or NOT_SIMPLE. */
  readonly glyphs: Int32Array;
  readonly advances: Int32Array;
  readonly scripts: Uint8Array;
  readonly plans: (ScriptPlan | undefined)[];
  /** U+00AD's glyph id and advance, once looked up. */
  softHyphen?: readonly [number, number];
  /** Facts (a character, an advance, a plan, a pair) found since the tables were last restored or taken. */
  learnt: number;
}

/** Per face: it belongs to one font stack, so these go when the stack goes. */
const tablesOf = new WeakMap<FontFace, FaceTables>();

/** The word shaped as fontkit would, or undefined when it needs fontkit. */
export function shapeSimple(face: FontFace, text: string): ShapedWord | undefined {
  const tables = faceTables(face);
  if (!tables.usable) return undefined;
  const n = text.length;
  const glyphs = new Array<number>(n);
  const glyphAdvances = new Array<number>(n);
  let script = UNKNOWN;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i); // every code point below LIMIT is one UTF-16 unit
    if (code >= LIMIT) return undefined;
    let glyph = tables.glyphs[code]!;
    if (glyph === NOT_LOOKED_UP) glyph = lookUp(face, tables, code);
    if (glyph === NOT_SIMPLE) return undefined;
    glyphs[i] = glyph;
    let advance = tables.advances[code]!;
    if (advance < 0) {
      advance = tables.advances[code] = face.font.getGlyph(glyph).advanceWidth;
      tables.learnt++;
    }
    glyphAdvances[i] = advance;
    if (script === UNKNOWN) script = tables.scripts[code]!;
  }
  let plan = tables.plans[script];
  if (!plan) {
    plan = tables.plans[script] = scriptPlan(face, SCRIPT_TAGS[script]!);
    tables.learnt++;
  }
  if (!plan.usable) return undefined;
  for (let i = 0; i < n; i++) {
    const unsafe = plan.unsafe[glyphs[i]!];
    if (unsafe === 1) return undefined;
    // English "f" starts DejaVu's ff, fi, fl, ffi and ffl: "of" and "for" need no fontkit.
    if (unsafe === LIGATURE_START && i + 1 < n && plan.ligatureSeconds.get(glyphs[i]!)?.has(glyphs[i + 1]!) !== false)
      return undefined;
  }
  const xAdvances = glyphAdvances.slice();
  for (let i = 0; i + 1 < n; i++) {
    const key = glyphs[i]! * 0x10000 + glyphs[i + 1]!;
    let packed = plan.pairs.get(key);
    if (packed === undefined) {
      plan.kerning ??= scriptPlan(face, SCRIPT_TAGS[script]!).kerning ?? [];
      packed = kernPair(plan.kerning, glyphs[i]!, glyphs[i + 1]!);
      if (plan.pairs.size < MAX_PAIRS) {
        plan.pairs.set(key, packed);
        tables.learnt++;
      }
    }
    if (packed === PAIR_NOT_SIMPLE) return undefined;
    xAdvances[i] = xAdvances[i]! + Math.floor(packed / 0x10000) - 0x8000;
    xAdvances[i + 1] = xAdvances[i + 1]! + (packed % 0x10000) - 0x8000;
  }
  let advanceWidth = 0;
  for (let i = 0; i < n; i++) advanceWidth += xAdvances[i]!;
  const unicode = new Array<string>(n);
  for (let i = 0; i < n; i++) unicode[i] = characterOf(text.charCodeAt(i));
  return { glyphs, xAdvances, glyphAdvances, unicode, advanceWidth };
}

/**
 * What simple shaping has found out about a face, as plain data: kept in the tool cache beside
 * its shaped words (src/fonts/shapeCache.ts), so that a later run sets the words of known
 * characters and pairs without decoding the face's cmap, GSUB, GPOS and GDEF or walking their
 * lookups. A cold build of 8 generated articles spent 109 ms in shapeSimple, 63 of them making
 * the plans (bench/profile-functions.js, 2026-12-04). Everything here is exactly what those
 * steps find for the face, so a restored table gives the same words.
 */
export interface LearntTables {
  readonly usable: boolean;
  /**
   * Per code point below LIMIT, base64 of little-endian 32-bit integers: glyph (NOT_LOOKED_UP,
   * NOT_SIMPLE), advance (-1: not read); base64 of one byte each: script. As numbers in JSON
   * they were 115–157 KB a face and took 10 ms to check.
   */
  readonly glyphs: string;
  readonly advances: string;
  readonly scripts: string;
  /** The face's U+00AD glyph and its advance (a word broken at a line's end), when looked up. */
  readonly softHyphen: readonly [number, number] | null;
  /** Per script (SCRIPT_TAGS order): null when no word of it was set. */
  readonly plans: readonly (LearntPlan | null)[];
}

interface LearntPlan {
  readonly usable: boolean;
  /** Glyph, flag (1, or LIGATURE_START), for every glyph of the face that is not safe. */
  readonly unsafe: readonly number[];
  /** A LIGATURE_START glyph and the glyphs its ligatures continue with. */
  readonly ligatures: readonly (readonly [number, readonly number[]])[];
  /** Pair key, packed adjustments (or PAIR_NOT_SIMPLE). */
  readonly pairs: readonly number[];
}

/** How many facts about the face simple shaping found since it last restored or took them. */
export function learntCount(face: FontFace): number {
  return tablesOf.get(face)?.learnt ?? 0;
}

/** The face's soft hyphen (U+00AD) glyph id and advance, remembered with its tables. */
export function softHyphenOf(face: FontFace): readonly [number, number] {
  const tables = faceTables(face);
  if (!tables.softHyphen) {
    const glyph = face.font.glyphForCodePoint(0xad);
    tables.softHyphen = [glyph.id, glyph.advanceWidth];
    tables.learnt++;
  }
  return tables.softHyphen;
}

/** The face's tables as plain data (undefined when no word was set in it), and the count of what is new reset. */
export function takeLearnt(face: FontFace): LearntTables | undefined {
  const tables = tablesOf.get(face);
  if (!tables) return undefined;
  tables.learnt = 0;
  const plans = SCRIPT_TAGS.map((_, script): LearntPlan | null => {
    const plan = tables.plans[script];
    if (!plan) return null;
    const unsafe: number[] = [];
    plan.unsafe.forEach((flag, glyph) => {
      if (flag !== 0) unsafe.push(glyph, flag);
    });
    const pairs: number[] = [];
    for (const [key, packed] of plan.pairs) pairs.push(key, packed);
    const ligatures = [...plan.ligatureSeconds].map(([g, seconds]) => [g, [...seconds]] as const);
    return { usable: plan.usable, unsafe, ligatures, pairs };
  });
  return {
    usable: tables.usable,
    glyphs: int32Base64(tables.glyphs),
    advances: int32Base64(tables.advances),
    scripts: Buffer.from(tables.scripts).toString("base64"),
    softHyphen: tables.softHyphen ?? null,
    plans,
  };
}

/**
 * Adds what `data` (a `takeLearnt` of the same face, from the tool cache) knows and these tables
 * do not; false, and nothing added, when it does not fit the face: damaged, or another face's.
 */
export function restoreLearnt(face: FontFace, data: unknown): boolean {
  const glyphCount = face.numGlyphs;
  const read = readLearnt(data, glyphCount);
  if (!read) return false;
  let tables = tablesOf.get(face);
  if (tables && tables.usable !== read.usable) return false;
  if (!tables) {
    tables = {
      usable: read.usable,
      glyphs: Int32Array.from(read.glyphs),
      advances: Int32Array.from(read.advances),
      scripts: Uint8Array.from(read.scripts),
      plans: [],
      learnt: 0,
    };
    tablesOf.set(face, tables);
  } else
    for (let code = 0; code < LIMIT; code++) {
      if (tables.glyphs[code] === NOT_LOOKED_UP) {
        tables.glyphs[code] = read.glyphs[code]!;
        tables.scripts[code] = read.scripts[code]!;
      }
      if (tables.advances[code]! < 0) tables.advances[code] = read.advances[code]!;
    }
  if (read.softHyphen) tables.softHyphen ??= read.softHyphen;
  read.plans.forEach((learnt, script) => {
    if (!learnt) return;
    let plan = tables.plans[script];
    if (!plan) {
      const unsafe = new Uint8Array(glyphCount);
      for (let i = 0; i < learnt.unsafe.length; i += 2) unsafe[learnt.unsafe[i]!] = learnt.unsafe[i + 1]!;
      const ligatureSeconds = new Map(learnt.ligatures.map(([g, seconds]) => [g, new Set(seconds)]));
      plan = tables.plans[script] = {
        usable: learnt.usable,
        unsafe,
        ligatureSeconds,
        kerning: undefined,
        pairs: new Map(),
      };
    }
    for (let i = 0; i < learnt.pairs.length && plan.pairs.size < MAX_PAIRS; i += 2)
      if (!plan.pairs.has(learnt.pairs[i]!)) plan.pairs.set(learnt.pairs[i]!, learnt.pairs[i + 1]!);
  });
  return true;
}

function int32Base64(values: Int32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeInt32LE(v, i * 4));
  return bytes.toString("base64");
}

function base64Int32(text: unknown, length: number): Int32Array | undefined {
  if (typeof text !== "string") return undefined;
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== length * 4) return undefined;
  // A view of the bytes where the machine is little-endian (every one Node runs on, in practice):
  // a restore runs before a face's first word, while the program is still cold.
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, length);
  const values = new Int32Array(length);
  for (let i = 0; i < length; i++) values[i] = bytes.readInt32LE(i * 4);
  return values;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `LearntTables` checked and decoded: its arrays as typed arrays. */
interface ReadLearnt extends Pick<LearntTables, "usable" | "plans"> {
  readonly glyphs: Int32Array;
  readonly advances: Int32Array;
  readonly scripts: Uint8Array;
  readonly softHyphen: readonly [number, number] | undefined;
}

/** `data` as tables when it is a `LearntTables` whose every glyph is one of the face's and every value in range. */
function readLearnt(data: unknown, glyphCount: number): ReadLearnt | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const fields = data as Partial<Record<keyof LearntTables, unknown>>;
  const glyphs = base64Int32(fields.glyphs, LIMIT);
  const advances = base64Int32(fields.advances, LIMIT);
  const scripts = typeof fields.scripts === "string" ? Buffer.from(fields.scripts, "base64") : undefined;
  const { usable, softHyphen, plans } = fields;
  if (typeof usable !== "boolean" || !glyphs || !advances || scripts?.length !== LIMIT) return undefined;
  if (!Array.isArray(plans) || plans.length > SCRIPT_TAGS.length) return undefined;
  const isGlyph = (g: number) => g >= 0 && g < glyphCount;
  for (let code = 0; code < LIMIT; code++) {
    const glyph = glyphs[code]!;
    if (!(glyph === NOT_LOOKED_UP || glyph === NOT_SIMPLE || isGlyph(glyph))) return undefined;
    if (advances[code]! < -1 || advances[code]! > 0xffff || scripts[code]! >= SCRIPT_TAGS.length) return undefined;
  }
  const hyphen =
    softHyphen === null
      ? undefined
      : integers(softHyphen) && softHyphen.length === 2 && isGlyph(softHyphen[0]!) && softHyphen[1]! >= 0
        ? ([softHyphen[0]!, softHyphen[1]!] as const)
        : null;
  if (hyphen === null) return undefined;
  const plansFit = (plans as unknown[]).every((plan) => {
    if (plan === null) return true;
    if (typeof plan !== "object") return false;
    const { usable: planUsable, unsafe, ligatures, pairs } = plan as Partial<Record<keyof LearntPlan, unknown>>;
    if (typeof planUsable !== "boolean" || !integers(unsafe) || !integers(pairs) || !Array.isArray(ligatures))
      return false;
    if (unsafe.length % 2 !== 0 || pairs.length % 2 !== 0) return false;
    for (let i = 0; i < unsafe.length; i += 2)
      if (!isGlyph(unsafe[i]!) || (unsafe[i + 1] !== 1 && unsafe[i + 1] !== LIGATURE_START)) return false;
    for (let i = 0; i < pairs.length; i += 2) {
      const [key, packed] = [pairs[i]!, pairs[i + 1]!];
      if (key < 0 || !isGlyph(Math.floor(key / 0x10000)) || !isGlyph(key % 0x10000)) return false;
      if (packed !== PAIR_NOT_SIMPLE && (packed < 0 || packed >= 0x100000000)) return false;
    }
    return (ligatures as unknown[]).every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 2 &&
        Number.isInteger(entry[0]) &&
        isGlyph(entry[0] as number) &&
        integers(entry[1]) &&
        entry[1].every(isGlyph),
    );
  });
  if (!plansFit) return undefined;
  return { usable, glyphs, advances, scripts, softHyphen: hyphen, plans: plans as (LearntPlan | null)[] };
}

function integers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

/**
 * One string per character, shared by every shaped word: `split("")` made a new one for each
 * Kazakh or Russian letter of each word (V8 shares only Latin-1's), and the cache keeps them.
 */
const CHARACTERS: (string | undefined)[] = new Array<string | undefined>(LIMIT);

function characterOf(code: number): string {
  return (CHARACTERS[code] ??= String.fromCharCode(code));
}

function faceTables(face: FontFace): FaceTables {
  let tables = tablesOf.get(face);
  if (!tables) {
    const font = face.font;
    const gsub = (font as unknown as OpenTypeFont).GSUB;
    const gpos = (font as unknown as OpenTypeFont).GPOS;
    // Fonts without GPOS (kerned by a `kern` table, or not at all), variable and AAT fonts are left to fontkit.
    const usable =
      gpos !== undefined &&
      !gsub?.featureVariations &&
      !gpos.featureVariations &&
      Object.keys(font.variationAxes).length === 0 &&
      !("morx" in (font as unknown as { directory: { tables: object } }).directory.tables);
    tables = {
      usable,
      glyphs: new Int32Array(LIMIT).fill(NOT_LOOKED_UP),
      advances: new Int32Array(LIMIT).fill(-1), // read on first use: hmtx is decoded per glyph
      scripts: new Uint8Array(LIMIT),
      plans: [],
      learnt: 1, // `usable` itself, which decoded GSUB and GPOS
    };
    tablesOf.set(face, tables);
  }
  return tables;
}

/** Letters of these scripts set the word's script; everything else allowed is Common. */
const LATIN_LETTER = /\p{Script=Latin}/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const COMMON = /\p{Script=Common}/u;
const MARK_OR_FORMAT = /[\p{M}\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u;

function lookUp(face: FontFace, tables: FaceTables, code: number): number {
  const font = face.font;
  const char = String.fromCharCode(code);
  const allowed =
    code >= 0x20 &&
    (code < 0x250 || (code >= 0x400 && code < 0x530) || code >= 0x2010) &&
    code !== 0x2044 && // the fraction slash turns on frac/numr/dnom
    !MARK_OR_FORMAT.test(char) &&
    (COMMON.test(char) || LATIN_LETTER.test(char) || CYRILLIC_LETTER.test(char)) && // Ω (U+2126) is Greek
    font.hasGlyphForCodePoint(code);
  let glyph = NOT_SIMPLE;
  if (allowed) {
    const id = font.glyphForCodePoint(code).id;
    const klass = glyphClass(font, id);
    if (klass === 0 || klass === 1) {
      glyph = id;
      tables.scripts[code] = LATIN_LETTER.test(char) ? LATIN : CYRILLIC_LETTER.test(char) ? CYRILLIC : UNKNOWN;
    }
  }
  tables.glyphs[code] = glyph;
  tables.learnt++;
  return glyph;
}

/**
 * How much the face's pair kerning adds to each glyph of a pair, packed in one number: fontkit's
 * GPOS pair adjustment (lookup type 2) for every kerning lookup of the script, the first
 * subtable whose coverage and pairs match winning within each lookup, the lookups added up.
 */
function kernPair(kerning: readonly (readonly PairTable[])[], first: number, second: number): number {
  let a = 0;
  let b = 0;
  for (const subTables of kerning)
    for (const table of subTables) {
      if (coverageIndex(table.coverage, first) < 0) continue;
      let record: PairRecord | undefined;
      if (table.version === 1) {
        for (const pair of table.pairSets?.get(coverageIndex(table.coverage, first)) ?? [])
          if (pair.secondGlyph === second) {
            record = pair;
            break;
          }
        if (!record) continue;
      } else {
        record = table.classRecords?.get(classOf(table.classDef1, first))?.get(classOf(table.classDef2, second));
        if (!record) return PAIR_NOT_SIMPLE;
      }
      const { value1, value2 } = record;
      if (!advanceOnly(value1) || !advanceOnly(value2)) return PAIR_NOT_SIMPLE;
      a += value1?.xAdvance ?? 0;
      b += value2?.xAdvance ?? 0;
      break;
    }
  if (!Number.isInteger(a) || !Number.isInteger(b) || Math.abs(a) >= 0x8000 || Math.abs(b) >= 0x8000)
    return PAIR_NOT_SIMPLE;
  return (a + 0x8000) * 0x10000 + (b + 0x8000);
}

const advanceOnly = (value: ValueRecord | null | undefined): boolean =>
  !value || (!value.xPlacement && !value.yPlacement && !value.yAdvance);

/** A coverage's index of each glyph (fontkit searches the list per glyph). */
const coverageIndexes = new WeakMap<Coverage, Map<number, number>>();

function coverageIndex(coverage: Coverage | undefined, glyph: number): number {
  if (!coverage) return -1;
  let indexes = coverageIndexes.get(coverage);
  if (!indexes) {
    indexes = new Map();
    let index = 0;
    coveredGlyphs(coverage, (g) => indexes!.set(g, index++));
    coverageIndexes.set(coverage, indexes);
  }
  return indexes.get(glyph) ?? -1;
}

// The parts of fontkit's parsed OpenType tables read here (fontkit types none of them).
interface Coverage {
  readonly version: number;
  readonly glyphs?: readonly number[];
  readonly rangeRecords?: readonly { readonly start: number; readonly end: number }[];
}
interface ClassDef {
  readonly version: number;
  readonly startGlyph?: number;
  readonly classValueArray?: readonly number[];
  readonly classRangeRecord?: readonly { readonly start: number; readonly end: number; readonly class: number }[];
}
interface SubTable {
  readonly version?: number;
  readonly lookupType?: number;
  readonly extension?: SubTable;
  readonly coverage?: Coverage;
  readonly markCoverage?: Coverage;
  readonly mark1Coverage?: Coverage;
  readonly coverages?: readonly Coverage[];
  readonly inputCoverage?: readonly Coverage[];
  readonly backtrackCoverage?: readonly Coverage[];
  readonly lookaheadCoverage?: readonly Coverage[];
  readonly backtrackClassDef?: ClassDef;
  readonly inputClassDef?: ClassDef;
  readonly lookaheadClassDef?: ClassDef;
  /** Chained context, format 2: rule sets by the first glyph's input class. */
  readonly chainClassSet?: Iterable<readonly ChainRule[] | null>;
  /** Ligature substitution: the ligatures of each coverage glyph, by coverage index. */
  readonly ligatureSets?: { get(index: number): Iterable<{ readonly components: readonly number[] }> | undefined };
  /** Chained context, format 1: rule sets by the first glyph's coverage index. */
  readonly chainRuleSets?: Iterable<readonly ChainRule[] | null>;
}
/** Glyph ids (format 1) or classes (format 2); `input` leaves out the first glyph. */
interface ChainRule {
  readonly backtrack: readonly number[];
  readonly input: readonly number[];
  readonly lookahead: readonly number[];
}
interface ValueRecord {
  readonly xPlacement?: number;
  readonly yPlacement?: number;
  readonly xAdvance?: number;
  readonly yAdvance?: number;
}
interface PairRecord {
  readonly secondGlyph?: number;
  readonly value1?: ValueRecord | null;
  readonly value2?: ValueRecord | null;
}
interface PairTable {
  readonly version: number;
  readonly coverage?: Coverage;
  readonly pairSets?: { get(index: number): Iterable<PairRecord> | undefined };
  readonly classDef1?: ClassDef;
  readonly classDef2?: ClassDef;
  readonly classRecords?: { get(index: number): { get(index: number): PairRecord | undefined } | undefined };
}
interface Lookup {
  readonly lookupType: number;
  /** fontkit's LookupFlag: the five flags are one level down. */
  readonly flags: {
    readonly markAttachmentType?: number;
    readonly flags?: {
      readonly rightToLeft?: boolean;
      readonly ignoreBaseGlyphs?: boolean;
      readonly ignoreLigatures?: boolean;
      readonly ignoreMarks?: boolean;
      readonly useMarkFilteringSet?: boolean;
    };
  };
  readonly subTables: Iterable<SubTable>;
}
interface LayoutTable {
  readonly scriptList?: readonly {
    readonly tag: string;
    readonly script: { readonly defaultLangSys?: { readonly featureIndexes: readonly number[] } | null };
  }[];
  readonly featureList: readonly { readonly tag: string; readonly feature: { readonly lookupListIndexes: number[] } }[];
  readonly lookupList: { get(index: number): Lookup };
  readonly featureVariations?: unknown;
}
interface OpenTypeFont {
  readonly GSUB?: LayoutTable;
  readonly GPOS?: LayoutTable;
  readonly GDEF?: { readonly glyphClassDef?: ClassDef };
}

function glyphClass(font: fontkit.Font, glyph: number): number {
  return classOf((font as unknown as OpenTypeFont).GDEF?.glyphClassDef, glyph);
}

function classOf(classDef: ClassDef | undefined, glyph: number): number {
  if (!classDef) return 0;
  if (classDef.version === 1) {
    const start = classDef.startGlyph ?? 0;
    return classDef.classValueArray?.[glyph - start] ?? 0;
  }
  for (const range of classDef.classRangeRecord ?? [])
    if (range.start <= glyph && glyph <= range.end) return range.class;
  return 0;
}

function coveredGlyphs(coverage: Coverage | undefined, mark: (glyph: number) => void): void {
  if (!coverage) return;
  if (coverage.version === 1) for (const g of coverage.glyphs ?? []) mark(g);
  else for (const r of coverage.rangeRecords ?? []) for (let g = r.start; g <= r.end; g++) mark(g);
}

/**
 * The lookups fontkit would run on a word of this script (the default language system), and
 * whether a `kern` feature is among them (else fontkit kerns with the `kern` table).
 */
function lookupsFor(table: LayoutTable | undefined, script: string): { lookups: Lookup[]; kern: boolean } {
  const lookups: Lookup[] = [];
  let kern = false;
  if (!table?.scriptList) return { lookups, kern };
  const find = (tags: readonly string[]) => {
    for (const tag of tags) for (const entry of table.scriptList ?? []) if (entry.tag === tag) return entry;
    return undefined;
  };
  const entry = find([script]) ?? find(DEFAULT_SCRIPTS);
  for (const index of entry?.script.defaultLangSys?.featureIndexes ?? []) {
    const record = table.featureList[index];
    if (!record || !DEFAULT_FEATURES.has(record.tag)) continue;
    if (record.tag === "kern") kern = true;
    for (const lookup of record.feature.lookupListIndexes) lookups.push(table.lookupList.get(lookup));
  }
  return { lookups, kern };
}

/**
 * Which glyphs of the face a lookup of this script may act on in a word without marks: every
 * glyph a substitution starts at (its first coverage), unless a chained context asks for
 * glyphs no simple character maps to; every glyph a single, cursive or mark positioning covers.
 * Pair kerning is the only positioning left to the pairs.
 */
function scriptPlan(face: FontFace, script: string): ScriptPlan {
  const font = face.font;
  const ot = font as unknown as OpenTypeFont;
  const unsafe = new Uint8Array(font.numGlyphs);
  const mark = (g: number) => {
    if (g < unsafe.length) unsafe[g] = 1;
  };
  const pairs = new Map<number, number>();
  const kerning: PairTable[][] = [];
  const ligatureSeconds = new Map<number, Set<number>>();
  const inner = (t: SubTable, type: number, extension: number) =>
    type === extension && t.extension ? { table: t.extension, type: t.lookupType ?? 0 } : { table: t, type };
  for (const lookup of lookupsFor(ot.GSUB, script).lookups)
    for (const sub of lookup.subTables) {
      const { table, type } = inner(sub, lookup.lookupType, 7);
      if (type === 4 && plainLookup(lookup)) markLigatureStarts(table, unsafe, ligatureSeconds);
      else if (type === 6 && table.version === 2) markChainClassRules(face, table, mark);
      else if (type === 6 && table.version === 1) markChainGlyphRules(face, table, mark);
      else if (type === 6 && table.version === 3) {
        const all = [
          ...(table.backtrackCoverage ?? []),
          ...(table.inputCoverage ?? []),
          ...(table.lookaheadCoverage ?? []),
        ];
        if (all.every((c) => coversSimple(face, c))) coveredGlyphs(table.inputCoverage?.[0], mark);
      } else if (type === 5 && table.version === 3) {
        if ((table.coverages ?? []).every((c) => coversSimple(face, c))) coveredGlyphs(table.coverages?.[0], mark);
      } else coveredGlyphs(table.coverage, mark);
    }
  const positioning = lookupsFor(ot.GPOS, script);
  // A `kern` table (used when GPOS has no kern feature) may be a state machine: not modelled.
  if (!positioning.kern && "kern" in (font as unknown as { directory: { tables: object } }).directory.tables)
    return { usable: false, unsafe, kerning, pairs, ligatureSeconds };
  for (const lookup of positioning.lookups) {
    if (lookup.flags.flags?.ignoreBaseGlyphs) return { usable: false, unsafe, kerning, pairs, ligatureSeconds };
    const pairTables: PairTable[] = [];
    for (const sub of lookup.subTables) {
      const { table, type } = inner(sub, lookup.lookupType, 9);
      if (type === 2) {
        const pairTable = table as unknown as PairTable;
        if (pairTable.version !== 1 && pairTable.version !== 2)
          return { usable: false, unsafe, kerning, pairs, ligatureSeconds };
        pairTables.push(pairTable);
        continue;
      }
      if (type === 4 || type === 5) coveredGlyphs(table.markCoverage, mark);
      else if (type === 6) coveredGlyphs(table.mark1Coverage, mark);
      else if (type === 1 || type === 3) coveredGlyphs(table.coverage, mark);
      else return { usable: false, unsafe, kerning, pairs, ligatureSeconds }; // contextual positioning: not modelled
    }
    if (pairTables.length > 0) kerning.push(pairTables);
  }
  return { usable: true, unsafe, kerning, pairs, ligatureSeconds };
}

/**
 * A ligature substitution's first glyphs: each is LIGATURE_START (unless something else made it
 * unsafe), with the glyphs its ligatures continue with. A ligature of one glyph always forms.
 * Only for lookups without flags (plainLookup): with none, the glyph after a ligature's first is
 * the next glyph of the word, nothing skipped.
 */
function markLigatureStarts(table: SubTable, unsafe: Uint8Array, seconds: Map<number, Set<number>>): void {
  let index = 0;
  coveredGlyphs(table.coverage, (g) => {
    const ligatures = table.ligatureSets?.get(index++) ?? [];
    if (g >= unsafe.length || unsafe[g] === 1) return;
    let next = seconds.get(g);
    for (const ligature of ligatures) {
      const second = ligature.components[0];
      if (second === undefined) {
        unsafe[g] = 1;
        return;
      }
      if (!next) seconds.set(g, (next = new Set()));
      next.add(second);
    }
    unsafe[g] = LIGATURE_START;
  });
}

/** A lookup that skips no glyph and attaches nothing: every LookupFlag off. */
function plainLookup(lookup: Lookup): boolean {
  const flags = lookup.flags.flags;
  return (
    !lookup.flags.markAttachmentType &&
    !flags?.rightToLeft &&
    !flags?.ignoreBaseGlyphs &&
    !flags?.ignoreLigatures &&
    !flags?.ignoreMarks &&
    !flags?.useMarkFilteringSet
  );
}

/**
 * A class-based chained context (format 2) starts only at coverage glyphs whose input class has
 * a rule every other class of which some simple glyph is in (class 0, every glyph not listed,
 * always is). DejaVu's ccmp rules for i and j ask for a combining mark after them.
 */
function markChainClassRules(face: FontFace, table: SubTable, mark: (glyph: number) => void): void {
  const simple = simpleGlyphSet(face);
  const classesOf = new Map<ClassDef | undefined, Set<number>>();
  const hasSimple = (classDef: ClassDef | undefined, klass: number) => {
    if (klass === 0) return true;
    let classes = classesOf.get(classDef);
    if (!classes) classesOf.set(classDef, (classes = classesWithSimpleGlyphs(classDef, simple)));
    return classes.has(klass);
  };
  const live = new Set<number>();
  let klass = 0;
  for (const rules of table.chainClassSet ?? []) {
    const canMatch = (rule: ChainRule) =>
      rule.backtrack.every((c) => hasSimple(table.backtrackClassDef, c)) &&
      rule.input.every((c) => hasSimple(table.inputClassDef, c)) &&
      rule.lookahead.every((c) => hasSimple(table.lookaheadClassDef, c));
    if (rules?.some(canMatch)) live.add(klass);
    klass++;
  }
  coveredGlyphs(table.coverage, (g) => {
    if (live.has(classOf(table.inputClassDef, g))) mark(g);
  });
}

/** The classes of a class definition that hold a simple glyph (read from the definition, not per glyph). */
function classesWithSimpleGlyphs(classDef: ClassDef | undefined, simple: ReadonlySet<number>): Set<number> {
  const classes = new Set<number>();
  if (classDef?.version === 1) {
    const start = classDef.startGlyph ?? 0;
    classDef.classValueArray?.forEach((klass, i) => {
      if (simple.has(start + i)) classes.add(klass);
    });
  } else
    for (const range of classDef?.classRangeRecord ?? [])
      if (!classes.has(range.class))
        for (let g = range.start; g <= range.end; g++)
          if (simple.has(g)) {
            classes.add(range.class);
            break;
          }
  return classes;
}

/** A glyph-based chained context (format 1): the same, with glyphs for classes. */
function markChainGlyphRules(face: FontFace, table: SubTable, mark: (glyph: number) => void): void {
  const simple = simpleGlyphSet(face);
  const sets = [...(table.chainRuleSets ?? [])];
  let index = 0;
  coveredGlyphs(table.coverage, (g) => {
    const rules = sets[index++];
    const canMatch = (rule: ChainRule) =>
      [...rule.backtrack, ...rule.input, ...rule.lookahead].every((glyph) => simple.has(glyph));
    if (rules?.some(canMatch)) mark(g);
  });
}

function simpleGlyphSet(face: FontFace): Set<number> {
  const tables = faceTables(face);
  return simpleGlyphs.get(tables) ?? collectSimpleGlyphs(face, tables);
}

/** Whether a coverage holds any glyph a character this path accepts maps to (else a context needing it never matches). */
function coversSimple(face: FontFace, coverage: Coverage): boolean {
  const simple = simpleGlyphSet(face);
  let found = false;
  coveredGlyphs(coverage, (g) => {
    if (simple.has(g)) found = true;
  });
  return found;
}

const simpleGlyphs = new WeakMap<FaceTables, Set<number>>();

function collectSimpleGlyphs(face: FontFace, tables: FaceTables): Set<number> {
  const set = new Set<number>();
  // Not font.characterSet: fontkit lists every code point of the cmap for it, thousands of them.
  for (let code = 0x20; code < LIMIT; code++) {
    let glyph = tables.glyphs[code]!;
    if (glyph === NOT_LOOKED_UP) glyph = lookUp(face, tables, code);
    if (glyph >= 0) set.add(glyph);
  }
  simpleGlyphs.set(tables, set);
  return set;
}
