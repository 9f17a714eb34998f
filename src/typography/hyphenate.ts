import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arrayBytes, BoundedCache, memoizeFew, stringBytes } from "../core/boundedCache.js";
import { sha256 } from "../core/hash.js";
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

/**
 * A pattern set as the `hyphen` package ships it: each pattern's levels, the patterns as a trie
 * (a node is a branch, a pattern's index, or both), and the exceptions' markers (word → offsets).
 */
interface Trie {
  readonly [letter: string]: TrieNode | undefined;
}
type TrieNode = Trie | number | readonly [Trie, number];
type PatternSet = readonly [
  readonly (readonly number[])[],
  Trie,
  Readonly<Record<string, readonly number[]>> | undefined,
];
const require = createRequire(import.meta.url);
const loaded = new Map<string, PatternSet>();

/** The `hyphen` package's pattern sets tilpress uses. */
export const PATTERN_IDS = ["ru", "en-us"] as const;
type PatternId = (typeof PATTERN_IDS)[number];

/** Patterns are loaded on first use: a build that sets no Russian page never reads the Russian patterns. */
function patternSet(id: PatternId): PatternSet {
  let set = loaded.get(id);
  // The pattern file alone: the package's `hyphen/<id>` also makes four hyphenators from it.
  if (!set) loaded.set(id, (set = bundledPatternSet(id) ?? (require(`hyphen/patterns/${id}.js`) as PatternSet)));
  return set;
}

/**
 * The bundle's copy of a pattern set as JSON (scripts/bundle.js writes it beside the bundle from
 * the package's file): Node compiles a package's JavaScript from source at every start, and the
 * Russian and English pattern files took 17–21 ms inside `require` in a cold build (`node
 * bench/module-load.js --requires hyphen build --no-cache --quiet --out <dir>`, 3 runs), this
 * 11–12 ms (`bundledPatternSet` in `node bench/profile-functions.js <profile>`). The file's first line is the SHA-256 of the JSON after it: a
 * copy that does not match (a damaged install) is passed over for the package's file, since a
 * damaged set that still parses would hyphenate differently or not at all. Outside the bundle
 * (lib/, the library) there is none: the package's file is loaded.
 */
function bundledPatternSet(id: PatternId): PatternSet | undefined {
  try {
    const text = readFileSync(new URL(`./hyphen-patterns/${id}.patterns`, import.meta.url), "utf8");
    const newline = text.indexOf("\n");
    const json = text.slice(newline + 1);
    if (newline !== 64 || sha256(json) !== text.slice(0, newline)) return undefined;
    return JSON.parse(json) as PatternSet;
  } catch {
    return undefined;
  }
}

const NO_BRANCH: Trie = {};

/**
 * Liang's algorithm over the `hyphen` package's TeX patterns, walked exactly as the package's own
 * `hyphenateWord` walks them, so the offsets are the package's (tests/hyphenation.test.ts holds
 * them to it word for word); its quirks are kept: the first two places of ".word." share a
 * levels offset, and levels written past the word count for where the last two are cleared.
 * Hand-written because the package takes a word through a text reader, verifiers, array slices
 * and a character iterator, and keeps every word it has seen in two caches without a bound: it
 * was 2.7 % of a 40-article build's CPU (192 ms of 7.1 s, 2026-12-03), this a fifth of that.
 */
function patternBreaks(id: PatternId, word: string): readonly number[] {
  const [levelsTable, trie, exceptions] = patternSet(id);
  const lowered = word.toLowerCase();
  const exception = exceptions && Object.hasOwn(exceptions, lowered) ? exceptions[lowered] : undefined;
  if (exception) return exception;
  const chars = `.${lowered}.`;
  const levels = new Array<number>(lowered.length + 1).fill(0);
  for (let from = 0; from + 3 <= chars.length; from++) {
    const at = from === 0 ? 0 : from - 1;
    let branch = trie;
    for (let i = from; i < chars.length; i++) {
      const node = branch[chars[i]!];
      if (node === undefined) break;
      let index = -1;
      if (typeof node === "number") {
        branch = NO_BRANCH;
        index = node;
      } else if (Array.isArray(node)) {
        const [next, own] = node as readonly [Trie, number];
        branch = next;
        index = own;
      } else branch = node as Trie;
      if (index < 0) continue;
      const pattern = levelsTable[index]!;
      for (let k = 0; k < pattern.length; k++) levels[at + k] = Math.max(pattern[k]!, levels[at + k]!);
    }
  }
  levels[0] = levels[1] = levels[levels.length - 1] = levels[levels.length - 2] = 0;
  const breaks: number[] = [];
  for (let i = 0; i < levels.length; i++) if ((levels[i]! & 1) === 1) breaks.push(Math.min(i, lowered.length));
  return breaks;
}

const RULES: Readonly<Record<string, LocaleHyphenation>> = {
  // hyph-ru's own minimums (\lefthyphenmin 2, \righthyphenmin 2).
  ru: { letters: /^[а-яё]+$/iu, left: 2, right: 2, minWord: 5, breaks: (w) => patternBreaks("ru", w) },
  // TeX's for US English: two letters before a break, three after.
  en: { letters: /^[a-z]+$/iu, left: 2, right: 3, minWord: 5, breaks: (w) => patternBreaks("en-us", w) },
  kk: { letters: /^[а-яёәғқңөұүһі]+$/iu, left: 2, right: 2, minWord: 5, breaks: kazakhBreaks },
};

/**
 * Whether tilpress can hyphenate a language (a BCP 47 tag: its primary subtag decides). Asked for
 * every chunk of text a PDF breaks, so answered once per tag (21 ms of a 40-article build's CPU
 * profile when the tag was split every time).
 */
const rulesFor = memoizeFew((lang: string): LocaleHyphenation | undefined => {
  const primary = lang.toLowerCase().split("-")[0]!;
  return Object.hasOwn(RULES, primary) ? RULES[primary] : undefined;
});

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
