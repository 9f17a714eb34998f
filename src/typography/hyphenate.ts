import { createRequire } from "node:module";
import { arrayBytes, BoundedCache, ENTRY_OVERHEAD_BYTES, stringBytes } from "../core/boundedCache.js";
import { kazakhBreaks } from "./hyphenateKazakh.js";

/**
 * Hyphenation: where a word may break at a line's end, for every locale tilpress sets. Russian
 * and English use the TeX hyph-utf8 patterns (Liang's algorithm) from the `hyphen` package;
 * Kazakh has no pattern set and is broken by its syllable rules (hyphenateKazakh.ts). The PDF's
 * line breaker asks for a word's points when the word does not fit; HTML gets soft hyphens for
 * Kazakh, which browsers cannot hyphenate (docs/hyphenation.md).
 */

/** U+00AD: where a browser may break a word with a hyphen, and what a PDF's text layer writes for a drawn one. */
export const SOFT_HYPHEN = "\u00ad";

/** The letters a locale's rules know; a word with any other letter (a Latin name in Russian text) stays whole. */
interface LocaleHyphenation {
  readonly letters: RegExp;
  /** Fewest letters before and after a break. */
  readonly left: number;
  readonly right: number;
  /** The shortest word that is broken. */
  readonly minWord: number;
  /** The break offsets of a lowercase-or-capitalised word of those letters. */
  readonly breaks: (word: string) => readonly number[];
}

/** The `hyphen` package's hyphenator for one pattern set: text in, text with soft hyphens out. */
type PatternHyphenator = (text: string, options?: { readonly minWordLength?: number }) => string;
/** A pattern set as the package ships it: levels, patterns, and the exceptions' markers (word → positions). */
type PatternSet = readonly [unknown, unknown, Readonly<Record<string, unknown>>?];
interface HyphenModule {
  readonly patterns: PatternSet;
}

const require = createRequire(import.meta.url);
const createHyphenator = require("hyphen/hyphen.js") as (patterns: PatternSet) => PatternHyphenator;

/**
 * The `hyphen` package keeps every word a hyphenator has seen, in the hyphenator (the word with
 * its hyphens) and in its pattern set's exceptions (the word's markers), without a bound. So a
 * hyphenator is made here from a copy of the exceptions as shipped, and made afresh once the
 * words it has seen reach HYPHENATION_BYTES (estimated, like the cache below): a worker's memory
 * does not grow with the vocabulary of a long batch.
 */
interface Hyphenator {
  readonly patterns: PatternSet;
  readonly exceptions: Readonly<Record<string, unknown>> | undefined;
  hyphenate: PatternHyphenator | undefined;
  bytes: number;
}

const loaded = new Map<string, Hyphenator>();

/** Patterns are loaded on first use: a build that sets no Russian page never reads the Russian patterns. */
function patterns(id: "ru" | "en-us"): Hyphenator {
  let hyphenator = loaded.get(id);
  if (!hyphenator) {
    const set = (require(`hyphen/${id}`) as HyphenModule).patterns;
    hyphenator = { patterns: set, exceptions: set[2] && { ...set[2] }, hyphenate: undefined, bytes: 0 };
    loaded.set(id, hyphenator);
  }
  if (!hyphenator.hyphenate || hyphenator.bytes > HYPHENATION_BYTES) {
    const [levels, table] = hyphenator.patterns;
    const exceptions = hyphenator.exceptions;
    hyphenator.hyphenate = createHyphenator(exceptions ? [levels, table, { ...exceptions }] : [levels, table]);
    hyphenator.bytes = 0;
  }
  return hyphenator;
}

/** Offsets of the soft hyphens the pattern hyphenator put into a word. */
function patternBreaks(id: "ru" | "en-us", word: string): number[] {
  const hyphenator = patterns(id);
  const marked = hyphenator.hyphenate!(word.toLowerCase(), { minWordLength: 1 });
  // What the package keeps for it: "~word", the hyphenated word, the lowered word and its markers.
  hyphenator.bytes += 3 * stringBytes(marked) + arrayBytes(word.length + 1) + 3 * ENTRY_OVERHEAD_BYTES;
  const breaks: number[] = [];
  let offset = 0;
  for (const part of marked.split(SOFT_HYPHEN).slice(0, -1)) breaks.push((offset += part.length));
  return breaks;
}

const RULES: Readonly<Record<string, LocaleHyphenation>> = {
  // hyph-ru's own minimums (\lefthyphenmin 2, \righthyphenmin 2).
  ru: { letters: /^[а-яё]+$/iu, left: 2, right: 2, minWord: 5, breaks: (w) => patternBreaks("ru", w) },
  // TeX's for US English: two letters before a break, three after.
  en: { letters: /^[a-z]+$/iu, left: 2, right: 3, minWord: 5, breaks: (w) => patternBreaks("en-us", w) },
  kk: { letters: /^[а-яёәғқңөұүһі]+$/iu, left: 2, right: 2, minWord: 5, breaks: kazakhBreaks },
};

/** Whether tilpress can hyphenate a language (a BCP 47 tag: its primary subtag decides). */
function rulesFor(lang: string): LocaleHyphenation | undefined {
  return RULES[lang.toLowerCase().split("-")[0]!];
}

/**
 * Break offsets per language and word: the PDF asks for the same words on every page and in
 * every template. Bound: HYPHENATION_BYTES (estimated) for every language together, the words
 * not used lately dropped first (src/core/boundedCache.ts).
 */
export const HYPHENATION_BYTES = 2 * 1024 * 1024;
/** Exported for bench/memory.js, which reports its size. */
export const HYPHENATION_CACHE = new BoundedCache<LocaleHyphenation, string, readonly number[]>({
  maxBytes: HYPHENATION_BYTES,
  sizeOf: (word, breaks) => stringBytes(word) + (breaks.length ? arrayBytes(breaks.length) : 0),
});
const NO_BREAKS: readonly number[] = [];

/** Where a word (letters only) may break, as offsets before which a hyphen may go. */
function wordBreaks(rules: LocaleHyphenation, word: string): readonly number[] {
  return HYPHENATION_CACHE.get(rules, word, () => {
    if (word.length < rules.minWord || !rules.letters.test(word) || /\p{Lu}/u.test(word.slice(1))) return NO_BREAKS;
    const breaks = rules.breaks(word).filter((at) => at >= rules.left && word.length - at >= rules.right);
    return breaks.length ? breaks : NO_BREAKS;
  });
}

/** A run of letters (with combining marks) inside a chunk of text. */
const LETTER_RUN = /[\p{L}\p{M}]+/gu;
/** A chunk that is one run of letters. */
const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;
/**
 * Chunks left whole: with a digit (100-ден, 2024-жылы, COVID-19), an address (@, /), or a dot
 * between letters (т.б., e.g.): numbers with suffixes, links and abbreviations.
 */
const UNBREAKABLE_CHUNK = /\d|[@/\\]|\p{L}\.\p{L}/u;

/**
 * Where a chunk of text without spaces may break with a hyphen: offsets into the chunk, inside
 * its words (punctuation around a word stays with it). Empty for a language tilpress cannot
 * hyphenate, and for numbers with suffixes, links, abbreviations and words in capitals.
 */
export function hyphenationPoints(chunk: string, lang: string): readonly number[] {
  const rules = rulesFor(lang);
  if (!rules || chunk.length < rules.minWord) return [];
  // Most chunks are one word and nothing else: its own breaks, without the matching below
  // (its iterators and match arrays were a fiftieth of what a build allocated).
  if (LETTERS_ONLY.test(chunk)) return wordBreaks(rules, chunk);
  const points: number[] = [];
  // Words tied by no-break spaces («более 100 человек», «в митингах») are judged one by one:
  // the number stays whole, the word after it still breaks.
  for (const part of chunk.matchAll(/[^\u00a0\u202f]+/gu)) {
    if (UNBREAKABLE_CHUNK.test(part[0])) continue;
    for (const match of part[0].matchAll(LETTER_RUN)) {
      for (const at of wordBreaks(rules, match[0])) points.push(part.index + match.index + at);
    }
  }
  return points;
}

/** Text with a soft hyphen at each hyphenation point of its words, for HTML that browsers cannot hyphenate. */
export function insertSoftHyphens(text: string, lang: string): string {
  if (!rulesFor(lang)) return text;
  return text.replace(/[^\s\u00a0\u202f]+/gu, (chunk) => {
    if (chunk.includes(SOFT_HYPHEN)) return chunk;
    const points = hyphenationPoints(chunk, lang);
    if (points.length === 0) return chunk;
    let out = "";
    let from = 0;
    for (const at of points) {
      out += chunk.slice(from, at) + SOFT_HYPHEN;
      from = at;
    }
    return out + chunk.slice(from);
  });
}

/**
 * Languages browsers hyphenate themselves with CSS `hyphens: auto` and the page's `lang`
 * (Firefox and Safari ship dictionaries for both; Chromium uses the system's). Kazakh is in no
 * browser's list, so its HTML carries soft hyphens instead.
 */
const BROWSERS_HYPHENATE = new Set(["en", "ru"]);

/** Whether HTML in a language needs soft hyphens to be hyphenated at all. */
export function needsSoftHyphens(lang: string): boolean {
  const primary = lang.toLowerCase().split("-")[0]!;
  return RULES[primary] !== undefined && !BROWSERS_HYPHENATE.has(primary);
}
